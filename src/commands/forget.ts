import { nonNegativeInteger, retentionDuration, tagFilterValues, type GroupBy, type TagFilter } from '../shared/checks.js';
import { WHOLE_ID } from '../shared/ids.js';
import { argvOf } from '../options/build.js';
import { defineCommand, flag, repeated, value, type OptionDeclaration } from '../options/declare.js';
import { DRY_RUN, GROUP_BY, SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import { InvalidArgumentError, RemoveAllRefusedError, ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../options/gate.js';
import { parseJsonDocument } from '../json.js';
import { resticMessage } from '../process/outcome-error.js';
import { isAtLeast } from '../version.js';
import type { ForgetGroup } from '../types/forget.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';
import { PRUNE_TUNING, pruneTuningGiven, type PruneTuning } from './prune.js';

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

function keepCount(option: string, value: unknown, installed: string): number | 'unlimited' | undefined {
  if (value !== 'unlimited') return nonNegativeInteger(option, value);
  requireFeature(installed, 'keepUnlimited');
  return value;
}

const count = (name: string): OptionDeclaration => value(name, { check: keepCount, sample: 7 });
const within = (name: string): OptionDeclaration => value(name, { check: retentionDuration, sample: '7d' });

/** restic 0.17 refuses, by itself, a policy that would empty a group, and has `--unsafe-allow-remove-all`. */
function refusesRemoveAll(installed: string): boolean {
  return isAtLeast(installed, '0.17.0');
}

const POLICY = {
  keepLast: count('keep-last'),
  keepHourly: count('keep-hourly'),
  keepDaily: count('keep-daily'),
  keepWeekly: count('keep-weekly'),
  keepMonthly: count('keep-monthly'),
  keepYearly: count('keep-yearly'),
  keepWithin: within('keep-within'),
  keepWithinHourly: within('keep-within-hourly'),
  keepWithinDaily: within('keep-within-daily'),
  keepWithinWeekly: within('keep-within-weekly'),
  keepWithinMonthly: within('keep-within-monthly'),
  keepWithinYearly: within('keep-within-yearly'),
  keepTags: repeated('keep-tag', { check: tagFilterValues, sample: ['t'] }),
} as const;

/** A policy or IDs, not both and not neither; prune's tuning only with prune. */
function policyOrIds(options: ForgetOptions): void {
  const values = options as Record<string, unknown>;
  const policy = Object.keys(POLICY).filter((name) => values[name] !== undefined && !(Array.isArray(values[name]) && (values[name] as unknown[]).length === 0));
  const policyGiven = policy.some((name) => values[name] !== 0);
  const ids = options.snapshotIds?.length ?? 0;
  // restic 0.17+ refuses to run without a policy; older ones silently do nothing. Refuse on every version.
  if (!policyGiven && ids === 0) {
    // A policy of zero counts only is no policy to restic: 0.14 quietly does nothing, 0.17+ fails.
    const why = policy.length > 0 ? 'counts of 0 alone keep nothing and restic treats them as no policy; ' : '';
    throw new InvalidArgumentError('policy', `${why}forget needs a retention policy (keepLast, keepDaily, keepWithin, keepTags, …) or snapshotIds`);
  }
  if (policyGiven && ids > 0) {
    // restic forgets the given IDs and ignores the policy: say so rather than keep more than the caller expects.
    throw new InvalidArgumentError('snapshotIds', 'restic ignores a retention policy when snapshot IDs are given: call forget once with the IDs and once with the policy');
  }
  const tuning = pruneTuningGiven(options);
  if (!options.prune && tuning !== undefined) throw new InvalidArgumentError(tuning, 'only applies together with prune: true');
}

/** `restic forget`: every option, declared once. */
export const forgetCommand = defineCommand<ForgetOptions>({
  call: 'forget',
  command: 'forget',
  options: () => ({
    ...POLICY,
    groupBy: GROUP_BY,
    dryRun: DRY_RUN,
    // Before 0.17 the option only turns resticjs's own check off (see forget()): no flag to pass.
    unsafeAllowRemoveAll: flag('unsafe-allow-remove-all', { since: '0.17.0', omitBefore: true }),
    prune: flag('prune'),
    ...PRUNE_TUNING,
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
  validate: policyOrIds,
});

export function forgetArgs(options: ForgetOptions, installed: string): string[] {
  return argvOf(forgetCommand, options, installed);
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
  const unnamed = ids.find((id) => typeof id !== 'string' || !WHOLE_ID.test(id));
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
