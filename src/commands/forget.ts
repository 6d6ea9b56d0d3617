import { ArgvBuilder, groupByValue, nonNegativeInteger, optionalBoolean, retentionDuration, snapshotIds, tagFilterValues, type GroupBy, type TagFilter } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../features.js';
import { parseJsonDocument } from '../json.js';
import { checkOptions } from '../option-table.js';
import type { ForgetGroup } from '../types/forget.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';
import { addPruneTuning, pruneTuningGiven, type PruneTuning } from './prune.js';

/** A count of snapshots to keep, or `'unlimited'` (restic 0.16+). */
export type KeepCount = number | 'unlimited';

/** Which snapshots `forget` keeps (`--keep-*`); in each group, everything the policy does not keep is removed. */
export interface RetentionPolicy {
  /**
   * Keep the last N snapshots (`--keep-last`). 0 is a value and is passed to restic as 0 (a
   * policy of zeros alone is refused); `'unlimited'` keeps all (restic 0.16+). The same holds
   * for the other counts.
   */
  keepLast?: KeepCount;
  /** Keep the last snapshot of each of the last N hours (`--keep-hourly`). */
  keepHourly?: KeepCount;
  /** Keep the last snapshot of each of the last N days (`--keep-daily`). */
  keepDaily?: KeepCount;
  /** Keep the last snapshot of each of the last N weeks (`--keep-weekly`). */
  keepWeekly?: KeepCount;
  /** Keep the last snapshot of each of the last N months (`--keep-monthly`). */
  keepMonthly?: KeepCount;
  /** Keep the last snapshot of each of the last N years (`--keep-yearly`). */
  keepYearly?: KeepCount;
  /** Keep snapshots newer than this duration before the latest one, e.g. `'1y6m'`, `'14d'` (`--keep-within`). */
  keepWithin?: string;
  /** Keep hourly snapshots newer than this duration before the latest one (`--keep-within-hourly`). */
  keepWithinHourly?: string;
  /** Keep daily snapshots newer than this duration before the latest one (`--keep-within-daily`). */
  keepWithinDaily?: string;
  /** Keep weekly snapshots newer than this duration before the latest one (`--keep-within-weekly`). */
  keepWithinWeekly?: string;
  /** Keep monthly snapshots newer than this duration before the latest one (`--keep-within-monthly`). */
  keepWithinMonthly?: string;
  /** Keep yearly snapshots newer than this duration before the latest one (`--keep-within-yearly`). */
  keepWithinYearly?: string;
  /** Keep snapshots with these tags (`--keep-tag`; same OR/AND form as `tags`). */
  keepTags?: TagFilter;
}

export interface ForgetOptions extends CallOptions, SnapshotFilterOptions, RetentionPolicy, PruneTuning {
  /** Forget these snapshots. Not together with a policy: restic would ignore the policy. */
  snapshotIds?: readonly string[];
  /** Only report what would be removed (`--dry-run`). */
  dryRun?: boolean;
  /** How snapshots are grouped for the policy (`--group-by`; restic's default is `host,paths`; empty: one group). */
  groupBy?: GroupBy;
  /** Run prune afterwards to free the space (`--prune`); the PruneTuning options then apply. */
  prune?: boolean;
  /** Allow a policy that removes every snapshot, `keepTags` that match none for instance (`--unsafe-allow-remove-all`, restic 0.17+). */
  unsafeAllowRemoveAll?: boolean;
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

function keepCount(option: string, value: unknown, installed: string): number | 'unlimited' | undefined {
  if (value !== 'unlimited') return nonNegativeInteger(option, value);
  requireFeature(installed, 'keepUnlimited');
  return value;
}

export function forgetArgs(options: ForgetOptions, installed: string): string[] {
  checkOptions('forget', options, installed);
  const argv = new ArgvBuilder(['forget']);
  let policyGiven = false;
  let zeroCounts = false;
  for (const [option, flag] of COUNTS) {
    const value = keepCount(option, options[option], installed);
    if (value !== undefined && value !== 0) policyGiven = true;
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
  const tuning = pruneTuningGiven(options);
  if (!prune && tuning !== undefined) throw new InvalidArgumentError(tuning, 'only applies together with prune: true');
  argv
    .values('keep-tag', keepTags)
    .value('group-by', groupByValue('groupBy', options.groupBy))
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .flag('unsafe-allow-remove-all', optionalBoolean('unsafeAllowRemoveAll', options.unsafeAllowRemoveAll))
    .flag('prune', prune);
  return addSnapshotFilters(addPruneTuning(argv, options), options).positionals(ids).build();
}

/**
 * `restic forget --json`: one entry per group with the snapshots kept and removed and the
 * reasons. restic's decisions are returned as restic made them (they differ between
 * versions for same-day snapshots); only the shape is the same on every version.
 */
export async function forget(ctx: CommandContext, options: ForgetOptions): Promise<ForgetGroup[]> {
  const args = forgetArgs(options ?? {}, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'forget', args, json: true, signal: options.signal });
  // Forgetting by ID alone prints no JSON document.
  if (result.stdoutText.trim() === '') return [];
  return parseJsonDocument<ForgetGroup[] | null>(result.stdoutText, 'forget') ?? [];
}
