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

/** A snapshot as `restic snapshots --json` prints it. Times are RFC 3339 strings, kept as restic wrote them. */
export interface Snapshot {
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
  /** The full 64-hex ID. */
  id: string;
  /** The first 8 hex digits of the ID. */
  short_id: string;
  [field: string]: unknown;
}

/** A snapshot as stored (what `cat snapshot` prints): no `id`, no `short_id`. */
export type SnapshotRecord = Omit<Snapshot, 'id' | 'short_id'>;

/** One group of `snapshots --group-by`. Members of the key that were not grouped by are null. */
export interface SnapshotGroup {
  group_key: { hostname: string | null; paths: string[] | null; tags: string[] | null };
  snapshots: Snapshot[];
}
