import { oneOf } from '../args.js';
import type { CommandContext } from '../executor.js';
import type { BlobEntry } from '../types/repository.js';
import { stoppable } from '../shared/stoppable.js';
import type { CallOptions } from './common.js';

/** What `restic list` can list: blobs, or the IDs of one kind of repository file. */
export const LIST_TYPES = ['blobs', 'packs', 'index', 'snapshots', 'keys', 'locks'] as const;
/** One of {@link LIST_TYPES}. */
export type ListType = (typeof LIST_TYPES)[number];

/** `restic list <type>`, collected: whole IDs. */
export async function listIds(ctx: CommandContext, type: Exclude<ListType, 'blobs'>, options: CallOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of listStream(ctx, type, options)) ids.push(id as string);
  return ids;
}

/** `restic list blobs`, collected. */
export async function listBlobs(ctx: CommandContext, options: CallOptions = {}): Promise<BlobEntry[]> {
  const blobs: BlobEntry[] = [];
  for await (const blob of listStream(ctx, 'blobs', options)) blobs.push(blob as BlobEntry);
  return blobs;
}

/** `restic list <type>` as it comes: IDs (for blobs, `{ type, id }`), in constant memory. */
export function listStream(context: CommandContext | (() => CommandContext), type: ListType, options: CallOptions = {}): AsyncGenerator<string | BlobEntry, void, undefined> {
  return stoppable((signal) => listed(context, type, signal), options?.signal);
}

async function* listed(context: CommandContext | (() => CommandContext), type: ListType, signal: AbortSignal): AsyncGenerator<string | BlobEntry, void, undefined> {
  // Created on the first step, so that bad settings surface where the loop begins.
  const ctx = typeof context === 'function' ? context() : context;
  const kind = oneOf('type', type, LIST_TYPES) as ListType;
  for await (const batch of ctx.stream({ name: `list ${kind}`, args: ['list', kind], quiet: true, signal })) {
    for (const line of batch) {
      const text = line.trim();
      if (kind === 'blobs') {
        const m = /^(\w+) ([0-9a-f]{64})$/.exec(text);
        if (m) yield { type: m[1] as string, id: m[2] as string };
      } else if (/^[0-9a-f]{64}$/.test(text)) {
        yield text;
      }
    }
  }
}
