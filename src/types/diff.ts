/** One changed path of `diff --json`. Modifier: `+` added, `-` removed, `T` type changed, `M` content changed, `U` metadata changed, `?` (0.17+) bitrot suspected. */
export interface DiffChange {
  /** Always `change`. */
  message_type: 'change';
  /** The path within the snapshots; folders end in `/`. */
  path: string;
  /** The kind of change: one or more of the characters above (e.g. `M?`). */
  modifier: '+' | '-' | 'T' | 'M' | 'U' | '?' | string;
  [field: string]: unknown;
}

/** What one side of `diff` has that the other lacks (`added`: only in the second snapshot, `removed`: only in the first). */
export interface DiffCounts {
  /** Files added or removed (not modified ones). */
  files: number;
  /** Folders added or removed. */
  dirs: number;
  /** Other entries (symlinks, devices, …) added or removed. */
  others: number;
  /** Data blobs used only by this side. */
  data_blobs: number;
  /** Tree blobs used only by this side. */
  tree_blobs: number;
  /** Total size of those blobs in bytes, before compression. */
  bytes: number;
  [field: string]: unknown;
}

/** The last message of `diff --json`. */
export interface DiffStatistics {
  /** Always `statistics`. */
  message_type: 'statistics';
  /** The first snapshot, as it was given to `diff` (restic repeats the argument, not the full ID). */
  source_snapshot: string;
  /** The second snapshot, as it was given to `diff`. */
  target_snapshot: string;
  /** Files in both snapshots whose content changed (the `M` changes). */
  changed_files: number;
  /** What only the second snapshot has. */
  added: DiffCounts;
  /** What only the first snapshot has. */
  removed: DiffCounts;
  [field: string]: unknown;
}

/** One message of `diff --json`: a change, or the final statistics. */
export type DiffMessage = DiffChange | DiffStatistics;

/** `diff()` collected. */
export interface DiffResult {
  /** Every changed path, in restic's order. */
  changes: DiffChange[];
  /** The totals; undefined if restic printed none. */
  statistics: DiffStatistics | undefined;
}
