/** One changed path of `diff --json`. Modifier: `+` added, `-` removed, `T` type changed, `M` content changed, `U` metadata changed, `?` (0.17+) bitrot suspected. */
export interface DiffChange {
  message_type: 'change';
  path: string;
  modifier: '+' | '-' | 'T' | 'M' | 'U' | '?' | string;
  [field: string]: unknown;
}

export interface DiffCounts {
  files: number;
  dirs: number;
  others: number;
  data_blobs: number;
  tree_blobs: number;
  bytes: number;
  [field: string]: unknown;
}

/** The last message of `diff --json`. */
export interface DiffStatistics {
  message_type: 'statistics';
  source_snapshot: string;
  target_snapshot: string;
  changed_files: number;
  added: DiffCounts;
  removed: DiffCounts;
  [field: string]: unknown;
}

export type DiffMessage = DiffChange | DiffStatistics;

/** `diff()` collected. */
export interface DiffResult {
  changes: DiffChange[];
  statistics: DiffStatistics | undefined;
}
