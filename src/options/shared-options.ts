import { groupByValue, snapshotId, snapshotIds, tagFilterValues, tagList } from '../shared/checks.js';
import { flag, positional, repeated, value, type Check, type OptionDeclaration } from './declare.js';
import { requireFeature } from './gate.js';

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

// helper B

/** `--forget`: remove the snapshots that were rewritten or repaired, once the new ones are written. */
export const FORGET_REPLACED = flag('forget');

/** `--reverse` (restic 0.18+): the order reversed (ls, find). */
export const REVERSE = flag('reverse', { since: '0.18.0' });

/** `--target`: where restore writes (and dumpToFile, its file). */
export const TARGET = value('target');

/** A snapshot, or `<snapshot>:<folder>` (restic 0.16+) for that folder of it (restore, ls). */
export const snapshotWithFolder: Check = (option, v, installed) => {
  const id = snapshotId(option, v, { subfolder: true });
  if (id.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  return id;
};
