import { ArgvBuilder, checkString, optionalBoolean, snapshotIds, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
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
  /** Keep only what matches (`--include`, restic 0.19+). */
  include?: string | readonly string[];
  /** Files of include patterns (`--include-file`, restic 0.19+). */
  includeFile?: string | readonly string[];
  /** Case-insensitive include (`--iinclude`, restic 0.19+). */
  iinclude?: string | readonly string[];
  /** Files of case-insensitive include patterns (`--iinclude-file`, restic 0.19+). */
  iincludeFile?: string | readonly string[];
  /** Give the snapshots this host name (`--new-host`, restic 0.17+). */
  newHost?: string;
  /** Give the snapshots this time, `YYYY-MM-DD HH:MM:SS` (`--new-time`, restic 0.17+). */
  newTime?: string;
  /** Add a summary (file counts, sizes) to snapshots that lack one (`--snapshot-summary`, restic 0.18+). */
  snapshotSummary?: boolean;
  /** Remove the original snapshots after writing the new ones (`--forget`). */
  forget?: boolean;
  /** Only report what would be done (`--dry-run`). */
  dryRun?: boolean;
  /** The snapshots to rewrite (default: all that match the filters). */
  snapshotIds?: readonly string[];
}

/** One snapshot rewrite wrote; short IDs, as restic prints them. */
export interface RewrittenSnapshot {
  /** The snapshot that was rewritten. */
  source: string;
  /** The new snapshot written in its place. */
  target: string;
}

/** What `rewrite` did, read from its text (it has no JSON). */
export interface RewriteResult {
  /** Each snapshot written, with the one it was made from. */
  rewritten: RewrittenSnapshot[];
  /** Original snapshots removed (with `forget`). */
  removed: string[];
  /** What restic printed on stdout. */
  log: string;
}

export function rewriteArgs(options: RewriteOptions, installed: string): string[] {
  checkOptions('rewrite', options, installed);
  const patterns = {
    exclude: stringList('exclude', options.exclude),
    'exclude-file': stringList('excludeFile', options.excludeFile),
    iexclude: stringList('iexclude', options.iexclude),
    'iexclude-file': stringList('iexcludeFile', options.iexcludeFile),
    include: stringList('include', options.include),
    'include-file': stringList('includeFile', options.includeFile),
    iinclude: stringList('iinclude', options.iinclude),
    'iinclude-file': stringList('iincludeFile', options.iincludeFile),
  };
  const newHost = options.newHost === undefined ? undefined : checkString('newHost', options.newHost);
  const newTime = options.newTime === undefined ? undefined : checkString('newTime', options.newTime);
  const summary = optionalBoolean('snapshotSummary', options.snapshotSummary);
  const filtering = Object.values(patterns).some((list) => list !== undefined && list.length > 0);
  if (!filtering && newHost === undefined && newTime === undefined && !summary) {
    throw new InvalidArgumentError('exclude', 'rewrite needs something to change: patterns to exclude or include, newHost, newTime or snapshotSummary');
  }
  const argv = new ArgvBuilder(['rewrite']);
  for (const [flag, list] of Object.entries(patterns)) argv.values(flag, list);
  argv
    .value('new-host', newHost)
    .value('new-time', newTime)
    .flag('snapshot-summary', summary)
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
