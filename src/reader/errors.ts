import { ResticAbortedError, ResticError, type ResticErrorDetails } from '../errors.js';

export { InvalidArgumentError, RepositoryAccessDeniedError, RepositoryNotFoundError, ResticAbortedError, ResticError, WrongPasswordError } from '../errors.js';

/**
 * The repository holds data that does not verify: a file whose SHA-256 differs from its name,
 * a MAC that does not match (a changed byte, or a key that does not belong), a blob whose
 * content differs from its ID, data that does not decompress or parse. The reader never returns
 * such data; it throws this instead.
 */
export class RepositoryCorruptError extends ResticError {
  /** What was being read, e.g. `index/3f2a…`, `data/ab/ab12…`, `blob 9c1e… (data)`. */
  readonly object: string;
  constructor(object: string, problem: string, details: ResticErrorDetails = {}) {
    super(`repository data is damaged: ${object}: ${problem}`, details);
    this.object = object;
  }
}

/** The repository uses a format the reader does not support (config version other than 1 or 2, a KDF other than scrypt). */
export class UnsupportedRepositoryError extends ResticError {}

/** A snapshot, index file, blob or path asked for is not in the repository. */
export class ObjectNotFoundError extends ResticError {
  /** `snapshot`, `index`, `blob`, `tree`, `path`. */
  readonly kind: string;
  /** The ID, prefix or path asked for. */
  readonly target: string;
  constructor(kind: string, target: string, message?: string) {
    super(message ?? `${kind} not found: ${target}`);
    this.kind = kind;
    this.target = target;
  }
}

/** The reader was used after `close()`. */
export class ReaderClosedError extends ResticError {
  constructor(message = 'the ResticReader is closed') {
    super(message);
  }
}

/** The storage backend failed: a REST server that cannot be reached or answers with an error status. */
export class BackendError extends ResticError {
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  constructor(message: string, status?: number, details: ResticErrorDetails = {}) {
    super(message, details);
    this.status = status;
  }
}

/** The error of a call whose signal fired: ResticAbortedError, with the signal's reason as its cause. */
export function abortedError(signal: AbortSignal): ResticAbortedError {
  return new ResticAbortedError('the operation was aborted', { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}
