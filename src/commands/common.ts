import { stringList, tagFilterValues, type ArgvBuilder, type TagFilter } from '../args.js';

/** Options every call accepts. */
export interface CallOptions {
  /** Aborting stops restic (SIGINT, then SIGKILL after the grace period) and rejects with ResticAbortedError. */
  signal?: AbortSignal;
}

/** Which snapshots a command works on, as restic's `--host`, `--tag` and `--path` filters. */
export interface SnapshotFilterOptions {
  /** Only snapshots from this host (or any of these hosts). */
  host?: string | readonly string[];
  /** Only snapshots with these tags: `['a', 'b']` means a OR b, `[['a', 'b']]` means a AND b (see TagFilter). */
  tags?: TagFilter;
  /** Only snapshots that include this path (or any of these paths). */
  paths?: string | readonly string[];
}

export function addSnapshotFilters(argv: ArgvBuilder, options: SnapshotFilterOptions): ArgvBuilder {
  return argv
    .values('host', stringList('host', options.host))
    .values('tag', tagFilterValues('tags', options.tags))
    .values('path', stringList('paths', options.paths));
}
