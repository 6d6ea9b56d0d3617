import { goDuration, oneOf, optionalBoolean, optionalString, stringList, timerMilliseconds } from './args.js';
import { InvalidArgumentError } from './errors.js';
import type { SpawnFunction } from './process/restic-process.js';

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
   * per call (one key derivation instead of one per call). Only for local and REST repositories
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
}

/** The values of the `compression` setting (`--compression`); `fastest` and `better` need restic 0.19+. */
export const COMPRESSION_MODES = ['auto', 'off', 'max', 'fastest', 'better'] as const;


/** The settings of one call: the instance's, frozen when the call starts, so a later change affects only later calls. */
export type CallSettings = Readonly<ResticOptions>;

function checkEnv(env: unknown): void {
  if (env === undefined) return;
  if (!isPlainObject(env)) throw new InvalidArgumentError('env', 'expected a plain object of variable names and string values');
  for (const [key, value] of Object.entries(env)) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw new InvalidArgumentError(`env['${key}']`, 'not a valid variable name');
    if (value !== undefined && (typeof value !== 'string' || value.includes('\0'))) {
      throw new InvalidArgumentError(`env.${key}`, 'expected a string without NUL characters, or undefined');
    }
  }
}

/** One of several ways to give the same thing: the instance's settings and its `env` together. */
function atMostOne(what: string, given: Record<string, unknown>): void {
  const names = Object.keys(given).filter((k) => given[k] !== undefined);
  if (names.length > 1) throw new InvalidArgumentError(names.join('/'), `give one way of setting the ${what}, not ${names.length}`);
}

export function validateSettings(settings: CallSettings): void {
  checkEnv(settings.env);
  const env = settings.env ?? {};
  optionalBoolean('inheritEnv', settings.inheritEnv);
  optionalBoolean('insecureNoPassword', settings.insecureNoPassword);
  if (settings.spawn !== undefined && typeof settings.spawn !== 'function') throw new InvalidArgumentError('spawn', 'expected a function like child_process.spawn');
  timerMilliseconds('killGracePeriodMs', settings.killGracePeriodMs, { min: 0, whole: false });
  optionalString('binaryPath', settings.binaryPath);
  optionalString('repository', settings.repository);
  optionalString('repositoryFile', settings.repositoryFile);
  optionalString('password', settings.password, { allowEmpty: true });
  optionalString('passwordFile', settings.passwordFile);
  optionalString('passwordCommand', settings.passwordCommand);
  optionalString('cacheDir', settings.cacheDir);
  optionalBoolean('noCache', settings.noCache);
  stringList('cacert', settings.cacert);
  optionalString('tlsClientCert', settings.tlsClientCert);
  optionalBoolean('insecureTls', settings.insecureTls);
  goDuration('retryLock', settings.retryLock);
  optionalBoolean('cleanupCache', settings.cleanupCache);
  oneOf('compression', settings.compression, COMPRESSION_MODES);
  positiveInteger('packSize', settings.packSize);
  optionalString('keyHint', settings.keyHint);
  positiveInteger('limitUpload', settings.limitUpload);
  positiveInteger('limitDownload', settings.limitDownload);
  optionalBoolean('noLock', settings.noLock);
  optionalBoolean('noExtraVerify', settings.noExtraVerify);
  optionalString('httpUserAgent', settings.httpUserAgent);
  goDuration('stuckRequestTimeout', settings.stuckRequestTimeout);
  oneOf('reads', settings.reads, ['cli', 'native'] as const);
  timerMilliseconds('readerIdleTimeoutMs', settings.readerIdleTimeoutMs, { min: 1, whole: true });
  // restic would pick one silently (a password command wins over a password), so two are refused.
  atMostOne('password', {
    password: settings.password,
    passwordFile: settings.passwordFile,
    passwordCommand: settings.passwordCommand,
    'env.RESTIC_PASSWORD': env['RESTIC_PASSWORD'],
    'env.RESTIC_PASSWORD_FILE': env['RESTIC_PASSWORD_FILE'],
    'env.RESTIC_PASSWORD_COMMAND': env['RESTIC_PASSWORD_COMMAND'],
  });
  atMostOne('repository', {
    repository: settings.repository,
    repositoryFile: settings.repositoryFile,
    'env.RESTIC_REPOSITORY': env['RESTIC_REPOSITORY'],
    'env.RESTIC_REPOSITORY_FILE': env['RESTIC_REPOSITORY_FILE'],
  });
  checkExtendedOptions(settings.options);
}

/**
 * An object literal (or `Object.create(null)`): not an array, a string, a Map or a class
 * instance, whose entries would be read as something else (`'ab'` spread is `{0:'a',1:'b'}`,
 * a Map spread is `{}`).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// restic splits `-o` at the first '=' and trims the name: a name with '=' or blanks would
// reach restic as another name, and an empty one is refused by restic itself.
const OPTION_NAME = /^[^\s=\0]+$/;

function checkExtendedOptions(options: unknown): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw new InvalidArgumentError('options', 'expected a plain object of option names and values, e.g. { \'sftp.command\': \'ssh …\' }');
  for (const [key, value] of Object.entries(options)) {
    const name = `options['${key}']`;
    if (!OPTION_NAME.test(key)) throw new InvalidArgumentError(name, 'not a valid option name (empty, or with a blank, = or NUL)');
    const ok = (typeof value === 'string' && !value.includes('\0')) || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new InvalidArgumentError(name, 'expected a string without NUL, a finite number or a boolean');
  }
}

/** Global flags that come from the instance's settings. */
export function globalFlags(settings: CallSettings): string[] {
  const flags: string[] = [];
  if (settings.noCache) flags.push('--no-cache');
  for (const file of stringList('cacert', settings.cacert) ?? []) flags.push(`--cacert=${file}`);
  const clientCert = optionalString('tlsClientCert', settings.tlsClientCert);
  if (clientCert !== undefined) flags.push(`--tls-client-cert=${clientCert}`);
  if (optionalBoolean('insecureTls', settings.insecureTls)) flags.push('--insecure-tls');
  if (settings.insecureNoPassword) flags.push('--insecure-no-password');
  const retry = goDuration('retryLock', settings.retryLock);
  if (retry !== undefined) flags.push(`--retry-lock=${retry}`);
  for (const [key, value] of Object.entries(settings.options ?? {})) flags.push(`--option=${key}=${String(value)}`);
  if (settings.cleanupCache) flags.push('--cleanup-cache');
  if (settings.compression !== undefined) flags.push(`--compression=${settings.compression}`);
  if (settings.packSize !== undefined) flags.push(`--pack-size=${settings.packSize}`);
  if (settings.keyHint !== undefined) flags.push(`--key-hint=${settings.keyHint}`);
  if (settings.limitUpload !== undefined) flags.push(`--limit-upload=${settings.limitUpload}`);
  if (settings.limitDownload !== undefined) flags.push(`--limit-download=${settings.limitDownload}`);
  if (settings.noLock) flags.push('--no-lock');
  if (settings.noExtraVerify) flags.push('--no-extra-verify');
  if (settings.httpUserAgent !== undefined) flags.push(`--http-user-agent=${settings.httpUserAgent}`);
  const stuck = goDuration('stuckRequestTimeout', settings.stuckRequestTimeout);
  if (stuck !== undefined) flags.push(`--stuck-request-timeout=${stuck}`);
  return flags;
}

function positiveInteger(option: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(option, `expected a whole number ≥ 1, got ${String(value)}`);
  }
}
