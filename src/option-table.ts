import type { CommandSpec, OptionDeclaration } from './options/declare.js';
import { backupCommand } from './commands/backup.js';
import { cacheCommand } from './commands/cache.js';
import { catCommand } from './commands/cat.js';
import { checkCommand } from './commands/check.js';
import { copyCommand } from './commands/copy.js';
import { diffCommand } from './commands/diff.js';
import { dumpCommand, dumpToFileCommand } from './commands/dump.js';
import { extendedOptionsCommand } from './commands/extended-options.js';
import { featuresCommand } from './commands/features.js';
import { findCommand, findObjectsCommand } from './commands/find.js';
import { forgetCommand } from './commands/forget.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { keyAddCommand, keyListCommand, keyPasswdCommand, keyRemoveCommand } from './commands/key.js';
import { listCommand } from './commands/list.js';
import { lsCommand, lsNcduCommand } from './commands/ls.js';
import { migrateCommand } from './commands/migrate.js';
import { mountCommand } from './commands/mount.js';
import { pruneCommand } from './commands/prune.js';
import { recoverCommand } from './commands/recover.js';
import { repairIndexCommand, repairPacksCommand, repairSnapshotsCommand } from './commands/repair.js';
import { restoreCommand } from './commands/restore.js';
import { rewriteCommand } from './commands/rewrite.js';
import { selfUpdateCommand } from './commands/self-update.js';
import { snapshotsCommand } from './commands/snapshots.js';
import { statsCommand } from './commands/stats.js';
import { tagCommand } from './commands/tag.js';
import { unlockCommand } from './commands/unlock.js';
import { versionCommand } from './commands/version.js';
import { globalSettings } from './settings.js';

/**
 * An option of a call: the restic flag it becomes, and the first restic release that has it.
 * A bare string (or list, for an option that picks one of several flags) is a flag that
 * restic 0.14.0 (the oldest release supported) already has;
 * `null` is an option that is no flag (a callback, a positional, data for stdin).
 */
export type OptionSpec =
  | string
  | readonly string[]
  | null
  | {
      /** The flag (or flags), as a bare string or list would give it; `null` for no flag. */
      readonly flag: string | readonly string[] | null;
      /** The first restic release that has the option. */
      readonly since: string;
    };

/** One call of the option table: the restic command it runs and how its options map to flags. */
export interface CallSpec {
  /** The restic command the call runs (`'repair index'`, `'key add'`). */
  readonly command: string;
  /** The first restic release that has the command, when later than 0.14.0. */
  readonly since?: string;
  /** Each option of the call (as resticjs names it), with its {@link OptionSpec}. */
  readonly options: Readonly<Record<string, OptionSpec>>;
}

/**
 * Every declared call, by the name OPTION_TABLE gives it (each key is its spec's `call`, which
 * a unit test checks). The commands declare their options; this only collects them.
 */
const SPECS = {
  global: globalSettings,
  backup: backupCommand,
  cache: cacheCommand,
  cat: catCommand,
  check: checkCommand,
  copy: copyCommand,
  diff: diffCommand,
  dump: dumpCommand,
  dumpToFile: dumpToFileCommand,
  features: featuresCommand,
  find: findCommand,
  findObjects: findObjectsCommand,
  forget: forgetCommand,
  generate: generateCommand,
  init: initCommand,
  keyAdd: keyAddCommand,
  keyPasswd: keyPasswdCommand,
  keyList: keyListCommand,
  keyRemove: keyRemoveCommand,
  list: listCommand,
  ls: lsCommand,
  lsNcdu: lsNcduCommand,
  migrate: migrateCommand,
  mount: mountCommand,
  options: extendedOptionsCommand,
  prune: pruneCommand,
  recover: recoverCommand,
  repairIndex: repairIndexCommand,
  repairPacks: repairPacksCommand,
  repairSnapshots: repairSnapshotsCommand,
  restore: restoreCommand,
  rewrite: rewriteCommand,
  selfUpdate: selfUpdateCommand,
  snapshots: snapshotsCommand,
  stats: statsCommand,
  tag: tagCommand,
  unlock: unlockCommand,
  version: versionCommand,
} as const;

/** The calls of the option table: `'backup'`, `'repairIndex'`, `'keyAdd'`, and `'global'` for the settings. */
export type CallName = keyof typeof SPECS;

/** The declarations of every call, for the builder's tests and the table below. */
export const DECLARED_COMMANDS: readonly CommandSpec<never>[] = Object.values(SPECS) as CommandSpec<never>[];

/** A declared option as the table shows it: its flags and the release that added it. */
function optionSpec(declaration: OptionDeclaration): OptionSpec {
  const flags = declaration.flags ?? (declaration.flag === undefined ? null : declaration.flag);
  return declaration.since === undefined ? flags : { flag: flags, since: declaration.since };
}

/** A command's declarations as a row of the table; the method's own parameters are not options. */
function tableEntry(spec: CommandSpec<never>): CallSpec {
  const options = Object.fromEntries(Object.entries(spec.options).filter(([, d]) => d.kind !== 'argument').map(([name, d]) => [name, optionSpec(d)]));
  return spec.since === undefined ? { command: spec.command, options } : { command: spec.command, since: spec.since, options };
}

/**
 * Every option of every call, with the restic flag it maps to and the first restic release
 * that has it: made from the commands' declarations (src/commands/, src/settings.ts), each
 * `since` checked against restic's release tags and its CHANGELOG.md.
 * `npm run coverage:cli` compares it with restic's own `--help`.
 * Each row is made when first read, as the declarations are.
 */
export const OPTION_TABLE: Readonly<Record<CallName, CallSpec>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      Object.entries(SPECS).map(([call, spec]) => {
        let row: CallSpec | undefined;
        return [call, { enumerable: true, get: (): CallSpec => (row ??= tableEntry(spec as CommandSpec<never>)) }];
      }),
    ),
  ),
) as Record<CallName, CallSpec>;

/**
 * Flags of restic 0.19 that no option maps to, and why. `npm run coverage:cli` counts these as
 * covered with their reason; anything else restic's help lists and the table lacks is a gap.
 */
export const FLAGS_NOT_OPTIONS: Readonly<Record<string, string>> = {
  '--json': 'set by resticjs itself on every call whose output it parses',
  '--quiet': 'set by resticjs itself where it reads no progress',
  '--verbose': 'set by resticjs itself: backup passes it when onVerbose is given',
  'ls --ncdu': 'set by resticjs itself: lsNcdu() is ls --ncdu',
  'find --long': 'changes only the text layout; the JSON result always has every field',
  'find --human-readable': 'changes only the text layout; sizes in the JSON result are bytes',
  'ls --long': 'changes only the text layout; the JSON nodes always have every field',
  'ls --human-readable': 'changes only the text layout; sizes in the JSON nodes are bytes',
  'forget --compact': 'changes only the text table; the result is parsed from JSON',
  'snapshots --compact': 'changes only the text table; the result is parsed from JSON',
};

/** The option's flags, without dashes. */
export function flagsOf(spec: OptionSpec): readonly string[] {
  if (spec === null) return [];
  if (typeof spec === 'string') return [spec];
  if (isFlagList(spec)) return spec;
  const flag = spec.flag;
  return flag === null ? [] : typeof flag === 'string' ? [flag] : flag;
}

function isFlagList(spec: OptionSpec): spec is readonly string[] {
  return Array.isArray(spec);
}

/** The first release that has the option, when later than 0.14.0. */
export function sinceOf(spec: OptionSpec): string | undefined {
  return spec === null || typeof spec === 'string' || isFlagList(spec) ? undefined : spec.since;
}
