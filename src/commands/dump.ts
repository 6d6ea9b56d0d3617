import type { Readable } from 'node:stream';
import { ArgvBuilder, checkString, knownOptions, oneOf, snapshotId } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../options/gate.js';
import { checkOptions, OPTION_TABLE } from '../option-table.js';
import { stoppableReadable } from '../shared/stoppable.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface DumpOptions extends CallOptions, SnapshotFilterOptions {
  /** How a folder is packed: `'tar'` (restic's default) or `'zip'` (`--archive`). A file comes as it is. */
  archive?: 'tar' | 'zip';
}

export function dumpArgs(id: string, path: string, options: DumpOptions, call: 'dump' | 'dumpToFile' = 'dump'): string[] {
  // The version gates of dump's options need the installed version; here only names are checked.
  knownOptions(call, options, Object.keys(OPTION_TABLE[call].options));
  const snapshot = snapshotId('snapshotId', id, { subfolder: true });
  const file = checkString('path', path);
  const argv = new ArgvBuilder(['dump'])
    .value('archive', oneOf('archive', options.archive, ['tar', 'zip'] as const))
    .value('target', call === 'dumpToFile' ? checkString('target', (options as DumpToFileOptions).target) : undefined);
  return addSnapshotFilters(argv, options).positionals([snapshot, file]).build();
}

/**
 * `restic dump`: a file of a snapshot (or a folder as a tar or zip archive) as a Node
 * Readable, streamed with back-pressure, never held whole. Bad arguments throw at once;
 * restic's failures arrive as an 'error' on the stream. Destroying the stream stops restic.
 */
export function dump(context: () => CommandContext, id: string, path: string, options: DumpOptions = {}): Readable {
  const args = dumpArgs(id, path, options);
  return stoppableReadable(async function* bytes(signal): AsyncGenerator<Buffer, void, undefined> {
    const ctx = context();
    const installed = await ctx.resticVersion(signal);
    checkOptions('dump', options, installed);
    // Only the snapshot ID's colon means `<id>:<folder>`; the path may hold colons of its own.
    if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
    yield* ctx.stream({ name: 'dump', args, signal, binaryStdout: true });
  }, options?.signal);
}

export interface DumpToFileOptions extends DumpOptions {
  /** The file to write (`--target`, restic 0.17+); restic writes it itself. */
  target: string;
}

/** `restic dump --target` (restic 0.17+): writes a file of a snapshot (or a folder as an archive) to a file. */
export async function dumpToFile(ctx: CommandContext, id: string, path: string, options: DumpToFileOptions): Promise<void> {
  if (options === undefined || options.target === undefined) throw new InvalidArgumentError('target', 'dumpToFile needs the file to write');
  const args = dumpArgs(id, path, options, 'dumpToFile');
  const installed = await ctx.resticVersion(options.signal);
  checkOptions('dumpToFile', options, installed);
  if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  await ctx.exec({ name: 'dump', args, signal: options.signal });
}
