/** The last message of `backup --json`: what the new snapshot holds. */
export interface BackupSummary {
  /** Always `summary`. */
  message_type: 'summary';
  /** restic 0.17+: true when `dryRun` was set. */
  dry_run?: boolean;
  /** Files that were not in the parent snapshot. */
  files_new: number;
  /** Files in the parent snapshot that changed since (restic read them again). */
  files_changed: number;
  /** Files unchanged since the parent snapshot. */
  files_unmodified: number;
  /** Folders that were not in the parent snapshot. */
  dirs_new: number;
  /** Folders in the parent snapshot that changed since (their contents or metadata). */
  dirs_changed: number;
  /** Folders unchanged since the parent snapshot. */
  dirs_unmodified: number;
  /** Data blobs added to the repository (content already there is not counted). */
  data_blobs: number;
  /** Tree blobs (folder listings) added to the repository. */
  tree_blobs: number;
  /** Bytes of the new data and tree blobs, before compression. */
  data_added: number;
  /** Bytes of the new blobs as stored in the repository, after compression. restic 0.17+ */
  data_added_packed?: number;
  /** Files the backup looked at: new + changed + unmodified. */
  total_files_processed: number;
  /** Total size in bytes of the files the backup looked at, unchanged ones included. */
  total_bytes_processed: number;
  /** How long the backup took, in seconds (0.18 reports a large negative number for a backup `skipIfUnchanged` skipped). */
  total_duration: number;
  /** When the backup started (RFC 3339). restic 0.18+ */
  backup_start?: string;
  /** When the backup finished (RFC 3339; 0.18 reports `0001-01-01T00:00:00Z` for a skipped backup). restic 0.18+ */
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
  /** Always `status`. */
  message_type: 'status';
  /** bytes_done / total_bytes, from 0 to 1 (0 while total_bytes is unknown). */
  percent_done: number;
  /** Whole seconds since the backup started. */
  seconds_elapsed?: number;
  /** Absent while restic cannot estimate it (restic 0.14 sends 2^63 then; resticjs drops it). */
  seconds_remaining?: number;
  /** Files found so far; grows while the scan of the sources runs. */
  total_files?: number;
  /** Files processed so far. */
  files_done?: number;
  /** Bytes found so far in the sources; grows while the scan runs. */
  total_bytes?: number;
  /** Bytes processed so far. */
  bytes_done?: number;
  /** Errors so far (files that could not be read, …). */
  error_count?: number;
  /** The files restic is reading at the moment. */
  current_files?: string[];
  [field: string]: unknown;
}

/** A per-file message of `backup --json --verbose` (and the end of the scan on every version). */
export interface BackupVerboseStatus {
  /** `verbose_status`; the `scan_finished` line is `status` on restic 0.14 (`verbose_status` on 0.18+). */
  message_type: 'verbose_status' | 'status';
  /** What happened to the item compared with the parent snapshot, or `scan_finished` when the scan of the sources ended. */
  action: 'new' | 'unchanged' | 'modified' | 'scan_finished' | string;
  /** The file or folder (folders end in `/`); empty for `scan_finished`. */
  item?: string;
  /** Seconds it took to save the item; for `scan_finished`, how long the scan took. 0 for unchanged items. */
  duration?: number;
  /** Bytes of new data blobs the item added, before compression; for `scan_finished`, the bytes found by the scan. */
  data_size?: number;
  /** The same new data as stored in the repository, after compression. */
  data_size_in_repo?: number;
  /** Bytes of the new tree blob a folder added, before compression. */
  metadata_size?: number;
  /** The same tree blob as stored in the repository, after compression. */
  metadata_size_in_repo?: number;
  /** For `scan_finished`: the files found by the scan (0 on the other lines). */
  total_files?: number;
  /** restic 0.14 to 0.19 do not send it: their verbose lines have no `total_bytes`. */
  total_bytes?: number;
  [field: string]: unknown;
}
