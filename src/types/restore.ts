/** The last message of `restore --json` (restic 0.16+). */
export interface RestoreSummary {
  /** Always `summary`. */
  message_type: 'summary';
  /** Whole seconds the restore took. */
  seconds_elapsed?: number;
  /** Files and folders selected for the restore. */
  total_files?: number;
  /** Files and folders restored; with `include` this counts the parent folders too, so it can exceed `total_files`. */
  files_restored?: number;
  /** Files left as they were because of the overwrite setting. restic 0.17+ */
  files_skipped?: number;
  /** Files removed from the target (with `delete`). restic 0.18+ */
  files_deleted?: number;
  /** Bytes of the files selected for the restore. */
  total_bytes?: number;
  /** Bytes written. */
  bytes_restored?: number;
  /** Bytes of the skipped files. restic 0.17+ */
  bytes_skipped?: number;
  [field: string]: unknown;
}

/** A progress message of `restore --json` (restic 0.16+). */
export interface RestoreStatus {
  /** Always `status`. */
  message_type: 'status';
  /** bytes_restored / total_bytes, from 0 to 1. */
  percent_done: number;
  /** Whole seconds since the restore started. */
  seconds_elapsed?: number;
  /** Files and folders selected for the restore. */
  total_files?: number;
  /** Files and folders restored so far. */
  files_restored?: number;
  /** Files left as they were because of the overwrite setting, so far. restic 0.17+ */
  files_skipped?: number;
  /** Files removed from the target so far (with `delete`). restic 0.18+ */
  files_deleted?: number;
  /** Bytes of the files selected for the restore. */
  total_bytes?: number;
  /** Bytes written so far. */
  bytes_restored?: number;
  /** Bytes of the files skipped so far. restic 0.17+ */
  bytes_skipped?: number;
  [field: string]: unknown;
}
