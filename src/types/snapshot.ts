/** A snapshot's backup statistics, stored with it from restic 0.17. */
export interface SnapshotSummary {
  backup_start: string;
  backup_end: string;
  files_new: number;
  files_changed: number;
  files_unmodified: number;
  dirs_new: number;
  dirs_changed: number;
  dirs_unmodified: number;
  data_blobs: number;
  tree_blobs: number;
  data_added: number;
  data_added_packed: number;
  total_files_processed: number;
  total_bytes_processed: number;
  [field: string]: unknown;
}

/** A snapshot as stored (what `cat snapshot` prints, and `forget` reasons on 0.14): no `id`, no `short_id`. Times are RFC 3339 strings, kept as restic wrote them. */
export interface SnapshotRecord {
  time: string;
  parent?: string;
  tree: string;
  paths: string[];
  hostname: string;
  username: string;
  uid?: number;
  gid?: number;
  excludes?: string[];
  tags?: string[] | null;
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
  group_key: { hostname: string | null; paths: string[] | null; tags: string[] | null };
  snapshots: Snapshot[];
}
