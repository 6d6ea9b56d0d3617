import { ArgvBuilder, byteSize, FILTER_OPTIONS, groupByValue, knownOptions, maxUnused, nonNegativeInteger, optionalBoolean, retentionDuration, snapshotIds, tagFilterValues, type GroupBy, type TagFilter } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
import type { ForgetGroup } from '../types/forget.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface RetentionPolicy {
  /** Keep the last N snapshots (`--keep-last`). 0 is a value and is passed to restic as 0 (a policy of zeros alone is refused). */
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  /** Keep snapshots newer than this duration before the latest one, e.g. `'1y6m'`, `'14d'` (`--keep-within`). */
  keepWithin?: string;
  keepWithinHourly?: string;
  keepWithinDaily?: string;
  keepWithinWeekly?: string;
  keepWithinMonthly?: string;
  keepWithinYearly?: string;
  /** Keep snapshots with these tags (`--keep-tag`; same OR/AND form as `tags`). */
  keepTags?: TagFilter;
}

export interface ForgetOptions extends CallOptions, SnapshotFilterOptions, RetentionPolicy {
  /** Forget these snapshots. Not together with a policy: restic would ignore the policy. */
  snapshotIds?: readonly string[];
  /** Only report what would be removed (`--dry-run`). */
  dryRun?: boolean;
  /** How snapshots are grouped for the policy (`--group-by`; restic's default is `host,paths`; empty: one group). */
  groupBy?: GroupBy;
  /** Run prune afterwards to free the space (`--prune`). */
  prune?: boolean;
  /** With prune: how much unused space may remain (`--max-unused`, e.g. `'5%'`, `'1G'`, `'unlimited'`). */
  maxUnused?: string;
  /** With prune: at most this much is repacked (`--max-repack-size`, e.g. `'2G'`, or bytes). */
  maxRepackSize?: string | number;
}

const COUNTS = [
  ['keepLast', 'keep-last'],
  ['keepHourly', 'keep-hourly'],
  ['keepDaily', 'keep-daily'],
  ['keepWeekly', 'keep-weekly'],
  ['keepMonthly', 'keep-monthly'],
  ['keepYearly', 'keep-yearly'],
] as const;
const DURATIONS = [
  ['keepWithin', 'keep-within'],
  ['keepWithinHourly', 'keep-within-hourly'],
  ['keepWithinDaily', 'keep-within-daily'],
  ['keepWithinWeekly', 'keep-within-weekly'],
  ['keepWithinMonthly', 'keep-within-monthly'],
  ['keepWithinYearly', 'keep-within-yearly'],
] as const;

const FORGET_OPTIONS = [
  ...COUNTS.map(([option]) => option),
  ...DURATIONS.map(([option]) => option),
  'keepTags', 'snapshotIds', 'dryRun', 'groupBy', 'prune', 'maxUnused', 'maxRepackSize', ...FILTER_OPTIONS,
];

export function forgetArgs(options: ForgetOptions): string[] {
  knownOptions('forget', options, FORGET_OPTIONS);
  const argv = new ArgvBuilder(['forget']);
  let policyGiven = false;
  let zeroCounts = false;
  for (const [option, flag] of COUNTS) {
    const value = nonNegativeInteger(option, options[option]);
    if (value !== undefined && value > 0) policyGiven = true;
    if (value === 0) zeroCounts = true;
    argv.value(flag, value);
  }
  for (const [option, flag] of DURATIONS) {
    const value = retentionDuration(option, options[option]);
    if (value !== undefined) policyGiven = true;
    argv.value(flag, value);
  }
  const keepTags = tagFilterValues('keepTags', options.keepTags);
  if (keepTags?.length) policyGiven = true;
  const ids = snapshotIds('snapshotIds', options.snapshotIds);
  // restic 0.17+ refuses to run without a policy; older ones silently do nothing. Refuse on every version.
  if (!policyGiven && !ids?.length) {
    // A policy of zero counts only is no policy to restic: 0.14 quietly does nothing, 0.17+ fails.
    const why = zeroCounts ? 'counts of 0 alone keep nothing and restic treats them as no policy; ' : '';
    throw new InvalidArgumentError('policy', `${why}forget needs a retention policy (keepLast, keepDaily, keepWithin, keepTags, …) or snapshotIds`);
  }
  if (policyGiven && ids?.length) {
    // restic forgets the given IDs and ignores the policy: say so rather than keep more than the caller expects.
    throw new InvalidArgumentError('snapshotIds', 'restic ignores a retention policy when snapshot IDs are given: call forget once with the IDs and once with the policy');
  }
  const prune = optionalBoolean('prune', options.prune);
  if (!prune && (options.maxUnused !== undefined || options.maxRepackSize !== undefined)) {
    throw new InvalidArgumentError(options.maxUnused !== undefined ? 'maxUnused' : 'maxRepackSize', 'only applies together with prune: true');
  }
  argv
    .values('keep-tag', keepTags)
    .value('group-by', groupByValue('groupBy', options.groupBy))
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .flag('prune', prune)
    .value('max-unused', maxUnused('maxUnused', options.maxUnused))
    .value('max-repack-size', byteSize('maxRepackSize', options.maxRepackSize));
  return addSnapshotFilters(argv, options).positionals(ids).build();
}

/**
 * `restic forget --json`: one entry per group with the snapshots kept and removed and the
 * reasons. restic's decisions are returned as restic made them (they differ between
 * versions for same-day snapshots); only the shape is the same on every version.
 */
export async function forget(ctx: CommandContext, options: ForgetOptions): Promise<ForgetGroup[]> {
  const args = forgetArgs(options ?? {});
  const result = await ctx.exec({ name: 'forget', args, json: true, signal: options.signal });
  // Forgetting by ID alone prints no JSON document.
  if (result.stdoutText.trim() === '') return [];
  return parseJsonDocument<ForgetGroup[] | null>(result.stdoutText, 'forget') ?? [];
}
