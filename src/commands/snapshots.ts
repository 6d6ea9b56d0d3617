import { ArgvBuilder, groupByValue, nonNegativeInteger, snapshotIds, type GroupBy } from '../args.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
import { parseJsonDocument } from '../json.js';
import type { Snapshot, SnapshotGroup } from '../types/snapshot.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface SnapshotsOptions extends CallOptions, SnapshotFilterOptions {
  /** Group the snapshots by `'host'`, `'paths'`, `'tags'` or a combination (`'host,paths'`, `['host', 'paths']`). Empty: no grouping. */
  groupBy?: GroupBy;
  /** Only the latest N snapshots (of each host and path set) (`--latest`). */
  latest?: number;
  /** Only these snapshots (IDs, short IDs or `latest`). */
  snapshotIds?: readonly string[];
}

export function snapshotsArgs(options: SnapshotsOptions, installed: string): string[] {
  checkOptions('snapshots', options, installed);
  const groupBy = groupByValue('groupBy', options.groupBy);
  const argv = new ArgvBuilder(['snapshots']).value('group-by', groupBy === '' ? undefined : groupBy);
  return addSnapshotFilters(argv, options)
    .value('latest', nonNegativeInteger('latest', options.latest))
    .positionals(snapshotIds('snapshotIds', options.snapshotIds))
    .build();
}

/** `restic snapshots --json`: a flat list, or with `groupBy` the list of groups. */
export async function snapshots(ctx: CommandContext, options: SnapshotsOptions = {}): Promise<Snapshot[] | SnapshotGroup[]> {
  const result = await ctx.exec({ name: 'snapshots', args: snapshotsArgs(options, await ctx.resticVersion(options.signal)), json: true, signal: options.signal });
  // Go prints a nil list as `null`.
  return parseJsonDocument<Snapshot[] | SnapshotGroup[] | null>(result.stdoutText, 'snapshots') ?? [];
}
