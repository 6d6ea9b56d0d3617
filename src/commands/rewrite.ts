import { argvOf } from '../options/build.js';
import { defineCommand, flag, since, value } from '../options/declare.js';
import { DRY_RUN, FORGET_REPLACED, PATTERNS, SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import { isSet } from '../options/gate.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

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

/** What rewrite can change in a snapshot. */
const CHANGES = {
  exclude: PATTERNS.exclude,
  excludeFile: PATTERNS.excludeFile,
  iexclude: PATTERNS.iexclude,
  iexcludeFile: PATTERNS.iexcludeFile,
  ...since('0.19.0', {
    include: PATTERNS.include,
    includeFile: PATTERNS.includeFile,
    iinclude: PATTERNS.iinclude,
    iincludeFile: PATTERNS.iincludeFile,
  }),
  newHost: value('new-host', { since: '0.17.0' }),
  newTime: value('new-time', { since: '0.17.0' }),
  snapshotSummary: flag('snapshot-summary', { since: '0.18.0' }),
} as const;

/** Without a change, restic would write nothing: say so. */
function somethingToChange(options: RewriteOptions): void {
  const values = options as Record<string, unknown>;
  if (!Object.keys(CHANGES).some((name) => isSet(values[name]))) {
    throw new InvalidArgumentError('exclude', 'rewrite needs something to change: patterns to exclude or include, newHost, newTime or snapshotSummary');
  }
}

/** `restic rewrite` (restic 0.15+): every option, declared once. */
export const rewriteCommand = defineCommand<RewriteOptions>({
  call: 'rewrite',
  command: 'rewrite',
  since: '0.15.0',
  options: () => ({
    ...CHANGES,
    forget: FORGET_REPLACED,
    dryRun: DRY_RUN,
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
  validate: somethingToChange,
});

export function rewriteArgs(options: RewriteOptions, installed: string): string[] {
  return argvOf(rewriteCommand, options, installed);
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
