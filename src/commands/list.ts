import { ArgvBuilder, oneOf } from '../args.js';
import type { CommandContext } from '../executor.js';
import type { BlobEntry } from '../types/repository.js';
import type { CallOptions } from './common.js';

export const LIST_TYPES = ['blobs', 'packs', 'index', 'snapshots', 'keys', 'locks'] as const;
export type ListType = (typeof LIST_TYPES)[number];

/** `restic list <type>`: one ID a line (for blobs, `data <id>` / `tree <id>`). Locks are not taken for listing locks. */
export async function listIds(ctx: CommandContext, type: Exclude<ListType, 'blobs'>, options: CallOptions = {}): Promise<string[]> {
  const kind = oneOf('type', type, LIST_TYPES);
  const ids: string[] = [];
  await ctx.exec({
    name: `list ${kind}`,
    args: new ArgvBuilder(['list', kind as string]).build(),
    quiet: true,
    signal: options.signal,
    onLine: (line) => {
      const id = line.trim();
      if (/^[0-9a-f]{64}$/.test(id)) ids.push(id);
    },
  });
  return ids;
}

export async function listBlobs(ctx: CommandContext, options: CallOptions = {}): Promise<BlobEntry[]> {
  const blobs: BlobEntry[] = [];
  await ctx.exec({
    name: 'list blobs',
    args: ['list', 'blobs'],
    quiet: true,
    signal: options.signal,
    onLine: (line) => {
      const m = /^(\w+) ([0-9a-f]{64})$/.exec(line.trim());
      if (m) blobs.push({ type: m[1] as string, id: m[2] as string });
    },
  });
  return blobs;
}
