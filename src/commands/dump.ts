import { Readable } from 'node:stream';
import { ArgvBuilder, checkString, FILTER_OPTIONS, knownOptions, oneOf, snapshotId } from '../args.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../features.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface DumpOptions extends CallOptions, SnapshotFilterOptions {
  /** How a folder is packed: `'tar'` (restic's default) or `'zip'` (`--archive`). A file comes as it is. */
  archive?: 'tar' | 'zip';
}

export function dumpArgs(id: string, path: string, options: DumpOptions): string[] {
  knownOptions('dump', options, ['archive', ...FILTER_OPTIONS]);
  const snapshot = snapshotId('snapshotId', id, { subfolder: true });
  const file = checkString('path', path);
  const argv = new ArgvBuilder(['dump']).value('archive', oneOf('archive', options.archive, ['tar', 'zip'] as const));
  return addSnapshotFilters(argv, options).positionals([snapshot, file]).build();
}

/**
 * `restic dump`: a file of a snapshot (or a folder as a tar or zip archive) as a Node
 * Readable, streamed with back-pressure, never held whole. Bad arguments throw at once;
 * restic's failures arrive as an 'error' on the stream. Destroying the stream stops restic.
 */
export function dump(context: () => CommandContext, id: string, path: string, options: DumpOptions = {}): Readable {
  const args = dumpArgs(id, path, options);
  async function* bytes(): AsyncGenerator<Buffer, void, undefined> {
    const ctx = context();
    // Only the snapshot ID's colon means `<id>:<folder>`; the path may hold colons of its own.
    if (id.includes(':')) requireFeature(await ctx.resticVersion(options.signal), 'snapshotSubfolder');
    yield* ctx.stream({ name: 'dump', args, signal: options.signal, binaryStdout: true });
  }
  return Readable.from(bytes(), { objectMode: false });
}
