import { goDuration, optionalBoolean, optionalString } from './args.js';
import { InvalidArgumentError } from './errors.js';
import type { SpawnFunction } from './process/restic-process.js';
import { urlPassword } from './process/redact.js';

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
  /** restic's extended options (`-o key=value`), e.g. `{ 'sftp.command': 'ssh -p 2222 host -s sftp' }`. */
  options?: Record<string, string | number | boolean>;
  /** Start restic with the parent process's environment (default `true`). `false` passes only PATH, HOME, TMPDIR, LANG and the instance's own settings. */
  inheritEnv?: boolean;
  /** How long restic may take to exit after an abort (SIGINT) before it is killed (default 10 000 ms). */
  killGracePeriodMs?: number;
  /** Replaces `child_process.spawn` (for instrumentation and tests). */
  spawn?: SpawnFunction;
}

const REPOSITORY_VARIABLES = ['RESTIC_REPOSITORY', 'RESTIC_REPOSITORY_FILE'];
const PASSWORD_VARIABLES = ['RESTIC_PASSWORD', 'RESTIC_PASSWORD_FILE', 'RESTIC_PASSWORD_COMMAND'];
const CACHE_VARIABLES = ['RESTIC_CACHE_DIR'];
const MINIMAL_ENVIRONMENT = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'USER', 'SYSTEMROOT'];
const SECRET_NAME = /KEY|SECRET|TOKEN|PASS|CREDENTIAL|AUTH|SAS/i;

/** The settings of one call: the instance's, frozen when the call starts, so a later change affects only later calls. */
export type CallSettings = Readonly<ResticOptions>;

export function validateSettings(settings: CallSettings): void {
  optionalString('binaryPath', settings.binaryPath);
  optionalString('repository', settings.repository);
  optionalString('repositoryFile', settings.repositoryFile);
  optionalString('password', settings.password, { allowEmpty: true });
  optionalString('passwordFile', settings.passwordFile);
  optionalString('passwordCommand', settings.passwordCommand);
  optionalString('cacheDir', settings.cacheDir);
  optionalBoolean('noCache', settings.noCache);
  goDuration('retryLock', settings.retryLock);
  const passwords = (['password', 'passwordFile', 'passwordCommand'] as const).filter((k) => settings[k] !== undefined);
  if (passwords.length > 1) {
    throw new InvalidArgumentError(passwords.join('/'), `give one of password, passwordFile and passwordCommand, not ${passwords.length}`);
  }
  if (settings.repository !== undefined && settings.repositoryFile !== undefined) {
    throw new InvalidArgumentError('repository/repositoryFile', 'give one of repository and repositoryFile, not both');
  }
  for (const [key, value] of Object.entries(settings.options ?? {})) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw new InvalidArgumentError(`options['${key}']`, 'not a valid option name');
    if (!['string', 'number', 'boolean'].includes(typeof value) || String(value).includes('\0')) {
      throw new InvalidArgumentError(`options['${key}']`, 'expected a string, number or boolean');
    }
  }
  for (const [key, value] of Object.entries(settings.env ?? {})) {
    if (value !== undefined && typeof value !== 'string') throw new InvalidArgumentError(`env.${key}`, 'expected a string or undefined');
  }
}

/** Whether the settings (or the environment restic will inherit) name a repository. */
export function hasRepository(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['RESTIC_REPOSITORY'] || env['RESTIC_REPOSITORY_FILE']);
}

/**
 * The environment restic runs with. Built anew for every call: the parent's environment
 * (unless `inheritEnv` is false), minus the RESTIC_* variables that would compete with the
 * instance's own repository, password and cache settings (restic lets a
 * RESTIC_PASSWORD_COMMAND win over a RESTIC_PASSWORD, so a stray inherited one would
 * silently change which password is used), then the instance's `env`, then its settings.
 */
export function buildEnvironment(settings: CallSettings, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const parent = process.env;
  const env: NodeJS.ProcessEnv = {};
  if (settings.inheritEnv === false) {
    for (const key of MINIMAL_ENVIRONMENT) if (parent[key] !== undefined) env[key] = parent[key];
  } else {
    Object.assign(env, parent);
  }
  const own = settings.env ?? {};
  const setsAny = (keys: string[]): boolean => keys.some((k) => k in own);
  if (settings.repository !== undefined || settings.repositoryFile !== undefined || setsAny(REPOSITORY_VARIABLES)) {
    for (const k of REPOSITORY_VARIABLES) delete env[k];
  }
  if (settings.password !== undefined || settings.passwordFile !== undefined || settings.passwordCommand !== undefined || setsAny(PASSWORD_VARIABLES)) {
    for (const k of PASSWORD_VARIABLES) delete env[k];
  }
  if (settings.cacheDir !== undefined || setsAny(CACHE_VARIABLES)) {
    for (const k of CACHE_VARIABLES) delete env[k];
  }
  applyVariables(env, own);
  const fromSettings: Record<string, string | undefined> = {
    RESTIC_REPOSITORY: settings.repository,
    RESTIC_REPOSITORY_FILE: settings.repositoryFile,
    RESTIC_PASSWORD: settings.password,
    RESTIC_PASSWORD_FILE: settings.passwordFile,
    RESTIC_PASSWORD_COMMAND: settings.passwordCommand,
    RESTIC_CACHE_DIR: settings.cacheDir,
  };
  for (const [key, value] of Object.entries(fromSettings)) if (value !== undefined) env[key] = value;
  applyVariables(env, extra);
  return env;
}

function applyVariables(env: NodeJS.ProcessEnv, variables: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(variables)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}

/** Global flags that come from the instance's settings. */
export function globalFlags(settings: CallSettings): string[] {
  const flags: string[] = [];
  if (settings.noCache) flags.push('--no-cache');
  const retry = goDuration('retryLock', settings.retryLock);
  if (retry !== undefined) flags.push(`--retry-lock=${retry}`);
  for (const [key, value] of Object.entries(settings.options ?? {})) flags.push(`--option=${key}=${String(value)}`);
  return flags;
}

/** Every secret restic's environment will hold, for redaction. */
export function secretsOf(settings: CallSettings, env: NodeJS.ProcessEnv): string[] {
  const secrets: (string | undefined)[] = [settings.password, env['RESTIC_PASSWORD']];
  for (const repo of [settings.repository, env['RESTIC_REPOSITORY']]) {
    const inUrl = urlPassword(repo);
    if (inUrl) secrets.push(inUrl, encodeURIComponent(inUrl));
  }
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && SECRET_NAME.test(key) && !/^RESTIC_.*(FILE|COMMAND)$/.test(key)) secrets.push(value);
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s !== '');
}
