import type { Snapshot, SnapshotRecord } from './snapshot.js';

/** Why `forget` keeps a snapshot. */
export interface KeepReason {
  snapshot: SnapshotRecord & { id?: string; short_id?: string };
  matches: string[];
  /** Only up to restic 0.16. */
  counters?: Record<string, number>;
  [field: string]: unknown;
}

/** One group of `forget --json`: the snapshots it keeps and removes, and why. */
export interface ForgetGroup {
  tags: string[] | null;
  host: string;
  paths: string[] | null;
  keep: Snapshot[] | null;
  remove: Snapshot[] | null;
  reasons: KeepReason[] | null;
  [field: string]: unknown;
}
