/** A snapshot's backup statistics, stored with it from restic 0.17. */
export interface SnapshotSummary {
  /** When the backup started (RFC 3339). */
  backup_start: string;
  /** When the backup finished (RFC 3339). */
  backup_end: string;
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
  /** Data blobs the backup added to the repository (content already there is not counted). */
  data_blobs: number;
  /** Tree blobs (folder listings) the backup added to the repository. */
  tree_blobs: number;
  /** Bytes of the new data and tree blobs, before compression. */
  data_added: number;
  /** Bytes of the new blobs as stored in the repository, after compression. */
  data_added_packed: number;
  /** Files the backup looked at: new + changed + unmodified. */
  total_files_processed: number;
  /** Total size in bytes of the files the backup looked at, unchanged ones included. */
  total_bytes_processed: number;
  [field: string]: unknown;
}

/** A snapshot as stored (what `cat snapshot` prints, and `forget` reasons on 0.14): no `id`, no `short_id`. Times are RFC 3339 strings, kept as restic wrote them. */
export interface SnapshotRecord {
  /** The snapshot's time: when the backup started, unless `--time` set another. */
  time: string;
  /** The full ID of the snapshot the backup compared against to skip unchanged files; absent when there was none. */
  parent?: string;
  /** The ID of the root tree blob. */
  tree: string;
  /** The paths the backup was given, as restic recorded them. */
  paths: string[];
  /** The host name recorded for the backup (`--host`, else the machine's name). */
  hostname: string;
  /** The user who ran the backup. */
  username: string;
  /** The numeric ID of that user; restic omits it when it is 0. */
  uid?: number;
  /** The numeric group ID of that user; restic omits it when it is 0. */
  gid?: number;
  /** The exclude patterns the backup was given. */
  excludes?: string[];
  /** The snapshot's tags; absent (or null) when it has none. */
  tags?: string[] | null;
  /** The ID of the snapshot this one was written from (by `tag`, `rewrite`, `copy`, …); `tag` and `copy` keep the first original's. */
  original?: string;
  /** restic 0.16+ */
  program_version?: string;
  /** restic 0.17+ */
  summary?: SnapshotSummary;
  [field: string]: unknown;
}

/** A snapshot as `restic snapshots --json` prints it. */
export interface Snapshot extends SnapshotRecord {
  /** The full 64-hex ID. */
  id: string;
  /** The first 8 hex digits of the ID. */
  short_id: string;
}

/** One group of `snapshots --group-by`. Members of the key that were not grouped by are null. */
export interface SnapshotGroup {
  /** The values the group's snapshots share. */
  group_key: {
    /** The host name, when grouped by host. */
    hostname: string | null;
    /** The backed-up paths, when grouped by paths. */
    paths: string[] | null;
    /** The tags, when grouped by tags. */
    tags: string[] | null;
  };
  /** The snapshots of the group. */
  snapshots: Snapshot[];
}
