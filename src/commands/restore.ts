import { checkString, oneOf, stringList } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { callback, defineCommand, flag, positional, repeated, since, value } from '../options/declare.js';
import { hasFeature } from '../options/gate.js';
import { DRY_RUN, PATTERNS, SNAPSHOT_FILTERS, TARGET, snapshotWithFolder } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { RestoreStatus, RestoreSummary } from '../types/restore.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

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

function targetFolder(option: string, v: unknown): string {
  if (v === undefined) throw new InvalidArgumentError(option, 'restore needs a target folder');
  return checkString(option, v);
}

/**
 * `delete` removes what the snapshot lacks, so the snapshot must be the one meant: `latest`
 * alone may be another host's or another folder's newest. Several hosts would leave the
 * choice open too (restic takes the newest of any of them).
 */
function checkDeleteSource(options: RestoreOptions): void {
  if (options.delete !== true) return;
  const id = options.snapshotId ?? 'latest';
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

/** `restic restore`: every option, declared once. */
export const restoreCommand = defineCommand<RestoreOptions>({
  call: 'restore',
  command: 'restore',
  options: () => ({
    targetDir: { ...TARGET, check: targetFolder, sample: '/t' },
    include: PATTERNS.include,
    exclude: PATTERNS.exclude,
    iinclude: PATTERNS.iinclude,
    iexclude: PATTERNS.iexclude,
    ...since('0.17.0', {
      includeFile: PATTERNS.includeFile,
      excludeFile: PATTERNS.excludeFile,
      iincludeFile: PATTERNS.iincludeFile,
      iexcludeFile: PATTERNS.iexcludeFile,
    }),
    includeXattr: repeated('include-xattr', { since: '0.18.0' }),
    excludeXattr: repeated('exclude-xattr', { since: '0.18.0' }),
    ownershipByName: flag('ownership-by-name', { since: '0.19.0' }),
    verify: flag('verify'),
    sparse: flag('sparse', { since: '0.15.0' }),
    dryRun: { ...DRY_RUN, since: '0.17.0' },
    delete: flag('delete', { since: '0.17.0' }),
    overwrite: value('overwrite', { since: '0.17.0', check: (option, v) => oneOf(option, v, OVERWRITE_MODES), sample: 'never' }),
    // Progress needs restic's JSON messages of restore.
    onProgress: callback({ since: '0.16.0' }),
    ...SNAPSHOT_FILTERS,
    snapshotId: positional({ check: (option, v, installed) => snapshotWithFolder(option, v ?? 'latest', installed), sample: 'latest' }),
  }),
  validate: checkDeleteSource,
});

export function restoreArgs(options: RestoreOptions, installed: string): string[] {
  return argvOf(restoreCommand, options, installed);
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
