import { argvOf, commandLine, type CommandLine } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import { SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';
import {
  hasSourceRepository,
  oneOfEachGroup,
  SOURCE_REPOSITORY,
  sourceRepositoryEnvironment,
  sourceRepositorySecrets,
  type SourceRepositoryOptions,
} from './source-repository.js';

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

/** `restic copy`: every option, declared once. */
export const copyCommand = defineCommand<CopyOptions>({
  call: 'copy',
  command: 'copy',
  options: () => ({
    ...SOURCE_REPOSITORY,
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
  validate: (options) => {
    if (!hasSourceRepository(options)) throw new InvalidArgumentError('fromRepo', 'copy needs the source repository (fromRepo or fromRepositoryFile)');
    oneOfEachGroup(options);
  },
});

export function copyArgs(options: CopyOptions, installed: string): string[] {
  return argvOf(copyCommand, options, installed);
}

/** copy's argv, and the source repository's variables (each group given whole). */
export function copyLine(options: CopyOptions, installed: string): CommandLine {
  const { argv, env } = commandLine(copyCommand, options, installed);
  return { argv, env: sourceRepositoryEnvironment(env) };
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
  const { argv, env } = copyLine(options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'copy', args: argv, signal: options.signal, env, secrets: sourceRepositorySecrets(options) });
  const log = result.stdoutText;
  return { copied: parseCopyLog(log), log };
}
