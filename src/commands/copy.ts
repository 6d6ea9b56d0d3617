import { ArgvBuilder, snapshotIds } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';
import { checkOptions } from '../option-table.js';
import { addSourceRepositoryFlags, hasSourceRepository, sourceRepositoryEnvironment, type SourceRepositoryOptions } from './source-repository.js';

export interface CopyOptions extends CallOptions, SnapshotFilterOptions, SourceRepositoryOptions {
  /** Copy only these snapshots of the source (default: all, less those already copied). */
  snapshotIds?: readonly string[];
}

/** One snapshot `copy` wrote: short IDs, as restic prints them. */
export interface CopiedSnapshot {
  /** The snapshot in the source repository. */
  source: string;
  /** The new snapshot in this repository. */
  target: string;
}

/**
 * What `copy` did. restic prints no JSON for copy on any version, so this is read from its
 * text: `copied` lists each snapshot written (restic prints short IDs), and `log` keeps the
 * whole text. Snapshots that were already there are skipped silently by restic.
 */
export interface CopyResult {
  /** The snapshots written, in restic's order. */
  copied: CopiedSnapshot[];
  /** What restic printed on stdout. */
  log: string;
}

export function copyArgs(options: CopyOptions, installed: string): string[] {
  checkOptions('copy', options, installed);
  const argv = addSourceRepositoryFlags(new ArgvBuilder(['copy']), options);
  return addSnapshotFilters(argv, options).positionals(snapshotIds('snapshotIds', options.snapshotIds)).build();
}

/** Reads copy's text: 0.19 says `snapshot NEW saved, copied from source snapshot OLD`; before, `snapshot OLD of […]` comes first and `snapshot NEW saved` later. */
export function parseCopyLog(log: string): CopiedSnapshot[] {
  const copied: CopiedSnapshot[] = [];
  let source: string | undefined;
  for (const line of log.split('\n')) {
    const paired = /^snapshot ([0-9a-f]+) saved, copied from source snapshot ([0-9a-f]+)/.exec(line);
    if (paired) {
      copied.push({ source: paired[2] as string, target: paired[1] as string });
      continue;
    }
    const start = /^snapshot ([0-9a-f]+) of \[/.exec(line);
    if (start) source = start[1];
    const saved = /^snapshot ([0-9a-f]+) saved$/.exec(line.trim());
    if (saved && source) {
      copied.push({ source, target: saved[1] as string });
      source = undefined;
    }
  }
  return copied;
}

/** `restic copy`: copies snapshots from the source repository (`fromRepo`) into this one. */
export async function copy(ctx: CommandContext, options: CopyOptions): Promise<CopyResult> {
  if (!hasSourceRepository(options ?? {})) {
    throw new InvalidArgumentError('fromRepo', 'copy needs the source repository (fromRepo or fromRepositoryFile)');
  }
  const source = sourceRepositoryEnvironment(options);
  const result = await ctx.exec({ name: 'copy', args: copyArgs(options, await ctx.resticVersion(options.signal)), signal: options.signal, env: source.env, secrets: source.secrets });
  const log = result.stdoutText;
  return { copied: parseCopyLog(log), log };
}
