/** The last message of `restore --json` (restic 0.16+). */
export interface RestoreSummary {
  message_type: 'summary';
  seconds_elapsed?: number;
  total_files?: number;
  files_restored?: number;
  /** restic 0.17+ */
  files_skipped?: number;
  /** restic 0.18+ */
  files_deleted?: number;
  total_bytes?: number;
  bytes_restored?: number;
  /** restic 0.17+ */
  bytes_skipped?: number;
  [field: string]: unknown;
}

/** A progress message of `restore --json` (restic 0.16+). */
export interface RestoreStatus {
  message_type: 'status';
  percent_done: number;
  seconds_elapsed?: number;
  total_files?: number;
  files_restored?: number;
  files_skipped?: number;
  files_deleted?: number;
  total_bytes?: number;
  bytes_restored?: number;
  bytes_skipped?: number;
  [field: string]: unknown;
}
