import type { Snapshot, SnapshotRecord } from './snapshot.js';

/** Why `forget` keeps a snapshot. */
export interface KeepReason {
  /** The kept snapshot; `id` and `short_id` only from restic 0.17. */
  snapshot: SnapshotRecord & {
    /** The snapshot's full ID. restic 0.17+ */
    id?: string;
    /** The first 8 hex digits of the ID. restic 0.17+ */
    short_id?: string;
  };
  /** The rules that keep it, e.g. `last snapshot`, `daily snapshot`. */
  matches: string[];
  /** Only up to restic 0.16. */
  counters?: Record<string, number>;
  [field: string]: unknown;
}

/** One group of `forget --json`: the snapshots it keeps and removes, and why. */
export interface ForgetGroup {
  /** The tags the group shares; null unless grouped by tags. */
  tags: string[] | null;
  /** The host the group shares; empty unless grouped by host. */
  host: string;
  /** The paths the group shares; null unless grouped by paths. */
  paths: string[] | null;
  /** The snapshots kept; null when none. */
  keep: Snapshot[] | null;
  /** The snapshots removed (or, with `dryRun`, that would be); null when none. */
  remove: Snapshot[] | null;
  /** Why each kept snapshot is kept. */
  reasons: KeepReason[] | null;
  [field: string]: unknown;
}
