/** The last message of `backup --json`: what the new snapshot holds. */
export interface BackupSummary {
  message_type: 'summary';
  /** restic 0.17+: true when `dryRun` was set. */
  dry_run?: boolean;
  files_new: number;
  files_changed: number;
  files_unmodified: number;
  dirs_new: number;
  dirs_changed: number;
  dirs_unmodified: number;
  data_blobs: number;
  tree_blobs: number;
  data_added: number;
  /** restic 0.17+ */
  data_added_packed?: number;
  total_files_processed: number;
  total_bytes_processed: number;
  total_duration: number;
  /** restic 0.18+ */
  backup_start?: string;
  /** restic 0.18+ */
  backup_end?: string;
  /**
   * The new snapshot's ID: 64 hex digits from restic 0.15, the 8-digit short ID on 0.14.
   * Absent when `skipIfUnchanged` found nothing new. With `dryRun` restic still reports an ID,
   * of a snapshot it does not save.
   */
  snapshot_id?: string;
  [field: string]: unknown;
}

/** A progress message of `backup --json`. Fields that are zero may be absent. */
export interface BackupStatus {
  message_type: 'status';
  percent_done: number;
  seconds_elapsed?: number;
  /** Absent while restic cannot estimate it (restic 0.14 sends 2^63 then; resticjs drops it). */
  seconds_remaining?: number;
  total_files?: number;
  files_done?: number;
  total_bytes?: number;
  bytes_done?: number;
  error_count?: number;
  current_files?: string[];
  [field: string]: unknown;
}

/** A per-file message of `backup --json --verbose` (and the end of the scan on every version). */
export interface BackupVerboseStatus {
  message_type: 'verbose_status' | 'status';
  action: 'new' | 'unchanged' | 'modified' | 'scan_finished' | string;
  item?: string;
  duration?: number;
  data_size?: number;
  data_size_in_repo?: number;
  metadata_size?: number;
  metadata_size_in_repo?: number;
  total_files?: number;
  total_bytes?: number;
  [field: string]: unknown;
}
