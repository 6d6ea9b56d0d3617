import { UnsupportedFeatureError } from './errors.js';
import { isAtLeast } from './version.js';

/**
 * The first restic release that has each behaviour resticjs relies on beyond restic 0.14.0
 * (the oldest release supported): output formats and values of options. Flags and commands
 * are in OPTION_TABLE (option-table.ts). Each entry was checked against restic's release tags
 * and its CHANGELOG.md.
 */
const FEATURE_TABLE = {
  // output
  initJsonOutput: { since: '0.15.0', label: 'init JSON output' },
  checkJsonOutput: { since: '0.18.0', label: 'check JSON summary' },
  restoreJsonOutput: { since: '0.16.0', label: 'restore onProgress (JSON progress of restore)' },
  tagJsonOutput: { since: '0.18.0', label: 'tag JSON output' },
  // values
  snapshotSubfolder: { since: '0.16.0', label: 'snapshot ID with a subfolder (`<id>:<path>`)' },
  keepUnlimited: { since: '0.16.0', label: "forget keep counts of 'unlimited'" },
  compressionFastestBetter: { since: '0.19.0', label: "compression 'fastest' and 'better'" },
  // commands
  repairCommand: { since: '0.16.0', label: 'restic repair (restic before 0.16 has rebuild-index only)' },
} as const satisfies Record<string, Feature>;

/** A behaviour that changed between restic releases. */
export interface Feature {
  /** The first restic release that has it. */
  readonly since: string;
  /** How errors name it. */
  readonly label: string;
}

/** The names of the behaviours in FEATURES. */
export type FeatureName = keyof typeof FEATURE_TABLE;

/** The first restic release of each behaviour resticjs relies on beyond restic 0.14.0 (see FEATURE_TABLE). */
export const FEATURES: Readonly<Record<FeatureName, Feature>> = FEATURE_TABLE;

export function hasFeature(installedVersion: string, feature: FeatureName): boolean {
  return isAtLeast(installedVersion, FEATURES[feature].since);
}

/** Throws UnsupportedFeatureError, naming the release that added `feature`, when the installed restic is older. */
export function requireFeature(installedVersion: string, feature: FeatureName): void {
  const { since, label } = FEATURES[feature];
  if (!isAtLeast(installedVersion, since)) throw new UnsupportedFeatureError(label, since, installedVersion);
}
