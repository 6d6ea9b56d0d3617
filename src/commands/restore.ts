import { ArgvBuilder, checkString, oneOf, optionalBoolean, snapshotId, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature, requireFeature } from '../options/gate.js';
import { checkOptions } from '../option-table.js';
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
  /**
   * Delete files in the target that are not in the snapshot (`--delete`, restic 0.17+). Needs
   * an explicit `snapshotId`, or `'latest'` (the default) narrowed to one `host` and to `paths`:
   * restic's `latest` is the newest snapshot of any host and paths, and restoring another
   * machine's snapshot with `delete` would delete the rest of the target.
   */
  delete?: boolean;
  /** When to overwrite existing files (`--overwrite`, restic 0.17+). */
  overwrite?: (typeof OVERWRITE_MODES)[number];
  /** Files of include patterns (`--include-file`, restic 0.17+). */
  includeFile?: string | readonly string[];
  /** Files of exclude patterns (`--exclude-file`, restic 0.17+). */
  excludeFile?: string | readonly string[];
  /** Files of case-insensitive include patterns (`--iinclude-file`, restic 0.17+). */
  iincludeFile?: string | readonly string[];
  /** Files of case-insensitive exclude patterns (`--iexclude-file`, restic 0.17+). */
  iexcludeFile?: string | readonly string[];
  /** Restore only extended attributes that match these patterns (`--include-xattr`, restic 0.18+). */
  includeXattr?: string | readonly string[];
  /** Do not restore extended attributes that match these patterns (`--exclude-xattr`, restic 0.18+). */
  excludeXattr?: string | readonly string[];
  /** Set owners by user and group name rather than numeric ID (`--ownership-by-name`, restic 0.19+, not on Windows). */
  ownershipByName?: boolean;
  /** Each progress message (restic 0.16+). */
  onProgress?: (status: RestoreStatus) => void;
}

export function restoreArgs(options: RestoreOptions, installed: string): string[] {
  if (options === undefined || options.targetDir === undefined) throw new InvalidArgumentError('targetDir', 'restore needs a target folder');
  checkOptions('restore', options, installed);
  const target = checkString('targetDir', options.targetDir);
  const id = snapshotId('snapshotId', options.snapshotId ?? 'latest', { subfolder: true });
  if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  const remove = optionalBoolean('delete', options.delete);
  if (remove) checkDeleteSource(id, options);
  const argv = new ArgvBuilder(['restore'])
    .value('target', target)
    .values('include', stringList('include', options.include))
    .values('exclude', stringList('exclude', options.exclude))
    .values('iinclude', stringList('iinclude', options.iinclude))
    .values('iexclude', stringList('iexclude', options.iexclude))
    .values('include-file', stringList('includeFile', options.includeFile))
    .values('exclude-file', stringList('excludeFile', options.excludeFile))
    .values('iinclude-file', stringList('iincludeFile', options.iincludeFile))
    .values('iexclude-file', stringList('iexcludeFile', options.iexcludeFile))
    .values('include-xattr', stringList('includeXattr', options.includeXattr))
    .values('exclude-xattr', stringList('excludeXattr', options.excludeXattr))
    .flag('ownership-by-name', optionalBoolean('ownershipByName', options.ownershipByName))
    .flag('verify', optionalBoolean('verify', options.verify))
    .flag('sparse', optionalBoolean('sparse', options.sparse))
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .flag('delete', remove)
    .value('overwrite', oneOf('overwrite', options.overwrite, OVERWRITE_MODES));
  return addSnapshotFilters(argv, options).positionals([id]).build();
}

/**
 * `delete` removes what the snapshot lacks, so the snapshot must be the one meant: `latest`
 * alone may be another host's or another folder's newest. Several hosts would leave the
 * choice open too (restic takes the newest of any of them).
 */
function checkDeleteSource(id: string, options: RestoreOptions): void {
  if (id !== 'latest' && !id.startsWith('latest:')) return;
  const hosts = stringList('host', options.host) ?? [];
  const paths = stringList('paths', options.paths) ?? [];
  if (hosts.length === 1 && paths.length > 0) return;
  throw new InvalidArgumentError(
    'snapshotId',
    "delete: true needs an explicit snapshotId, or 'latest' narrowed to one host and to paths: " +
      "restic's latest is the newest snapshot of any host and paths, and delete would remove from the target whatever that snapshot lacks",
  );
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
