import { UnsupportedFeatureError } from './errors.js';
import { knownOptions } from './options/known-options.js';
import { requireFeature } from './options/gate.js';
import type { CommandSpec, OptionDeclaration } from './options/declare.js';
import { backupCommand } from './commands/backup.js';
import { forgetCommand } from './commands/forget.js';
import { keyAddCommand, keyListCommand, keyPasswdCommand, keyRemoveCommand } from './commands/key.js';
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
import { isAtLeast } from './version.js';

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

/** A declared option as the table shows it: its flags and the release that added it. */
function optionSpec(declaration: OptionDeclaration): OptionSpec {
  const flags = declaration.flags ?? (declaration.flag === undefined ? null : declaration.flag);
  return declaration.since === undefined ? flags : { flag: flags, since: declaration.since };
}

/** A command's declarations as a row of the table. */
function tableEntry(spec: CommandSpec<never>): CallSpec {
  const options = Object.fromEntries(Object.entries(spec.options).filter(([, d]) => d.kind !== 'argument').map(([name, d]) => [name, optionSpec(d)]));
  return spec.since === undefined ? { command: spec.command, options } : { command: spec.command, since: spec.since, options };
}

/** The commands declared as data (declare.ts), from which their rows of the table are made. */
export const DECLARED_COMMANDS: readonly CommandSpec<never>[] = [
  backupCommand,
  forgetCommand,
  keyAddCommand,
  keyListCommand,
  keyPasswdCommand,
  keyRemoveCommand,
  lsCommand,
  lsNcduCommand,
  migrateCommand,
  mountCommand,
  pruneCommand,
  recoverCommand,
  repairIndexCommand,
  repairPacksCommand,
  repairSnapshotsCommand,
  restoreCommand,
  rewriteCommand,
  selfUpdateCommand,
  snapshotsCommand,
  statsCommand,
  tagCommand,
  unlockCommand,
  versionCommand,
] as CommandSpec<never>[];

const since = (version: string, flag: string | readonly string[] | null): OptionSpec => ({ flag, since: version });
const FILTERS = { host: 'host', tags: 'tag', paths: 'path' } as const;
/** The source repository of copy and init (SourceRepositoryOptions); its secrets travel in the environment. */
const SOURCE_REPOSITORY = {
  fromRepo: 'from-repo',
  fromRepositoryFile: 'from-repository-file',
  fromPassword: null,
  fromPasswordFile: 'from-password-file',
  fromPasswordCommand: 'from-password-command',
  fromKeyHint: 'from-key-hint',
  fromInsecureNoPassword: since('0.17.0', 'from-insecure-no-password'),
} as const;

/**
 * Every option of every call, with the restic flag it maps to and the first release that has
 * it: the one table of what resticjs passes to restic. Each `since` was checked against
 * restic's release tags and its CHANGELOG.md (the first tag whose source registers the flag);
 * `npm run coverage:cli` compares the flags with restic's own `--help`.
 */
const TABLE = {
  /** The instance's settings that become global flags (ResticOptions). */
  global: {
    command: '',
    options: {
      cacert: 'cacert',
      tlsClientCert: 'tls-client-cert',
      insecureTls: 'insecure-tls',
      insecureNoPassword: since('0.17.0', 'insecure-no-password'),
      noCache: 'no-cache',
      cleanupCache: 'cleanup-cache',
      retryLock: since('0.16.0', 'retry-lock'),
      options: 'option',
      compression: 'compression',
      packSize: 'pack-size',
      keyHint: 'key-hint',
      limitUpload: 'limit-upload',
      limitDownload: 'limit-download',
      noLock: 'no-lock',
      noExtraVerify: since('0.16.4', 'no-extra-verify'),
      httpUserAgent: since('0.17.0', 'http-user-agent'),
      stuckRequestTimeout: since('0.17.1', 'stuck-request-timeout'),
      // Through restic's environment, never argv.
      repository: 'repo',
      repositoryFile: 'repository-file',
      passwordFile: 'password-file',
      passwordCommand: 'password-command',
      cacheDir: 'cache-dir',
    },
  },
  backup: tableEntry(backupCommand),
  cache: { command: 'cache', options: { cleanup: 'cleanup', maxAge: 'max-age', noSize: 'no-size' } },
  cat: { command: 'cat', options: {} },
  check: {
    command: 'check',
    options: {
      readData: 'read-data',
      readDataSubset: 'read-data-subset',
      withCache: 'with-cache',
      host: since('0.19.0', 'host'),
      tags: since('0.19.0', 'tag'),
      paths: since('0.19.0', 'path'),
    },
  },
  copy: {
    command: 'copy',
    options: {
      snapshotIds: null,
      ...SOURCE_REPOSITORY,
      ...FILTERS,
    },
  },
  diff: { command: 'diff', options: { metadata: 'metadata' } },
  dump: { command: 'dump', options: { archive: 'archive', ...FILTERS } },
  dumpToFile: { command: 'dump', since: '0.17.0', options: { archive: 'archive', ...FILTERS, target: since('0.17.0', 'target') } },
  features: { command: 'features', since: '0.17.0', options: {} },
  find: {
    command: 'find',
    options: {
      ignoreCase: 'ignore-case',
      oldest: 'oldest',
      newest: 'newest',
      snapshotIds: 'snapshot',
      reverse: since('0.18.0', 'reverse'),
      ...FILTERS,
    },
  },
  findObjects: {
    command: 'find',
    options: {
      type: ['blob', 'tree', 'pack'],
      showPackId: 'show-pack-id',
      oldest: 'oldest',
      newest: 'newest',
      snapshotIds: 'snapshot',
      reverse: since('0.18.0', 'reverse'),
      ...FILTERS,
    },
  },
  forget: tableEntry(forgetCommand),
  generate: {
    command: 'generate',
    options: {
      bashCompletionPath: 'bash-completion',
      fishCompletionPath: 'fish-completion',
      zshCompletionPath: 'zsh-completion',
      powershellCompletionPath: since('0.15.0', 'powershell-completion'),
      manDirectory: 'man',
    },
  },
  init: {
    command: 'init',
    options: {
      copyChunkerParams: 'copy-chunker-params',
      repositoryVersion: 'repository-version',
      ...SOURCE_REPOSITORY,
    },
  },
  keyAdd: tableEntry(keyAddCommand),
  keyPasswd: tableEntry(keyPasswdCommand),
  keyList: tableEntry(keyListCommand),
  keyRemove: tableEntry(keyRemoveCommand),
  list: { command: 'list', options: {} },
  ls: tableEntry(lsCommand),
  lsNcdu: tableEntry(lsNcduCommand),
  migrate: tableEntry(migrateCommand),
  mount: tableEntry(mountCommand),
  options: { command: 'options', options: {} },
  prune: tableEntry(pruneCommand),
  recover: tableEntry(recoverCommand),
  // restic before 0.16 calls it `rebuild-index`; resticjs runs that name there.
  repairIndex: tableEntry(repairIndexCommand),
  // 0.16.x had it only behind RESTIC_FEATURES=repair-packs-v1.
  repairPacks: tableEntry(repairPacksCommand),
  repairSnapshots: tableEntry(repairSnapshotsCommand),
  restore: tableEntry(restoreCommand),
  rewrite: tableEntry(rewriteCommand),
  selfUpdate: tableEntry(selfUpdateCommand),
  snapshots: tableEntry(snapshotsCommand),
  stats: tableEntry(statsCommand),
  tag: tableEntry(tagCommand),
  unlock: tableEntry(unlockCommand),
  version: tableEntry(versionCommand),
} as const satisfies Record<string, CallSpec>;

/** The calls of the option table: `'backup'`, `'repairIndex'`, `'keyAdd'`, and `'global'` for the settings. */
export type CallName = keyof typeof TABLE;

/**
 * Every option of every call, with the restic flag it maps to and the first restic release
 * that has it: the one table of what resticjs passes to restic (see `TABLE` above for how it
 * was checked). `npm run coverage:cli` compares it with restic's own `--help`.
 */
export const OPTION_TABLE: Readonly<Record<CallName, CallSpec>> = TABLE;

/**
 * Flags of restic 0.19 that no option maps to, and why. `npm run coverage:cli` counts these as
 * covered with their reason; anything else restic's help lists and the table lacks is a gap.
 */
export const FLAGS_NOT_OPTIONS: Readonly<Record<string, string>> = {
  '--json': 'set by resticjs itself on every call whose output it parses',
  '--quiet': 'set by resticjs itself where it reads no progress',
  '--verbose': 'set by resticjs itself: backup passes it when onVerbose is given',
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

function flagLabel(spec: OptionSpec): string {
  const flags = flagsOf(spec);
  return flags.length === 0 ? '' : ` (${flags.map((f) => `--${f}`).join(', ')})`;
}

/** Whether an option's value makes resticjs pass the option to restic (false and empty lists do not). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/**
 * Checks a call's options against the table before anything runs: unknown names are refused
 * (with a suggestion), and an option that the installed restic lacks throws
 * UnsupportedFeatureError naming the release that added it.
 */
export function checkOptions(call: CallName, options: unknown, installed: string): void {
  const spec: CallSpec = OPTION_TABLE[call];
  knownOptions(call, options, Object.keys(spec.options));
  if (spec.since !== undefined && !isAtLeast(installed, spec.since)) {
    // `repairPacks` is `restic repair packs`; `lsNcdu` is a use of `restic ls` that came later than the command.
    const camel = spec.command.replace(/[ -]([a-z])/g, (_, c: string) => c.toUpperCase());
    throw new UnsupportedFeatureError(camel === call ? `restic ${spec.command}` : `${call} (restic ${spec.command})`, spec.since, installed);
  }
  if (options === undefined || options === null) return;
  for (const [name, option] of Object.entries(spec.options)) {
    const first = sinceOf(option);
    if (first !== undefined && isSet((options as Record<string, unknown>)[name]) && !isAtLeast(installed, first)) {
      throw new UnsupportedFeatureError(`${call} ${name}${flagLabel(option)}`, first, installed);
    }
  }
}

/** Whether the settings use a global flag newer than restic 0.14 (or a value that is), which needs the version known. */
export function usesGatedGlobalFlag(settings: object): boolean {
  const values = settings as Record<string, unknown>;
  if (newCompressionMode(values['compression'])) return true;
  return Object.entries(TABLE.global.options).some(([name, option]) => sinceOf(option) !== undefined && isSet(values[name]));
}

/** Throws UnsupportedFeatureError when a setting (or its value) needs a newer restic than the installed one. */
export function requireGlobalFlags(settings: object, installed: string): void {
  const values = settings as Record<string, unknown>;
  for (const [name, option] of Object.entries(TABLE.global.options)) {
    const first = sinceOf(option);
    if (first === undefined || !isSet(values[name]) || isAtLeast(installed, first)) continue;
    throw new UnsupportedFeatureError(`${name}${flagLabel(option)}`, first, installed);
  }
  if (newCompressionMode(values['compression'])) requireFeature(installed, 'compressionFastestBetter');
}

/** The compression modes restic added in 0.19. */
function newCompressionMode(value: unknown): boolean {
  return value === 'fastest' || value === 'better';
}
