import type { CommandEvent } from './command-events.js';
import { InvalidArgumentError } from './errors.js';
import { commandLine } from './options/build.js';
import { aString, defineCommand, env, flag, local, repeated, value, type Check, type OptionDeclaration } from './options/declare.js';
import { oneWayEach, type Alternatives } from './options/alternatives.js';
import { EXTENDED_OPTIONS } from './options/extended-options.js';
import { needsVersion, requireFeature } from './options/gate.js';
import type { SpawnFunction } from './process/restic-process.js';
import { goDuration, oneOf, optionalBoolean, positiveInteger, secretString, timerMilliseconds } from './shared/checks.js';
import { isPlainObject } from './shared/plain-object.js';
import { ANY_RELEASE, OLDEST_SUPPORTED } from './version.js';

/** How a `Restic` instance reaches restic and its repository. Every field is also a property of the instance. */
export interface ResticOptions {
  /** The restic executable: a path, or a name looked up on PATH. Default `'restic'`. */
  binaryPath?: string;
  /** The repository: a local path or a backend URL (`rest:…`, `sftp:…`, `s3:…`, `rclone:…`). Passed to restic as `RESTIC_REPOSITORY`, never in argv. */
  repository?: string;
  /** A file that holds the repository location (`RESTIC_REPOSITORY_FILE`). */
  repositoryFile?: string;
  /** The repository password. Given to restic through its environment (`RESTIC_PASSWORD`), never in argv. */
  password?: string;
  /** A file whose first line is the password (`RESTIC_PASSWORD_FILE`). */
  passwordFile?: string;
  /** A command that prints the password (`RESTIC_PASSWORD_COMMAND`), run by restic itself. */
  passwordCommand?: string;
  /**
   * Extra environment variables for restic, typically backend credentials (`AWS_*`, `B2_*`,
   * `RESTIC_REST_PASSWORD`, …). A value of `undefined` removes the variable. Values of
   * variables whose names look secret (KEY, SECRET, TOKEN, PASS, CREDENTIAL, AUTH) are
   * redacted from errors.
   */
  env?: Record<string, string | undefined>;
  /** restic's cache folder (`RESTIC_CACHE_DIR`). */
  cacheDir?: string;
  /** Run without a local cache (`--no-cache`). */
  noCache?: boolean;
  /** Wait up to this long for a lock held by another process (`--retry-lock`, restic 0.16+): `'2m'`, `'30s'`, or seconds as a number. */
  retryLock?: string | number;
  /** CA certificates to trust for TLS backends, files in PEM (`--cacert`). */
  cacert?: string | readonly string[];
  /** A client certificate and key for TLS backends, one PEM file (`--tls-client-cert`). */
  tlsClientCert?: string;
  /** Skip TLS certificate verification (`--insecure-tls`); for tests, never for real data. */
  insecureTls?: boolean;
  /** restic's extended options (`-o key=value`), e.g. `{ 'sftp.command': 'ssh -p 2222 host -s sftp' }`. */
  options?: Record<string, string | number | boolean>;
  /** Allow a repository with an empty password (`--insecure-no-password`, restic 0.17+). */
  insecureNoPassword?: boolean;
  /** Remove cache folders of other repositories that restic has not used for a long time (`--cleanup-cache`). */
  cleanupCache?: boolean;
  /** How new data is compressed, repository format 2 only (`--compression`): `'fastest'` and `'better'` need restic 0.19+. */
  compression?: (typeof COMPRESSION_MODES)[number];
  /** Target size of new pack files in MiB (`--pack-size`). */
  packSize?: number;
  /** The ID of the key to try first (`--key-hint`). */
  keyHint?: string;
  /** Upload at most this many KiB/s (`--limit-upload`). */
  limitUpload?: number;
  /** Download at most this many KiB/s (`--limit-download`). */
  limitDownload?: number;
  /** Do not lock the repository (`--no-lock`): for read-only repositories; restic honours it on commands that only read, and commands that write lock anyway. */
  noLock?: boolean;
  /** Skip the extra check of data before upload (`--no-extra-verify`, restic 0.16.4+). */
  noExtraVerify?: boolean;
  /** The User-Agent of restic's HTTP requests (`--http-user-agent`, restic 0.17+). */
  httpUserAgent?: string;
  /** Retry a backend request that has made no progress for this long (`--stuck-request-timeout`, restic 0.17.1+): `'5m'`, or seconds as a number. */
  stuckRequestTimeout?: string | number;
  /**
   * `'native'`: answer `snapshots`, `ls`, `lsStream`, `find` and `dump` of a file with a
   * ResticReader (`resticjs/reader`) that the instance keeps open, instead of a restic process
   * per call (one key derivation instead of one per call). Only for local, REST and S3 repositories
   * with a password, password file or password command set on the instance; calls with options
   * the reader lacks, and every write, still run restic. `close()` zeroes the reader's key, and
   * so does `readerIdleTimeoutMs`. Default `'cli'`.
   */
  reads?: 'cli' | 'native';
  /**
   * With `reads: 'native'`: close the instance's reader, zeroing its key, after this many
   * milliseconds without a read; the next read opens it again (one key derivation). Default:
   * kept open until `close()`.
   */
  readerIdleTimeoutMs?: number;
  /** Start restic with the parent process's environment (default `true`). `false` passes only PATH, HOME, TMPDIR, LANG, TZ and the instance's own settings. */
  inheritEnv?: boolean;
  /** How long restic may take to exit after an abort (SIGINT) before it is killed (default 10 000 ms). */
  killGracePeriodMs?: number;
  /** Replaces `child_process.spawn` (for instrumentation and tests). */
  spawn?: SpawnFunction;
  /**
   * Called as each restic process of the instance starts and as it ends (see CommandEvent), with
   * every secret masked in argv. What it throws or rejects with never reaches the call: the first
   * failure of each hook is a process warning (`RESTICJS_ONCOMMAND_FAILED`), later ones are dropped.
   */
  onCommand?: (event: CommandEvent) => void | Promise<void>;
}

/** The values of the `compression` setting (`--compression`); `fastest` and `better` need restic 0.19+. */
export const COMPRESSION_MODES = ['auto', 'off', 'max', 'fastest', 'better'] as const;
/** The compression modes restic added in 0.19. */
const NEWER_COMPRESSION_MODES: readonly unknown[] = ['fastest', 'better'];

/** The settings of one call: the instance's, frozen when the call starts, so a later change affects only later calls. */
export type CallSettings = Readonly<ResticOptions>;

function compressionMode(option: string, mode: unknown, installed: string): string | undefined {
  const checked = oneOf(option, mode, COMPRESSION_MODES);
  if (NEWER_COMPRESSION_MODES.includes(checked)) requireFeature(installed, 'compressionFastestBetter');
  return checked;
}

function variables(option: string, env: unknown): unknown {
  if (env === undefined) return undefined;
  if (!isPlainObject(env)) throw new InvalidArgumentError(option, 'expected a plain object of variable names and string values');
  for (const [key, value] of Object.entries(env)) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw new InvalidArgumentError(`${option}['${key}']`, 'not a valid variable name');
    if (value !== undefined && (typeof value !== 'string' || value.includes('\0'))) {
      throw new InvalidArgumentError(`${option}.${key}`, 'expected a string without NUL characters, or undefined');
    }
  }
  return env;
}

function spawnFunction(option: string, spawn: unknown): unknown {
  if (spawn !== undefined && typeof spawn !== 'function') throw new InvalidArgumentError(option, 'expected a function like child_process.spawn');
  return spawn;
}

function hookFunction(option: string, hook: unknown): unknown {
  if (hook !== undefined && typeof hook !== 'function') throw new InvalidArgumentError(option, 'expected a function (event) => void');
  return hook;
}

const milliseconds = (min: number, whole: boolean): Check => (option, v) => {
  timerMilliseconds(option, v, { min, whole });
  return v;
};

/**
 * Every setting of ResticOptions, declared once: how restic gets it (a global flag, a variable
 * of its environment) or that resticjs reads it alone. The global flags go on argv in this order.
 */
const SETTINGS = {
  binaryPath: local({ check: aString }),
  // Through restic's environment, never argv; `flag` names the flag restic has for the same thing.
  repository: env('RESTIC_REPOSITORY', { flag: 'repo' }),
  repositoryFile: env('RESTIC_REPOSITORY_FILE', { flag: 'repository-file' }),
  password: env('RESTIC_PASSWORD', { check: (option, v) => secretString(option, v, { allowEmpty: true }) }),
  passwordFile: env('RESTIC_PASSWORD_FILE', { flag: 'password-file' }),
  passwordCommand: env('RESTIC_PASSWORD_COMMAND', { flag: 'password-command', check: (option, v) => secretString(option, v) }),
  env: local({ check: variables }),
  cacheDir: env('RESTIC_CACHE_DIR', { flag: 'cache-dir' }),
  noCache: flag('no-cache'),
  cacert: repeated('cacert'),
  tlsClientCert: value('tls-client-cert'),
  insecureTls: flag('insecure-tls'),
  insecureNoPassword: flag('insecure-no-password', { since: '0.17.0' }),
  retryLock: value('retry-lock', { since: '0.16.0', check: goDuration, sample: '2m' }),
  options: EXTENDED_OPTIONS,
  cleanupCache: flag('cleanup-cache'),
  compression: value('compression', { check: compressionMode, sample: 'auto' }),
  packSize: value('pack-size', { check: positiveInteger, sample: 16 }),
  keyHint: value('key-hint'),
  limitUpload: value('limit-upload', { check: positiveInteger, sample: 1000 }),
  limitDownload: value('limit-download', { check: positiveInteger, sample: 1000 }),
  noLock: flag('no-lock'),
  noExtraVerify: flag('no-extra-verify', { since: '0.16.4' }),
  httpUserAgent: value('http-user-agent', { since: '0.17.0' }),
  stuckRequestTimeout: value('stuck-request-timeout', { since: '0.17.1', check: goDuration, sample: '5m' }),
  // Read by resticjs alone.
  reads: local({ check: (option, v) => oneOf(option, v, ['cli', 'native']) }),
  readerIdleTimeoutMs: local({ check: milliseconds(1, true) }),
  inheritEnv: local({ check: optionalBoolean }),
  killGracePeriodMs: local({ check: milliseconds(0, false) }),
  spawn: local({ check: spawnFunction }),
  onCommand: local({ check: hookFunction }),
} as const satisfies Record<keyof ResticOptions, OptionDeclaration>;

/** The name of each setting (each property of ResticOptions). */
export const SETTING_KEYS = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];

/** The variable restic reads a setting from (`repository`: RESTIC_REPOSITORY). */
export function variableOf(setting: keyof ResticOptions): string {
  const variable = SETTINGS[setting].variable;
  if (variable === undefined) throw new Error(`the setting ${setting} is not passed in restic's environment`);
  return variable;
}

/** Settings that give the same thing several ways: an instance gives one of each, counting the variables of its `env`. */
export const ALTERNATIVES = {
  password: ['password', 'passwordFile', 'passwordCommand'],
  repository: ['repository', 'repositoryFile'],
} as const satisfies Alternatives<keyof ResticOptions>;

function oneWayOfEachSetting(settings: ResticOptions): void {
  const own = settings.env ?? {};
  oneWayEach<keyof ResticOptions>(ALTERNATIVES, (name) => [
    [name, settings[name]],
    [`env.${variableOf(name)}`, own[variableOf(name)]],
  ]);
}

/** The instance's settings, declared as the global part of every restic command line. */
export const globalSettings = defineCommand<ResticOptions>({ call: 'global', command: '', options: () => SETTINGS, validate: oneWayOfEachSetting });

// A call's settings are checked when it starts, before restic's version is known: what needs
// a newer restic is refused by globalFlags, once it is. Here no release gate refuses.
/** Checks each setting, then the settings together; throws InvalidArgumentError naming the setting. */
export function validateSettings(settings: CallSettings): void {
  const given = settings as Record<string, unknown>;
  for (const [name, declaration] of Object.entries(SETTINGS)) declaration.check(name, given[name], ANY_RELEASE);
  oneWayOfEachSetting(settings);
}

/** Whether a setting given is newer than restic 0.14.0 (a flag, or a compression mode), so the installed version must be known. */
export function settingsNeedVersion(settings: CallSettings): boolean {
  return needsVersion(globalSettings, settings as Record<string, unknown>) || NEWER_COMPRESSION_MODES.includes(settings.compression);
}

/**
 * The global flags of these settings. What `installed` lacks is refused with
 * UnsupportedFeatureError; it is needed only where settingsNeedVersion.
 */
export function globalFlags(settings: CallSettings, installed: string = OLDEST_SUPPORTED): string[] {
  return commandLine(globalSettings, settings, installed).argv;
}
