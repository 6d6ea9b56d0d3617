/** Options every call accepts. */
export interface CallOptions {
  /** Aborting stops restic (SIGINT, then SIGKILL after the grace period) and rejects with ResticAbortedError. */
  signal?: AbortSignal;
}

export type { SnapshotFilterOptions } from '../shared/snapshot-filter.js';
