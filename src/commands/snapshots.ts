import { groupByValue, nonNegativeInteger, type GroupBy } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, value } from '../options/declare.js';
import { GROUP_BY, SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
import type { Snapshot, SnapshotGroup } from '../types/snapshot.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface SnapshotsOptions extends CallOptions, SnapshotFilterOptions {
  /** Group the snapshots by `'host'`, `'paths'`, `'tags'` or a combination (`'host,paths'`, `['host', 'paths']`). Empty: no grouping. */
  groupBy?: GroupBy;
  /** Only the latest N snapshots (of each host and path set) (`--latest`). */
  latest?: number;
  /** Only these snapshots (IDs, short IDs or `latest`). */
  snapshotIds?: readonly string[];
}

/** `restic snapshots`: every option, declared once. */
export const snapshotsCommand = defineCommand<SnapshotsOptions>({
  call: 'snapshots',
  command: 'snapshots',
  options: () => ({
    // restic snapshots does not group unless told: an empty grouping passes nothing.
    groupBy: { ...GROUP_BY, check: (option, v) => groupByValue(option, v) || undefined },
    ...SNAPSHOT_FILTERS,
    latest: value('latest', { check: nonNegativeInteger, sample: 1 }),
    snapshotIds: SNAPSHOT_IDS,
  }),
});

export function snapshotsArgs(options: SnapshotsOptions, installed: string): string[] {
  return argvOf(snapshotsCommand, options, installed);
}

/** `restic snapshots --json`: a flat list, or with `groupBy` the list of groups. */
export async function snapshots(ctx: CommandContext, options: SnapshotsOptions = {}): Promise<Snapshot[] | SnapshotGroup[]> {
  const result = await ctx.exec({ name: 'snapshots', args: snapshotsArgs(options, await ctx.resticVersion(options?.signal)), json: true, signal: options.signal });
  // Go prints a nil list as `null`.
  return parseJsonDocument<Snapshot[] | SnapshotGroup[] | null>(result.stdoutText, 'snapshots') ?? [];
}
