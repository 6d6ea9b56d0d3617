import { ArgvBuilder, oneOf, snapshotIds } from '../args.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
import { parseJsonDocument } from '../json.js';
import type { StatsResult } from '../types/stats.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

/** The counting modes of `restic stats --mode`. */
export const STATS_MODES = ['restore-size', 'files-by-contents', 'blobs-per-file', 'raw-data'] as const;
/** One of {@link STATS_MODES}. */
export type StatsMode = (typeof STATS_MODES)[number];

export interface StatsOptions extends CallOptions, SnapshotFilterOptions {
  /** What to count (`--mode`); restic's default is `restore-size`. */
  mode?: StatsMode;
  /** Only these snapshots (default: all). */
  snapshotIds?: readonly string[];
}

export function statsArgs(options: StatsOptions, installed: string): string[] {
  checkOptions('stats', options, installed);
  const argv = new ArgvBuilder(['stats']).value('mode', oneOf('mode', options.mode, STATS_MODES));
  return addSnapshotFilters(argv, options).positionals(snapshotIds('snapshotIds', options.snapshotIds)).build();
}

/** `restic stats --json`. */
export async function stats(ctx: CommandContext, options: StatsOptions = {}): Promise<StatsResult> {
  const result = await ctx.exec({ name: 'stats', args: statsArgs(options, await ctx.resticVersion(options.signal)), json: true, signal: options.signal });
  return parseJsonDocument<StatsResult>(result.stdoutText, 'stats');
}
