import { ArgvBuilder, groupByValue, nonNegativeInteger, optionalBoolean, retentionDuration, snapshotIds, tagFilterValues, type GroupBy, type TagFilter } from '../args.js';
import { InvalidArgumentError, RemoveAllRefusedError, ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../options/gate.js';
import { parseJsonDocument } from '../json.js';
import { resticMessage } from '../process/outcome-error.js';
import { isAtLeast } from '../version.js';
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
  /**
   * Allow a policy that removes every snapshot of a group, `keepTags` that match none for
   * instance. Without it, such a policy throws RemoveAllRefusedError and removes nothing, on
   * every version. On restic 0.14 to 0.16 it turns off resticjs's check (restic there has no
   * such flag and removes what the policy says); on restic 0.17+ it is passed to restic as
   * `--unsafe-allow-remove-all`, which does not lift restic's own refusal of such a policy.
   */
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

/** restic 0.17 refuses, by itself, a policy that would empty a group, and has `--unsafe-allow-remove-all`. */
function refusesRemoveAll(installed: string): boolean {
  return isAtLeast(installed, '0.17.0');
}

export function forgetArgs(options: ForgetOptions, installed: string): string[] {
  const allowRemoveAll = optionalBoolean('unsafeAllowRemoveAll', options.unsafeAllowRemoveAll);
  // Before 0.17 the option only turns resticjs's own check off (see forget()): no flag to pass.
  const passFlag = allowRemoveAll && refusesRemoveAll(installed);
  checkOptions('forget', { ...options, unsafeAllowRemoveAll: passFlag || undefined }, installed);
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
    .flag('unsafe-allow-remove-all', passFlag)
    .flag('prune', prune);
  return addSnapshotFilters(addPruneTuning(argv, options), options).positionals(ids).build();
}

// restic 0.17+'s refusal of a policy that would empty a group (exit 1), in its words of 0.17 to 0.19.
const RESTIC_REFUSAL = /refusing to delete last snapshot of snapshot group/;

/**
 * `restic forget --json`: one entry per group with the snapshots kept and removed and the
 * reasons. restic's decisions are returned as restic made them (they differ between
 * versions for same-day snapshots); only the shape is the same on every version.
 *
 * A policy that would remove every snapshot of a group throws RemoveAllRefusedError and
 * removes nothing, on every version (unless `unsafeAllowRemoveAll`): restic 0.17+ refuses it
 * itself; on older restic the policy is first run with `--dry-run`, and then only the
 * snapshots that dry run chose are forgotten, by ID.
 */
export async function forget(ctx: CommandContext, options: ForgetOptions): Promise<ForgetGroup[]> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = forgetArgs(options ?? {}, installed);
  const byPolicy = !options.snapshotIds?.length;
  // By ID restic prints no groups (with prune, only prune's report on stdout).
  if (!byPolicy) return run(ctx, args, options.signal, { groups: false });
  if (refusesRemoveAll(installed) || options.unsafeAllowRemoveAll) return run(ctx, args, options.signal);
  if (options.dryRun) return refuseEmptiedGroups(await run(ctx, args, options.signal));
  // A dry run of the policy alone: no prune, whose own dry run would only cost time.
  const { prune, maxUnused, maxRepackSize, repackCacheableOnly, repackSmall, repackSmallerThan, repackUncompressed, ...policy } = options;
  const groups = refuseEmptiedGroups(await run(ctx, forgetArgs({ ...policy, dryRun: true }, installed), options.signal));
  const ids = groups.flatMap((group) => (group.remove ?? []).map((snapshot) => snapshot.id));
  const unnamed = ids.find((id) => typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id));
  if (unnamed !== undefined) throw new ResticOutputError('forget --dry-run listed a snapshot to remove without its ID; nothing was removed', JSON.stringify(groups));
  // Nothing to remove: restic would neither remove nor prune.
  if (ids.length === 0) return groups;
  // The real run forgets the IDs the dry run chose, not the policy again: a snapshot written
  // since (a backup in between) is not judged by a check that never saw it, and the run
  // removes exactly what was checked. What it cannot see is another process forgetting this
  // group's kept snapshots in between; restic 0.17+ closes that by checking under its lock.
  const tuning = { prune, maxUnused, maxRepackSize, repackCacheableOnly, repackSmall, repackSmallerThan, repackUncompressed };
  // The dry run's groups are returned: by ID restic prints none.
  await run(ctx, forgetArgs({ snapshotIds: ids as string[], ...tuning }, installed), options.signal, { groups: false });
  return groups;
}

async function run(ctx: CommandContext, args: string[], signal: AbortSignal | undefined, { groups = true } = {}): Promise<ForgetGroup[]> {
  const invocation = { name: 'forget', args, json: true, signal };
  const result = await ctx.run(invocation);
  if (result.exitCode === 1 && RESTIC_REFUSAL.test(result.unredactedStderr ?? result.stderr)) {
    const details = { exitCode: result.exitCode, signal: result.signal, stderr: result.stderr, args: result.args };
    throw new RemoveAllRefusedError(`forget: ${resticMessage(result.stderr)}; nothing was removed`, details);
  }
  const error = ctx.errorFor(result, invocation);
  if (error) throw error;
  if (!groups || result.stdoutText.trim() === '') return [];
  return parseJsonDocument<ForgetGroup[] | null>(result.stdoutText, 'forget') ?? [];
}

/** The groups, unless one of them would keep nothing: then RemoveAllRefusedError, naming them. */
function refuseEmptiedGroups(groups: ForgetGroup[]): ForgetGroup[] {
  const emptied = groups.filter((group) => !group.keep?.length && group.remove?.length);
  if (emptied.length === 0) return groups;
  const names = emptied.map((group) => `host "${group.host}", paths ${JSON.stringify(group.paths ?? [])}, tags ${JSON.stringify(group.tags ?? [])}`);
  throw new RemoveAllRefusedError(
    `forget refused: the policy would remove every snapshot of ${emptied.length === 1 ? 'the group' : `${emptied.length} groups`} ${names.join('; ')}; ` +
      'nothing was removed (check keepTags and the filters, or pass unsafeAllowRemoveAll: true)',
    { groups: emptied },
  );
}
