import { UnsupportedFeatureError } from '../errors.js';
import { isAtLeast } from '../version.js';
import type { CommandSpec, OptionDeclaration } from './declare.js';

/**
 * The one gate: what the installed restic lacks is refused here, before anything runs, with
 * UnsupportedFeatureError naming the release that added it. Commands and flags carry their
 * release in their declarations (declare.ts); behaviours that are neither, output formats
 * and values of options, are in BEHAVIOURS below. Each release was checked against restic's
 * tags and its CHANGELOG.md.
 */
const BEHAVIOURS = {
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
export type FeatureName = keyof typeof BEHAVIOURS;

/** The first restic release of each behaviour resticjs relies on beyond restic 0.14.0. */
export const FEATURES: Readonly<Record<FeatureName, Feature>> = BEHAVIOURS;

export function hasFeature(installedVersion: string, feature: FeatureName): boolean {
  return isAtLeast(installedVersion, FEATURES[feature].since);
}

/** Throws UnsupportedFeatureError, naming the release that added `feature`, when the installed restic is older. */
export function requireFeature(installedVersion: string, feature: FeatureName): void {
  const { since, label } = FEATURES[feature];
  if (!isAtLeast(installedVersion, since)) throw new UnsupportedFeatureError(label, since, installedVersion);
}

/** Whether a value makes resticjs pass the option to restic (false and empty lists do not). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/** The option's flags, as errors name them: ` (--a, --b)`, or nothing. */
function flagLabel(declaration: OptionDeclaration): string {
  const flags = declaration.flags ?? (declaration.flag === undefined ? [] : [declaration.flag]);
  return flags.length === 0 ? '' : ` (${flags.map((f) => `--${f}`).join(', ')})`;
}

/** Whether an option given in `values` is passed to restic and the installed restic lacks it. */
function lacks(declaration: OptionDeclaration, given: unknown, installed: string): boolean {
  return declaration.since !== undefined && !declaration.omitBefore && isSet(given) && !isAtLeast(installed, declaration.since);
}

/** Refuses the command, and each option given, that the installed restic does not have. */
export function gate(spec: CommandSpec<never>, values: Record<string, unknown>, installed: string): void {
  if (spec.since !== undefined && !isAtLeast(installed, spec.since)) {
    // `repairPacks` is `restic repair packs`; `lsNcdu` is a use of `restic ls` that came later than the command.
    const camel = spec.command.replace(/[ -]([a-z])/g, (_, c: string) => c.toUpperCase());
    throw new UnsupportedFeatureError(camel === spec.call ? `restic ${spec.command}` : `${spec.call} (restic ${spec.command})`, spec.since, installed);
  }
  const prefix = spec.call === 'global' ? '' : `${spec.call} `;
  for (const [name, declaration] of Object.entries(spec.options)) {
    if (lacks(declaration, values[name], installed)) throw new UnsupportedFeatureError(`${prefix}${name}${flagLabel(declaration)}`, declaration.since as string, installed);
  }
}

/** Whether any option given needs a release later than 0.14.0 (so the installed version must be known first). */
export function needsVersion(spec: CommandSpec<never>, values: Record<string, unknown>): boolean {
  return Object.entries(spec.options).some(([name, declaration]) => declaration.since !== undefined && isSet(values[name]));
}
