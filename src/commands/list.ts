import type { CommandContext } from '../executor.js';
import { WHOLE_ID } from '../shared/ids.js';
import { argvOf } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import { oneOf } from '../shared/checks.js';
import { stoppable } from '../shared/stoppable.js';
import type { BlobEntry } from '../types/repository.js';
import { OLDEST_SUPPORTED } from '../version.js';
import type { CallOptions } from './common.js';

/** What `restic list` can list: blobs, or the IDs of one kind of repository file. */
export const LIST_TYPES = ['blobs', 'packs', 'index', 'snapshots', 'keys', 'locks'] as const;
/** One of {@link LIST_TYPES}. */
export type ListType = (typeof LIST_TYPES)[number];

/** `restic list <type>`: whole IDs. */
export interface ListCommands {
  /** Every blob the index knows: its type and ID (`list blobs`). */
  blobs(options?: CallOptions): Promise<BlobEntry[]>;
  /** The IDs of the pack files (`list packs`). */
  packs(options?: CallOptions): Promise<string[]>;
  /** The IDs of the index files (`list index`). */
  index(options?: CallOptions): Promise<string[]>;
  /** The IDs of the snapshots (`list snapshots`). */
  snapshots(options?: CallOptions): Promise<string[]>;
  /** The IDs of the key files (`list keys`). */
  keys(options?: CallOptions): Promise<string[]>;
  /** The IDs of the lock files (`list locks`). */
  locks(options?: CallOptions): Promise<string[]>;
}

/** `restic list <type>`: no option of its own; the type is a word of the command, as in `cat config`. */
export const listCommand = defineCommand<CallOptions>({ call: 'list', command: 'list' });

/** argv of `restic list <type>`; unknown options and types are refused. */
export function listArgs(type: ListType, options: CallOptions = {}): string[] {
  // Nothing of `list` is newer than restic 0.14.0, so the version is not looked up for it.
  return argvOf(listCommand, options, OLDEST_SUPPORTED, {}, ['list', oneOf('type', type, LIST_TYPES) as string]);
}

/** `restic list <type>`, collected: whole IDs. */
export async function listIds(ctx: CommandContext, type: Exclude<ListType, 'blobs'>, options: CallOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of listStream(ctx, type, options)) ids.push(id as string);
  return ids;
}

/** `restic list blobs`, collected. */
async function listBlobs(ctx: CommandContext, options: CallOptions = {}): Promise<BlobEntry[]> {
  const blobs: BlobEntry[] = [];
  for await (const blob of listStream(ctx, 'blobs', options)) blobs.push(blob as BlobEntry);
  return blobs;
}

/** The `list` namespace of an instance: each call with the settings it starts with. */
export function listCommands(context: () => CommandContext): ListCommands {
  return {
    blobs: (options) => listBlobs(context(), options),
    packs: (options) => listIds(context(), 'packs', options),
    index: (options) => listIds(context(), 'index', options),
    snapshots: (options) => listIds(context(), 'snapshots', options),
    keys: (options) => listIds(context(), 'keys', options),
    locks: (options) => listIds(context(), 'locks', options),
  };
}

/** `restic list <type>` as it comes: IDs (for blobs, `{ type, id }`), in constant memory. */
export function listStream(context: CommandContext | (() => CommandContext), type: ListType, options: CallOptions = {}): AsyncGenerator<string | BlobEntry, void, undefined> {
  return stoppable((signal) => listed(context, type, options, signal), options?.signal);
}

async function* listed(context: CommandContext | (() => CommandContext), type: ListType, options: CallOptions, signal: AbortSignal): AsyncGenerator<string | BlobEntry, void, undefined> {
  // Created on the first step, so that bad settings surface where the loop begins.
  const ctx = typeof context === 'function' ? context() : context;
  const args = listArgs(type, options);
  for await (const batch of ctx.stream({ name: `list ${type}`, args, quiet: true, signal })) {
    for (const line of batch) {
      const text = line.trim();
      if (type === 'blobs') {
        const m = /^(\w+) ([0-9a-f]{64})$/.exec(text);
        if (m) yield { type: m[1] as string, id: m[2] as string };
      } else if (WHOLE_ID.test(text)) {
        yield text;
      }
    }
  }
}
