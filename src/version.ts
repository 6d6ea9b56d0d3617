import { ResticOutputError } from './errors.js';

/** What `version()` resolves to: the keys resticpy returns. */
export interface ResticVersion {
  /** e.g. `0.19.1` */
  restic_version: string;
  /** e.g. `1.26.4` (without the `go` prefix) */
  go_version: string;
  /** e.g. `linux` */
  platform_version: string;
  /** e.g. `amd64` */
  architecture: string;
}

/** A version as three numbers, for comparisons. */
export type VersionTriple = readonly [major: number, minor: number, patch: number];

/**
 * Parses `restic version` text, which every restic prints the same way:
 * `restic 0.14.0 compiled with go1.19.8 on linux/amd64`; builds from git add
 * `(v0.16.4-0-gabc)` or `-dev (compiled manually)` after the version.
 */
export function parseVersionText(text: string): ResticVersion {
  const m = /^restic\s+(\S+)(?:\s+\([^)]*\))?\s+compiled with\s+go(\S+)\s+on\s+([^/\s]+)\/(\S+)/m.exec(text);
  if (!m) throw new ResticOutputError('cannot read the output of `restic version`', text);
  return { restic_version: m[1] as string, go_version: m[2] as string, platform_version: m[3] as string, architecture: m[4] as string };
}

/** `0.17.3` → [0, 17, 3]; `0.18.0-dev` → [0, 18, 0]. */
export function versionTriple(version: string): VersionTriple {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return [0, 0, 0];
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Compares two versions by major, minor and patch: -1, 0 or 1 (suffixes such as `-dev` are ignored). */
export function compareVersions(a: string, b: string): number {
  const x = versionTriple(a);
  const y = versionTriple(b);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function isAtLeast(installed: string, required: string): boolean {
  return compareVersions(installed, required) >= 0;
}

/** The oldest restic release resticjs supports: what is gated against when nothing given needs a later one. */
export const OLDEST_SUPPORTED = '0.14.0';

/** A release newer than any: checks run against it test names and values, and gate nothing. */
export const ANY_RELEASE = '9999.0.0';

/**
 * The versions detected, per binary (see Executor.detectVersion): a path, or a bare name with
 * the PATH it is looked up on (`restic\0/usr/bin:…`). Kept here so that self-update can forget
 * them without importing the executor.
 */
export const versionCache = new Map<string, Promise<ResticVersion>>();

/** Forgets cached versions (after the binary changed, e.g. by self-update). */
export function forgetDetectedVersions(binaryPath?: string): void {
  if (binaryPath === undefined) versionCache.clear();
  else for (const key of versionCache.keys()) if (key === binaryPath || key.startsWith(`${binaryPath}\0`)) versionCache.delete(key);
}
