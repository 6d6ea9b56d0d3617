import { ArgvBuilder, FILTER_OPTIONS, knownOptions, optionalBoolean, snapshotIds, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../features.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface RewriteOptions extends CallOptions, SnapshotFilterOptions {
  /** Remove what matches from the snapshots (`--exclude`). */
  exclude?: string | readonly string[];
  /** Files of exclude patterns (`--exclude-file`). */
  excludeFile?: string | readonly string[];
  /** Case-insensitive exclude (`--iexclude`). */
  iexclude?: string | readonly string[];
  /** Files of case-insensitive exclude patterns (`--iexclude-file`). */
  iexcludeFile?: string | readonly string[];
  /** Remove the original snapshots after writing the new ones (`--forget`). */
  forget?: boolean;
  /** Only report what would be done (`--dry-run`). */
  dryRun?: boolean;
  /** The snapshots to rewrite (default: all that match the filters). */
  snapshotIds?: readonly string[];
}

/** One snapshot rewrite wrote; short IDs, as restic prints them. */
export interface RewrittenSnapshot {
  source: string;
  target: string;
}

/** What `rewrite` did, read from its text (it has no JSON). */
export interface RewriteResult {
  rewritten: RewrittenSnapshot[];
  /** Original snapshots removed (with `forget`). */
  removed: string[];
  log: string;
}

export function rewriteArgs(options: RewriteOptions, installed: string): string[] {
  knownOptions('rewrite', options, ['exclude', 'excludeFile', 'iexclude', 'iexcludeFile', 'forget', 'dryRun', 'snapshotIds', ...FILTER_OPTIONS]);
  requireFeature(installed, 'rewrite');
  const exclude = stringList('exclude', options.exclude);
  const excludeFile = stringList('excludeFile', options.excludeFile);
  const iexclude = stringList('iexclude', options.iexclude);
  const iexcludeFile = stringList('iexcludeFile', options.iexcludeFile);
  if (!exclude?.length && !excludeFile?.length && !iexclude?.length && !iexcludeFile?.length) {
    throw new InvalidArgumentError('exclude', 'rewrite needs something to remove: exclude, excludeFile, iexclude or iexcludeFile');
  }
  const argv = new ArgvBuilder(['rewrite'])
    .values('exclude', exclude)
    .values('exclude-file', excludeFile)
    .values('iexclude', iexclude)
    .values('iexclude-file', iexcludeFile)
    .flag('forget', optionalBoolean('forget', options.forget))
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun));
  return addSnapshotFilters(argv, options).positionals(snapshotIds('snapshotIds', options.snapshotIds)).build();
}

export function parseRewriteLog(log: string): Omit<RewriteResult, 'log'> {
  const rewritten: RewrittenSnapshot[] = [];
  const removed: string[] = [];
  let source: string | undefined;
  for (const line of log.split('\n').map((l) => l.trim())) {
    const start = /^snapshot ([0-9a-f]+) of \[/.exec(line);
    if (start) source = start[1];
    const saved = /^saved new snapshot ([0-9a-f]+)$/.exec(line);
    if (saved && source) rewritten.push({ source, target: saved[1] as string });
    const gone = /^removed old snapshot ([0-9a-f]+)$/.exec(line);
    if (gone) removed.push(gone[1] as string);
  }
  return { rewritten, removed };
}

/** `restic rewrite` (restic 0.15+): writes copies of snapshots without the excluded files. */
export async function rewrite(ctx: CommandContext, options: RewriteOptions): Promise<RewriteResult> {
  const args = rewriteArgs(options ?? {}, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'rewrite', args, signal: options.signal });
  return { ...parseRewriteLog(result.stdoutText), log: result.stdoutText };
}
