import { stringList, tagFilterValues, type ArgvBuilder, type TagFilter } from '../args.js';
import type { SnapshotFilterOptions } from '../shared/snapshot-filter.js';

/** Options every call accepts. */
export interface CallOptions {
  /** Aborting stops restic (SIGINT, then SIGKILL after the grace period) and rejects with ResticAbortedError. */
  signal?: AbortSignal;
}

export type { SnapshotFilterOptions } from '../shared/snapshot-filter.js';

export function addSnapshotFilters(argv: ArgvBuilder, options: SnapshotFilterOptions): ArgvBuilder {
  return argv
    .values('host', stringList('host', options.host))
    .values('tag', tagFilterValues('tags', options.tags))
    .values('path', stringList('paths', options.paths));
}
