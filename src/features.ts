import { UnsupportedFeatureError } from './errors.js';
import { isAtLeast } from './version.js';

/**
 * The first restic release that has each option or behaviour resticjs relies on beyond
 * restic 0.14.0 (the oldest release supported; everything not listed here is in 0.14.0).
 * One table, so that a reader can check it against restic's CHANGELOG.md line by line; each
 * entry was checked against restic's release tags (the first tag whose source has the flag).
 */
export const FEATURES = {
  // output
  initJsonOutput: { since: '0.15.0', label: 'init JSON output' },
  checkJsonOutput: { since: '0.18.0', label: 'check JSON summary' },
  // global flags
  retryLock: { since: '0.16.0', label: 'retryLock (--retry-lock)' },
  insecureNoPassword: { since: '0.17.0', label: 'insecureNoPassword (--insecure-no-password)' },
  // backup
  backupGroupBy: { since: '0.16.0', label: 'backup groupBy (--group-by)' },
  backupSkipIfUnchanged: { since: '0.17.0', label: 'backup skipIfUnchanged (--skip-if-unchanged)' },
  backupNoScan: { since: '0.15.0', label: 'backup noScan (--no-scan)' },
  backupReadConcurrency: { since: '0.15.0', label: 'backup readConcurrency (--read-concurrency)' },
  backupStdinFromCommand: { since: '0.17.0', label: 'backup stdinFromCommand (--stdin-from-command)' },
  // restore
  restoreJsonOutput: { since: '0.16.0', label: 'restore onProgress (JSON progress of restore)' },
  restoreSparse: { since: '0.15.0', label: 'restore sparse (--sparse)' },
  restoreDryRun: { since: '0.17.0', label: 'restore dryRun (--dry-run)' },
  restoreDelete: { since: '0.17.0', label: 'restore delete (--delete)' },
  restoreOverwrite: { since: '0.17.0', label: 'restore overwrite (--overwrite)' },
  restorePatternFiles: { since: '0.17.0', label: 'restore includeFile/excludeFile/iincludeFile/iexcludeFile' },
  // commands
  rewrite: { since: '0.15.0', label: 'rewrite' },
  generatePowershell: { since: '0.15.0', label: 'generate powershellCompletionPath (--powershell-completion)' },
  // snapshot selection
  snapshotSubfolder: { since: '0.16.0', label: 'snapshot ID with a subfolder (`<id>:<path>`)' },
  checkSnapshotFilters: { since: '0.19.0', label: 'check host/tags/paths filters' },
  // find
  findReverse: { since: '0.18.0', label: 'find reverse (--reverse)' },
} as const satisfies Record<string, { since: string; label: string }>;

export type FeatureName = keyof typeof FEATURES;

export function hasFeature(installedVersion: string, feature: FeatureName): boolean {
  return isAtLeast(installedVersion, FEATURES[feature].since);
}

/** Throws UnsupportedFeatureError, naming the release that added `feature`, when the installed restic is older. */
export function requireFeature(installedVersion: string, feature: FeatureName): void {
  const { since, label } = FEATURES[feature];
  if (!isAtLeast(installedVersion, since)) throw new UnsupportedFeatureError(label, since, installedVersion);
}
