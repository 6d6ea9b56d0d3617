import { groupByValue, snapshotId, snapshotIds, tagFilterValues, tagList } from '../shared/checks.js';
import { flag, positional, repeated, value, type Check, type OptionDeclaration } from './declare.js';
import { requireFeature } from './gate.js';
import { InvalidArgumentError } from '../errors.js';

/**
 * Options that several commands share, declared once: a flag's name is written here or in
 * its one command module, never in two places.
 */

/** `--dry-run`: only report what would be done. */
export const DRY_RUN = flag('dry-run');

/** `--force`. */
export const FORCE = flag('force');

const tag = (check: Check, sample: unknown): OptionDeclaration => repeated('tag', { check, sample });

/** Tags to set on a snapshot: one `--tag` each, no commas. */
export const TAGS_TO_SET = tag(tagList, ['t']);

/** `--host` with one host name (the host a new snapshot records). */
export const HOST_NAME = value('host');

/** Which snapshots a command works on: restic's `--host`, `--tag` and `--path` filters. */
export const SNAPSHOT_FILTERS = {
  host: repeated('host'),
  tags: tag(tagFilterValues, [['a', 'b']]),
  paths: repeated('path'),
} as const;

/** `--group-by`: how snapshots are grouped (`'host,paths'`, `['host']`, '' for one group). */
export const GROUP_BY = value('group-by', { check: groupByValue, sample: ['host'] });

/** Snapshot IDs after `--` (`latest` or hexadecimal prefixes). */
export const SNAPSHOT_IDS = positional({ check: snapshotIds, sample: ['latest'] });

/** Patterns that pick what to leave out or keep, and files of them. */
export const PATTERNS = {
  exclude: repeated('exclude'),
  iexclude: repeated('iexclude'),
  excludeFile: repeated('exclude-file'),
  iexcludeFile: repeated('iexclude-file'),
  include: repeated('include'),
  iinclude: repeated('iinclude'),
  includeFile: repeated('include-file'),
  iincludeFile: repeated('iinclude-file'),
} as const;


/**
 * A snapshot, or a folder of one as `<id>:<folder>` (restic 0.16+): the one check of that
 * form, for every command that takes it. Only the ID's colon counts, not a later path's.
 * `latest: false` where restic wants an ID (`cat tree` finds no snapshot named `latest`).
 */
export function snapshotWithFolder(option: string, v: unknown, installed: string, { latest = true } = {}): string {
  const id = snapshotId(option, v, { subfolder: true });
  if (!latest && id.startsWith('latest')) throw new InvalidArgumentError(option, `expected a hexadecimal snapshot ID (restic takes no 'latest' here), got '${id}'`);
  if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  return id;
}

/** `--reverse`: oldest first (restic 0.18+). */
export const REVERSE = flag('reverse', { since: '0.18.0' });

/** `--target`: where a command writes (a file for dump, a folder for restore). */
export const TARGET = value('target');

/** `--forget`: remove the snapshots that were rewritten or repaired, once the new ones are written. */
export const FORGET_REPLACED = flag('forget');
