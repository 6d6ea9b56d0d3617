import type { Readable } from 'node:stream';
import { checkString, oneOf } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand, value, type Check } from '../options/declare.js';
import { SNAPSHOT_FILTERS, snapshotWithFolder, TARGET } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import { ANY_RELEASE } from '../version.js';
import type { CommandContext } from '../executor.js';
import { stoppableReadable } from '../shared/stoppable.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface DumpOptions extends CallOptions, SnapshotFilterOptions {
  /** How a folder is packed: `'tar'` (restic's default) or `'zip'` (`--archive`). A file comes as it is. */
  archive?: 'tar' | 'zip';
}

export interface DumpToFileOptions extends DumpOptions {
  /** The file to write (`--target`, restic 0.17+); restic writes it itself. */
  target: string;
}

const ARCHIVES = ['tar', 'zip'] as const;

/** The options and arguments of both calls, but `target`, in argv's order. */
const ARCHIVE = { archive: value('archive', { check: (option, v) => oneOf(option, v, ARCHIVES), sample: 'zip' }) };
const FILTERS_AND_FILE = {
  ...SNAPSHOT_FILTERS,
  snapshotId: argument({ check: snapshotWithFolder, sample: 'latest' }),
  path: argument({ check: (option, v) => checkString(option, v), sample: '/x' }),
};

const targetFile: Check = (option, v) => {
  if (v === undefined) throw new InvalidArgumentError(option, 'dumpToFile needs the file to write');
  return checkString(option, v);
};

/** `restic dump` to stdout: every option, and the snapshot and path, declared once. */
export const dumpCommand = defineCommand<DumpOptions>({
  call: 'dump',
  command: 'dump',
  options: () => ({ ...ARCHIVE, ...FILTERS_AND_FILE }),
});

/** `restic dump --target` (restic 0.17+): the same, and the file restic writes. */
export const dumpToFileCommand = defineCommand<DumpToFileOptions>({
  call: 'dumpToFile',
  command: 'dump',
  since: '0.17.0',
  options: () => ({ ...ARCHIVE, target: { ...TARGET, since: '0.17.0', check: targetFile, sample: '/tmp/out' }, ...FILTERS_AND_FILE }),
});

/**
 * dump's argv. Without `installed` it checks names and values only, so that bad arguments
 * throw at once; the version gates run when it is called again with the installed version.
 */
export function dumpArgs(id: string, path: string, options: DumpOptions, call: 'dump' | 'dumpToFile' = 'dump', installed = ANY_RELEASE): string[] {
  return argvOf(call === 'dump' ? dumpCommand : dumpToFileCommand, options as DumpToFileOptions, installed, { snapshotId: id, path });
}

/**
 * `restic dump`: a file of a snapshot (or a folder as a tar or zip archive) as a Node
 * Readable, streamed with back-pressure, never held whole. Bad arguments throw at once;
 * restic's failures arrive as an 'error' on the stream. Destroying the stream stops restic.
 */
export function dump(context: () => CommandContext, id: string, path: string, options: DumpOptions = {}): Readable {
  dumpArgs(id, path, options);
  return stoppableReadable(async function* bytes(signal): AsyncGenerator<Buffer, void, undefined> {
    const ctx = context();
    const args = dumpArgs(id, path, options, 'dump', await ctx.resticVersion(signal));
    yield* ctx.stream({ name: 'dump', args, signal, binaryStdout: true });
  }, options?.signal);
}

/** `restic dump --target` (restic 0.17+): writes a file of a snapshot (or a folder as an archive) to a file. */
export async function dumpToFile(ctx: CommandContext, id: string, path: string, options: DumpToFileOptions): Promise<void> {
  dumpArgs(id, path, options, 'dumpToFile');
  const args = dumpArgs(id, path, options, 'dumpToFile', await ctx.resticVersion(options?.signal));
  await ctx.exec({ name: 'dump', args, signal: options.signal });
}
