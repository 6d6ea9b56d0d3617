import {
  RepositoryAccessDeniedError,
  RepositoryAlreadyExistsError,
  RepositoryLockedError,
  RepositoryNotFoundError,
  ResticAbortedError,
  ResticError,
  ResticNotFoundError,
  WrongPasswordError,
  type LockHolder,
  type ResticErrorDetails,
} from '../errors.js';
import type { ProcessOutcome } from './restic-process.js';

/** restic's exit codes (restic 0.17 added 10, 11 and 12; older versions exit 1 for those cases). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  goPanic: 2,
  incompleteBackup: 3,
  repositoryNotFound: 10,
  lockFailed: 11,
  wrongPassword: 12,
  interrupted: 130,
} as const;

// Old restic says the same things in words only; these match the words of 0.14 to 0.19.
// restic says "unable to open config file" for any failure to read it (a dead server, a refused
// password): only a cause that means "absent" makes it a missing repository.
const NOT_FOUND = /repository does not exist|unable to open config file: .*(no such file or directory|404|not found|NoSuchKey|NoSuchBucket|does not exist)/i;
const ACCESS_DENIED = /\b(401|403)\b.*(Unauthorized|Forbidden)|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|permission denied \(publickey/i;
const WRONG_PASSWORD = /wrong password or no key found/i;
// Not "unable to create lock in backend" alone: old restic says that for permission errors too.
const LOCKED = /repository is already locked/i;
const ALREADY_EXISTS = /config file already exists|repository master key and config already initialized/i;

/**
 * The message of the error restic reported: its JSON `exit_error` (restic 0.18+) or its
 * last `Fatal:` line, else the last line it printed.
 */
export function resticMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.startsWith('{') && line.includes('"exit_error"')) {
      try {
        const message = (JSON.parse(line) as { message?: unknown }).message;
        if (typeof message === 'string' && message !== '') return message.trim();
      } catch {
        // not JSON after all
      }
    }
  }
  const fatal = lines.filter((l) => l.startsWith('Fatal:'));
  if (fatal.length > 0) return fatal.join('\n');
  // No Fatal line (0.14's lock refusal spans several lines): the last few text lines say it.
  return lines.filter((l) => !l.startsWith('{')).slice(-4).join('\n');
}

/** Who holds the lock, from restic's "repository is already locked … by PID …" text. */
export function parseLockHolder(stderr: string): LockHolder | undefined {
  // restic 0.18+ puts the text inside a JSON exit_error; read the decoded message as well.
  const text = `${resticMessage(stderr)}\n${stderr}`;
  const m = /already locked( exclusively)? by PID (\d+) on (\S+) by (.+?) \(UID/i.exec(text);
  if (!m) return undefined;
  const holder: LockHolder = { exclusive: m[1] !== undefined, pid: Number(m[2]), host: m[3] as string, user: m[4] as string };
  const created = /lock was created at (.+?) \(/.exec(text);
  if (created) holder.createdAt = created[1] as string;
  const id = /storage ID ([0-9a-f]+)/.exec(text);
  if (id) holder.lockId = id[1] as string;
  return holder;
}

/**
 * Turns how restic ended into a typed error, or `undefined` when it succeeded. Exit codes
 * are read first; on restic older than 0.17 the same cases exit 1 and are told apart by
 * their message. Exit 3 is left to the caller (only backup gives it a meaning).
 */
export function errorFromOutcome(outcome: ProcessOutcome, binaryPath: string, command: string): ResticError | undefined {
  const details: ResticErrorDetails = {
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stderr: outcome.stderr,
    args: outcome.args,
  };
  if (outcome.spawnError) {
    return new ResticNotFoundError(binaryPath, { ...details, cause: outcome.spawnError });
  }
  if (outcome.aborted) {
    return new ResticAbortedError(`restic ${command} was aborted`, details);
  }
  if (outcome.exitCode === ExitCode.ok) return undefined;

  const said = resticMessage(outcome.stderr).replace(/^Fatal:\s*/, '');
  const because = said ? `: ${said}` : '';
  // "wrong password or no key found: wrong password or no key found" says nothing twice.
  const explain = (lead: string): string => (said.toLowerCase().startsWith(lead) ? said : `${lead}${because}`);
  switch (outcome.exitCode) {
    case ExitCode.repositoryNotFound:
      return new RepositoryNotFoundError(explain('repository not found'), details);
    case ExitCode.lockFailed:
      return new RepositoryLockedError(explain('repository is locked'), { ...details, lock: parseLockHolder(outcome.stderr) });
    case ExitCode.wrongPassword:
      return new WrongPasswordError(explain('wrong password or no key found'), details);
    case ExitCode.interrupted:
      return new ResticAbortedError(`restic ${command} was interrupted${because}`, details);
  }
  if (outcome.exitCode === null) {
    return new ResticError(`restic ${command} was killed by ${outcome.signal ?? 'a signal'}${because}`, details);
  }
  // Matched on restic's own words; the text shown stays the redacted one.
  const words = outcome.unredactedStderr ?? outcome.stderr;
  if (ACCESS_DENIED.test(words)) return new RepositoryAccessDeniedError(explain('the backend refused the credentials'), details);
  if (outcome.exitCode === ExitCode.failure) {
    if (WRONG_PASSWORD.test(words)) return new WrongPasswordError(explain('wrong password or no key found'), details);
    if (LOCKED.test(words)) {
      return new RepositoryLockedError(explain('repository is locked'), { ...details, lock: parseLockHolder(outcome.stderr) });
    }
    if (ALREADY_EXISTS.test(words)) return new RepositoryAlreadyExistsError(explain('repository already exists'), details);
    if (NOT_FOUND.test(words)) return new RepositoryNotFoundError(explain('repository not found'), details);
  }
  return new ResticError(`restic ${command} failed (exit ${outcome.exitCode})${because}`, details);
}
