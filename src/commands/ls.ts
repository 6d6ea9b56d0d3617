import type { Readable } from 'node:stream';
import { ArgvBuilder, oneOf, optionalBoolean, snapshotId, stringList } from '../args.js';
import { ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../options/gate.js';
import { parseJsonObjectLine } from '../json.js';
import { checkOptions } from '../option-table.js';
import type { LsMessage, LsNode, LsResult, LsSnapshot } from '../types/ls.js';
import { stoppable, stoppableReadable } from '../shared/stoppable.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

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

export function lsArgs(id: string, options: LsOptions, installed: string): string[] {
  checkOptions('ls', options, installed);
  const snapshot = snapshotId('snapshotId', id, { subfolder: true });
  if (snapshot.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  // `paths` here names what to list inside the snapshot; the snapshot filter is `snapshotPaths`.
  const { paths, snapshotPaths, ...filters } = options;
  const argv = new ArgvBuilder(['ls'])
    .flag('recursive', optionalBoolean('recursive', options.recursive))
    .value('sort', oneOf('sort', options.sort, LS_SORT_KEYS))
    .flag('reverse', optionalBoolean('reverse', options.reverse));
  return addSnapshotFilters(argv, filters)
    .values('path', stringList('snapshotPaths', snapshotPaths))
    .positionals([snapshot, ...(stringList('paths', paths) ?? [])])
    .build();
}

/** The options of `lsNcdu()`: those of `ls()` without `recursive`, `sort` and `reverse`. */
export type LsNcduOptions = Omit<LsOptions, 'recursive' | 'sort' | 'reverse'>;

export function lsNcduArgs(id: string, options: LsNcduOptions, installed: string): string[] {
  checkOptions('lsNcdu', options, installed);
  const snapshot = snapshotId('snapshotId', id, { subfolder: true });
  const { paths, snapshotPaths, ...filters } = options;
  // ncdu's format is restic's only output here: restic refuses --json together with --ncdu.
  const argv = new ArgvBuilder(['ls']).flag('ncdu', true);
  return addSnapshotFilters(argv, filters)
    .values('path', stringList('snapshotPaths', snapshotPaths))
    .positionals([snapshot, ...(stringList('paths', paths) ?? [])])
    .build();
}

/**
 * `restic ls --ncdu` (restic 0.17+): the snapshot in ncdu's export format (a JSON document
 * that `ncdu -f` reads), as a Node Readable streamed with back-pressure, never held whole.
 * Bad arguments throw at once; restic's failures arrive as an 'error' on the stream.
 */
export function lsNcdu(context: () => CommandContext, id: string, options: LsNcduOptions = {}): Readable {
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
      const message = parseJsonObjectLine(line);
      if (!message) continue;
      // restic before 0.17 sends only struct_type.
      const type = message['message_type'] ?? message['struct_type'];
      if (type !== 'snapshot' && type !== 'node') continue;
      if (message['message_type'] === undefined) message['message_type'] = type;
      yield message as unknown as LsMessage;
    }
  }
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
