import { getSystemErrorName } from 'node:util';
import type { BackupFileError } from '../errors.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { BackupStatus, BackupSummary, BackupVerboseStatus } from '../types/backup.js';

export interface BackupCallbacks {
  onProgress?: (status: BackupStatus) => void;
  onError?: (error: BackupFileError) => void;
  onVerbose?: (message: BackupVerboseStatus) => void;
}

/** restic before 0.19 skips a source that does not exist with only this warning (and exits 0): catch it, so it is not silently lost. */
const MISSING_SOURCE = /^(.+) does not exist, skipping$/;

/**
 * Sorts what `backup --json` prints, line by line as it arrives: progress, per-file
 * messages, per-file errors (JSON on stderr, or a text warning for a missing source) and the
 * summary. Unknown message types are ignored, never fatal.
 */
export class BackupMessages {
  summary: BackupSummary | undefined;
  readonly errors: BackupFileError[] = [];
  constructor(private readonly callbacks: BackupCallbacks = {}) {}

  stdoutLine(line: string): void {
    const message = parseJsonObjectLine(line);
    if (!message) return;
    switch (messageType(message)) {
      case 'summary':
        this.summary = message as BackupSummary;
        break;
      case 'status':
        // Up to 0.15.x the end of the scan is a `status` with `action: "scan_finished"` (a `verbose_status` from 0.16.0).
        if ('action' in message) this.callbacks.onVerbose?.(message as BackupVerboseStatus);
        else this.callbacks.onProgress?.(withKnownEta(message as BackupStatus));
        break;
      case 'verbose_status':
        this.callbacks.onVerbose?.(message as BackupVerboseStatus);
        break;
      case 'error':
        this.report(parseBackupError(message));
        break;
    }
  }

  stderrLine(line: string): void {
    const message = parseJsonObjectLine(line);
    if (message) {
      if (messageType(message) === 'error') this.report(parseBackupError(message));
      return;
    }
    const missing = MISSING_SOURCE.exec(line.trim());
    if (missing) this.report({ item: missing[1] as string, during: 'scan', message: 'does not exist' });
  }

  private report(error: BackupFileError): void {
    this.errors.push(error);
    this.callbacks.onError?.(error);
  }
}

/**
 * restic 0.14 sends 2^63 as `seconds_remaining` before it can estimate; JavaScript cannot even
 * hold that number exactly. An unknown ETA is left out, as newer restic does.
 */
function withKnownEta(status: BackupStatus): BackupStatus {
  if (typeof status.seconds_remaining === 'number' && status.seconds_remaining > Number.MAX_SAFE_INTEGER) delete status.seconds_remaining;
  return status;
}

/**
 * A per-file error from a JSON `error` line. restic 0.17.1+ sends `{message}`; older
 * releases serialise Go's error value, e.g. `{"Op":"open","Path":"/x","Err":13}`.
 */
export function parseBackupError(message: Record<string, unknown>): BackupFileError {
  return {
    item: typeof message['item'] === 'string' ? message['item'] : '',
    during: typeof message['during'] === 'string' ? message['during'] : '',
    message: describeGoError(message['error']),
  };
}

function describeGoError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (!error || typeof error !== 'object') return '';
  const { message, Op, Path, Err } = error as { message?: unknown; Op?: unknown; Path?: unknown; Err?: unknown };
  if (typeof message === 'string') return message;
  if (typeof Op !== 'string' || typeof Path !== 'string') return '';
  if (typeof Err !== 'number' || Err <= 0) return `${Op} ${Path}`;
  let cause: string;
  try {
    cause = getSystemErrorName(-Err);
  } catch {
    cause = `errno ${Err}`;
  }
  return `${Op} ${Path}: ${cause}`;
}
