/** The snapshot filter both read paths take: restic's `--host`, `--tag` and `--path`. */
import type { TagFilter } from './checks.js';

/** Which snapshots a command works on, as restic's `--host`, `--tag` and `--path` filters. */
export interface SnapshotFilterOptions {
  /** Only snapshots from this host (or any of these hosts). */
  host?: string | readonly string[];
  /** Only snapshots with these tags: `['a', 'b']` means a OR b, `[['a', 'b']]` means a AND b (see TagFilter). */
  tags?: TagFilter;
  /** Only snapshots that include this path (or any of these paths). */
  paths?: string | readonly string[];
}
