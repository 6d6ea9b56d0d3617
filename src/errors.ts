import type { BackupSummary } from './types/backup.js';
import type { CheckSummary } from './types/check.js';
import type { ForgetGroup } from './types/forget.js';

/** What a {@link ResticError} is built from: how restic ended, and what caused the error. */
export interface ResticErrorDetails {
  /** restic's exit code, or `null` when restic never ran or was killed by a signal. */
  exitCode?: number | null;
  /** The signal that ended restic, if one did. */
  signal?: NodeJS.Signals | null;
  /** What restic wrote on stderr (redacted, and trimmed to its first and last parts when long). */
  stderr?: string;
  /** The arguments restic was given, without the binary (redacted). */
  args?: readonly string[];
  /** The underlying error (a spawn failure, …); becomes the error's `cause`. */
  cause?: unknown;
}

/**
 * The errors resticjs throws. Every one extends {@link ResticError}, so a single
 * `catch (e) { if (e instanceof ResticError) … }` sees them all; the subclasses say what
 * went wrong without anyone having to read restic's text.
 *
 * None of them ever holds a password: `args` and `stderr` are redacted before an error is
 * built (see process/redact.ts).
 */
export class ResticError extends Error {
  /** restic's exit code; `null` when restic never ran, was killed by a signal, or the error does not come from how restic exited. */
  readonly exitCode: number | null;
  /** The signal that ended restic, or `null`. */
  readonly signal: NodeJS.Signals | null;
  /** What restic wrote on stderr (redacted, and trimmed to its first and last parts when long); empty when the error does not carry it. */
  readonly stderr: string;
  /** The arguments restic was given, without the binary (redacted); empty when the error does not carry them. */
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
  /** The path or name resticjs tried to start (the `binaryPath` setting). */
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
  /** Whether the lock is exclusive (restic says "locked exclusively"). */
  exclusive: boolean;
  /** The process ID of the restic that holds the lock, on its host. */
  pid?: number;
  /** The host that process runs on. */
  host?: string;
  /** The user that process runs as. */
  user?: string;
  /** When the lock was created, as restic printed it. */
  createdAt?: string;
  /** The lock file's ID, when restic names it. */
  lockId?: string;
}

/** restic could not lock the repository because another process holds a lock (exit 11, or the matching message before 0.17). */
export class RepositoryLockedError extends ResticError {
  /** Who holds the lock, read from restic's message; undefined when the message did not say. */
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
  /** restic's summary of the backup, if it printed one. */
  readonly summary: Summary | undefined;
  /** The files and folders restic reported it could not read. */
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
  /** The option or command that needs a newer restic. */
  readonly feature: string;
  /** The first restic version that has it. */
  readonly requiredVersion: string;
  /** The version of the restic that is installed. */
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
  /** The name of the refused option or argument. */
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`invalid ${option}: ${problem}`);
    this.option = option;
  }
}

/** restic's output could not be understood. `raw` holds the text that did not parse (redacted). */
export class ResticOutputError extends ResticError {
  /** The text that could not be understood (redacted). */
  readonly raw: string;
  constructor(message: string, raw: string, details: ResticErrorDetails = {}) {
    super(message, details);
    this.raw = raw;
  }
}

/** `check` found problems in the repository. `summary.num_errors` counts them. */
export class RepositoryCheckError<Summary = CheckSummary> extends ResticError {
  /** What `check` found; `num_errors` counts the problems. */
  readonly summary: Summary;
  constructor(message: string, summary: Summary, details: ResticErrorDetails = {}) {
    super(message, details);
    this.summary = summary;
  }
}

/**
 * `forget` refused a retention policy that would remove every snapshot of a group (a
 * `keepTags` that matches nothing, say). Nothing was removed. restic 0.17+ refuses such a
 * policy itself; on older restic resticjs checks a dry run first. Thrown on every version
 * unless `unsafeAllowRemoveAll: true` is given, and there only on restic 0.14 to 0.16, as restic
 * 0.17+ refuses the policy even then.
 */
export class RemoveAllRefusedError extends ResticError {
  /**
   * The groups that would have kept nothing, as the dry run reported them (restic 0.14 to 0.16).
   * restic 0.17+ stops at the first such group and names it only in its message
   * (`refusing to delete last snapshot of snapshot group "host h, path [/data]"`), so there this
   * is empty and `message` names the group.
   */
  readonly groups: readonly ForgetGroup[];
  constructor(message: string, details: ResticErrorDetails & { groups?: readonly ForgetGroup[] } = {}) {
    super(message, details);
    this.groups = details.groups ?? [];
  }
}
