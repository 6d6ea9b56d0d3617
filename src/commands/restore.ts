import { ArgvBuilder, FILTER_OPTIONS, knownOptions, checkString, oneOf, optionalBoolean, snapshotId, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature, requireFeature } from '../features.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { RestoreStatus, RestoreSummary } from '../types/restore.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export const OVERWRITE_MODES = ['always', 'if-changed', 'if-newer', 'never'] as const;

export interface RestoreOptions extends CallOptions, SnapshotFilterOptions {
  /** The snapshot to restore (default `'latest'`); `'<id>:<folder>'` restores only that folder of it, as the target's root (restic 0.16+). */
  snapshotId?: string;
  /** Where to put the restored files (`--target`). Required. */
  targetDir: string;
  /** Restore only what matches (`--include`). */
  include?: string | readonly string[];
  /** Restore everything but what matches (`--exclude`). */
  exclude?: string | readonly string[];
  /** Case-insensitive include (`--iinclude`). */
  iinclude?: string | readonly string[];
  /** Case-insensitive exclude (`--iexclude`). */
  iexclude?: string | readonly string[];
  /** Read the restored files back and compare (`--verify`). */
  verify?: boolean;
  /** Restore files sparsely (`--sparse`, restic 0.15+). */
  sparse?: boolean;
  /** Only report what would be restored (`--dry-run`, restic 0.17+). */
  dryRun?: boolean;
  /** Delete files in the target that are not in the snapshot (`--delete`, restic 0.17+). */
  delete?: boolean;
  /** When to overwrite existing files (`--overwrite`, restic 0.17+). */
  overwrite?: (typeof OVERWRITE_MODES)[number];
  /** Files of include patterns (`--include-file`, restic 0.17+). */
  includeFile?: string | readonly string[];
  /** Files of exclude patterns (`--exclude-file`, restic 0.17+). */
  excludeFile?: string | readonly string[];
  /** Each progress message (restic 0.16+). */
  onProgress?: (status: RestoreStatus) => void;
}

const RESTORE_OPTIONS = [
  'snapshotId', 'targetDir', 'include', 'exclude', 'iinclude', 'iexclude', 'verify', 'sparse', 'dryRun', 'delete', 'overwrite',
  'includeFile', 'excludeFile', 'onProgress', ...FILTER_OPTIONS,
];

export function restoreArgs(options: RestoreOptions, installed: string): string[] {
  if (options === undefined || options.targetDir === undefined) throw new InvalidArgumentError('targetDir', 'restore needs a target folder');
  knownOptions('restore', options, RESTORE_OPTIONS);
  const target = checkString('targetDir', options.targetDir);
  const id = snapshotId('snapshotId', options.snapshotId ?? 'latest', { subfolder: true });
  if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  if (options.sparse) requireFeature(installed, 'restoreSparse');
  if (options.dryRun) requireFeature(installed, 'restoreDryRun');
  if (options.delete) requireFeature(installed, 'restoreDelete');
  if (options.overwrite !== undefined) requireFeature(installed, 'restoreOverwrite');
  if (options.includeFile !== undefined || options.excludeFile !== undefined) requireFeature(installed, 'restorePatternFiles');
  if (options.onProgress) requireFeature(installed, 'restoreJsonOutput');
  const argv = new ArgvBuilder(['restore'])
    .value('target', target)
    .values('include', stringList('include', options.include))
    .values('exclude', stringList('exclude', options.exclude))
    .values('iinclude', stringList('iinclude', options.iinclude))
    .values('iexclude', stringList('iexclude', options.iexclude))
    .values('include-file', stringList('includeFile', options.includeFile))
    .values('exclude-file', stringList('excludeFile', options.excludeFile))
    .flag('verify', optionalBoolean('verify', options.verify))
    .flag('sparse', optionalBoolean('sparse', options.sparse))
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .flag('delete', optionalBoolean('delete', options.delete))
    .value('overwrite', oneOf('overwrite', options.overwrite, OVERWRITE_MODES));
  return addSnapshotFilters(argv, options).positionals([id]).build();
}

/**
 * `restic restore`. Resolves to restic's summary on restic 0.16+ (which reports restores in
 * JSON); older restic reports nothing countable, and the call resolves to `undefined`.
 */
export async function restore(ctx: CommandContext, options: RestoreOptions): Promise<RestoreSummary | undefined> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = restoreArgs(options, installed);
  const json = hasFeature(installed, 'restoreJsonOutput');
  let summary: RestoreSummary | undefined;
  await ctx.exec({
    name: 'restore',
    args,
    json,
    signal: options.signal,
    onLine: (line) => {
      const message = parseJsonObjectLine(line);
      if (!message) return;
      const type = messageType(message);
      if (type === 'summary') summary = message as RestoreSummary;
      else if (type === 'status') options.onProgress?.(message as RestoreStatus);
    },
  });
  return summary;
}
