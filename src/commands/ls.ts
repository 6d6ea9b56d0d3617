import type { Readable } from 'node:stream';
import { oneOf, snapshotId } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand, flag, positional, value } from '../options/declare.js';
import { REVERSE, SNAPSHOT_FILTERS, snapshotWithFolder } from '../options/shared-options.js';
import { ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { parseJsonObjectLine } from '../json.js';
import type { LsMessage, LsNode, LsResult, LsSnapshot } from '../types/ls.js';
import { stoppable, stoppableReadable } from '../shared/stoppable.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface LsOptions extends CallOptions, SnapshotFilterOptions {
  /** Only these folders or files of the snapshot (and, with `recursive`, what is below them). */
  paths?: readonly string[];
  /** With `paths`, list the folders' contents recursively (`--recursive`). */
  recursive?: boolean;
  /** Order of the nodes (`--sort`, restic 0.18+): restic's default is by name. */
  sort?: (typeof LS_SORT_KEYS)[number];
  /** Reverse the order (`--reverse`, restic 0.18+). */
  reverse?: boolean;
  /** With `'latest'`: the latest snapshot that includes this path (or these paths) (`--path`). `paths` names what to list. */
  snapshotPaths?: string | readonly string[];
}

export const LS_SORT_KEYS = ['name', 'size', 'time', 'mtime', 'atime', 'ctime', 'extension'] as const;

/** The options of `lsNcdu()`: those of `ls()` without `recursive`, `sort` and `reverse`. */
export type LsNcduOptions = Omit<LsOptions, 'recursive' | 'sort' | 'reverse'>;

/** What both forms of ls take: which snapshot, and what to list in it. */
const SNAPSHOT_AND_PATHS = {
  // `paths` names what to list inside the snapshot; the snapshot filter is `snapshotPaths`.
  host: SNAPSHOT_FILTERS.host,
  tags: SNAPSHOT_FILTERS.tags,
  snapshotPaths: SNAPSHOT_FILTERS.paths,
  snapshotId: argument({ check: snapshotWithFolder, sample: 'latest' }),
  paths: positional(),
} as const;

/** `restic ls`: every option and the snapshot, declared once. */
export const lsCommand = defineCommand<LsOptions>({
  call: 'ls',
  command: 'ls',
  options: () => ({
    recursive: flag('recursive'),
    sort: value('sort', { since: '0.18.0', check: (option, v) => oneOf(option, v, LS_SORT_KEYS), sample: 'size' }),
    reverse: REVERSE,
    ...SNAPSHOT_AND_PATHS,
  }),
});

/** `restic ls --ncdu` (restic 0.17+): the same listing in ncdu's format, restic's only output there (it refuses --json with it). */
export const lsNcduCommand = defineCommand<LsNcduOptions>({
  call: 'lsNcdu',
  command: 'ls',
  since: '0.17.0',
  fixedFlags: ['ncdu'],
  options: () => (SNAPSHOT_AND_PATHS),
});

export function lsArgs(id: string, options: LsOptions, installed: string): string[] {
  return argvOf(lsCommand, options, installed, { snapshotId: id });
}

export function lsNcduArgs(id: string, options: LsNcduOptions, installed: string): string[] {
  return argvOf(lsNcduCommand, options, installed, { snapshotId: id });
}

/**
 * `restic ls --ncdu` (restic 0.17+): the snapshot in ncdu's export format (a JSON document
 * that `ncdu -f` reads), as a Node Readable streamed with back-pressure, never held whole.
 * Bad arguments throw at once; restic's failures arrive as an 'error' on the stream.
 */
export function lsNcdu(context: () => CommandContext, id: string, options: LsNcduOptions = {}): Readable {
  // The ID's form is checked at once; what needs the installed version, once it is known.
  snapshotId('snapshotId', id, { subfolder: true });
  return stoppableReadable(async function* bytes(signal): AsyncGenerator<Buffer, void, undefined> {
    const ctx = context();
    const args = lsNcduArgs(id, options, await ctx.resticVersion(signal));
    yield* ctx.stream({ name: 'ls', args, signal, binaryStdout: true });
  }, options?.signal);
}

/**
 * `restic ls --json`, as it comes: first the snapshot, then one node a message, in constant
 * memory. Leaving the loop early stops restic, at once. `message_type` is set on every version.
 */
export function lsStream(context: CommandContext | (() => CommandContext), id: string, options: LsOptions = {}): AsyncGenerator<LsMessage, void, undefined> {
  return stoppable((signal) => lsMessages(context, id, options, signal), options?.signal);
}

async function* lsMessages(context: CommandContext | (() => CommandContext), id: string, options: LsOptions, signal: AbortSignal): AsyncGenerator<LsMessage, void, undefined> {
  // Created on the first step, so that bad settings surface where the loop begins.
  const ctx = typeof context === 'function' ? context() : context;
  const args = lsArgs(id, options, await ctx.resticVersion(signal));
  for await (const batch of ctx.stream({ name: 'ls', args, json: true, signal })) {
    for (const line of batch) {
      const message = parseLsLine(line);
      if (message) yield message;
    }
  }
}

/** One line of `restic ls --json`: the snapshot or a node, with `message_type` on every version; anything else is skipped. */
export function parseLsLine(line: string): LsMessage | undefined {
  const message = parseJsonObjectLine(line);
  if (!message) return undefined;
  // restic before 0.17 sends only struct_type.
  const type = message['message_type'] ?? message['struct_type'];
  if (type !== 'snapshot' && type !== 'node') return undefined;
  if (message['message_type'] === undefined) message['message_type'] = type;
  return message as unknown as LsMessage;
}

/** `ls()` collected: `{ snapshot, nodes }`. */
export async function ls(ctx: CommandContext, id: string, options: LsOptions = {}): Promise<LsResult> {
  let snapshot: LsSnapshot | undefined;
  const nodes: LsNode[] = [];
  for await (const message of lsStream(ctx, id, options)) {
    if (message.message_type === 'snapshot') snapshot = message;
    else nodes.push(message);
  }
  if (!snapshot) throw new ResticOutputError('restic ls printed no snapshot', '');
  return { snapshot, nodes };
}
