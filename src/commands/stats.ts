import { oneOf } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, value } from '../options/declare.js';
import { SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
import type { StatsResult } from '../types/stats.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

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

/** `restic stats`: every option, declared once. */
export const statsCommand = defineCommand<StatsOptions>({
  call: 'stats',
  command: 'stats',
  options: () => ({
    mode: value('mode', { check: (option, v) => oneOf(option, v, STATS_MODES), sample: 'raw-data' }),
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
});

export function statsArgs(options: StatsOptions, installed: string): string[] {
  return argvOf(statsCommand, options, installed);
}

/** `restic stats --json`. */
export async function stats(ctx: CommandContext, options: StatsOptions = {}): Promise<StatsResult> {
  const result = await ctx.exec({ name: 'stats', args: statsArgs(options, await ctx.resticVersion(options?.signal)), json: true, signal: options.signal });
  return parseJsonDocument<StatsResult>(result.stdoutText, 'stats');
}
