import type { BackupSummary } from './types/backup.js';
import type { CheckSummary } from './types/check.js';

/**
 * The errors resticjs throws. Every one extends {@link ResticError}, so a single
 * `catch (e) { if (e instanceof ResticError) … }` sees them all; the subclasses say what
 * went wrong without anyone having to read restic's text.
 *
 * None of them ever holds a password: `args` and `stderr` are redacted before an error is
 * built (see process/redact.ts).
 */

export interface ResticErrorDetails {
  /** restic's exit code, or `null` when restic never ran or was killed by a signal. */
  exitCode?: number | null;
  /** The signal that ended restic, if one did. */
  signal?: NodeJS.Signals | null;
  /** What restic wrote on stderr (redacted, and trimmed to its first and last parts when long). */
  stderr?: string;
  /** The arguments restic was given, without the binary (redacted). */
  args?: readonly string[];
  cause?: unknown;
}

export class ResticError extends Error {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly args: readonly string[];

  constructor(message: string, details: ResticErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.stderr = details.stderr ?? '';
    this.args = details.args ?? [];
  }
}

/** The restic binary could not be started: not found, or not executable. */
export class ResticNotFoundError extends ResticError {
  readonly binaryPath: string;
  constructor(binaryPath: string, details: ResticErrorDetails = {}) {
    super(
      `restic binary not found or not executable: ${binaryPath} ` +
        `(set binaryPath to the restic executable, or put restic on PATH)`,
      details,
    );
    this.binaryPath = binaryPath;
  }
}

/** There is no repository at the configured location (exit 10, or the matching message before restic 0.17). */
export class RepositoryNotFoundError extends ResticError {}

/** The backend refused the credentials (HTTP 401/403, S3 AccessDenied, …). Nothing was read or written. */
export class RepositoryAccessDeniedError extends ResticError {}

/** `init` found a repository already there. */
export class RepositoryAlreadyExistsError extends ResticError {}

/** Who holds a lock, as restic reports it when it refuses to take one. */
export interface LockHolder {
  exclusive: boolean;
  pid?: number;
  host?: string;
  user?: string;
  /** When the lock was created, as restic printed it. */
  createdAt?: string;
  /** The lock file's ID, when restic names it. */
  lockId?: string;
}

/** restic could not lock the repository because another process holds a lock (exit 11, or the matching message before 0.17). */
export class RepositoryLockedError extends ResticError {
  readonly lock: LockHolder | undefined;
  constructor(message: string, details: ResticErrorDetails & { lock?: LockHolder } = {}) {
    super(message, details);
    this.lock = details.lock;
  }
}

/** No key of the repository opens with the password given (exit 12, or the matching message before 0.17.1). */
export class WrongPasswordError extends ResticError {}

/** One file or folder that restic could not read during a backup. */
export interface BackupFileError {
  /** The path restic reported. */
  item: string;
  /** `scan` or `archival`. */
  during: string;
  /** restic's message for it (empty when old restic sent an empty Go error object). */
  message: string;
}

/**
 * The backup finished and wrote a snapshot, but some sources could not be read (exit 3).
 * The snapshot exists: `summary` describes it and `errors` lists what is missing from it.
 */
export class IncompleteBackupError<Summary = BackupSummary> extends ResticError {
  readonly summary: Summary | undefined;
  readonly errors: readonly BackupFileError[];
  constructor(message: string, details: ResticErrorDetails & { summary?: Summary; errors?: readonly BackupFileError[] }) {
    super(message, details);
    this.summary = details.summary;
    this.errors = details.errors ?? [];
  }
}

/** The call's AbortSignal fired (restic was interrupted and has exited), or restic reported an interruption (exit 130). */
export class ResticAbortedError extends ResticError {}

/** The installed restic is older than the version that added an option or command. Nothing was run. */
export class UnsupportedFeatureError extends ResticError {
  readonly feature: string;
  readonly requiredVersion: string;
  readonly installedVersion: string;
  constructor(feature: string, requiredVersion: string, installedVersion: string) {
    super(`${feature} needs restic ${requiredVersion} or newer; the installed restic is ${installedVersion}`);
    this.feature = feature;
    this.requiredVersion = requiredVersion;
    this.installedVersion = installedVersion;
  }
}

/** An argument was refused before restic ran. `option` names the offending option. */
export class InvalidArgumentError extends ResticError {
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`invalid ${option}: ${problem}`);
    this.option = option;
  }
}

/** restic's output could not be understood. `raw` holds the text that did not parse (redacted). */
export class ResticOutputError extends ResticError {
  readonly raw: string;
  constructor(message: string, raw: string, details: ResticErrorDetails = {}) {
    super(message, details);
    this.raw = raw;
  }
}

/** `check` found problems in the repository. `summary.num_errors` counts them. */
export class RepositoryCheckError<Summary = CheckSummary> extends ResticError {
  readonly summary: Summary;
  constructor(message: string, summary: Summary, details: ResticErrorDetails = {}) {
    super(message, details);
    this.summary = summary;
  }
}
