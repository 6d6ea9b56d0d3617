// The snapshots the reader knows: read from their files (a damaged one skipped, as restic skips
// it), ordered by time, filtered as restic's --host, --tag and --path filter them, and found by
// ID, unique prefix or `latest`.
import { WHOLE_ID } from '../../shared/ids.js';
import { stringList, tagFilterValues } from '../../shared/checks.js';
import type { SnapshotFilterOptions } from '../../shared/snapshot-filter.js';
import type { Snapshot, SnapshotRecord } from '../../types/snapshot.js';
import type { Backend } from '../backend/backend.js';
import type { SecretKey } from '../crypto/crypto.js';
import { BackendError, ObjectNotFoundError, ReaderClosedError, RepositoryCorruptError, ResticAbortedError, ResticError } from '../errors.js';
import type { ReaderWarning } from '../options.js';
import { loadUnpacked, parseJsonOrCorrupt } from './files.js';
import { timeKey } from './go-time.js';
import { mapLimit } from './parallel.js';
import { resolvePrefix } from './prefix.js';

export interface StoredSnapshot {
  id: string;
  record: SnapshotRecord;
  /** Seconds since the epoch, then nanoseconds: the snapshot's time, for ordering. */
  seconds: number;
  nanos: number;
}

function compareTime(a: StoredSnapshot, b: StoredSnapshot): number {
  return a.seconds - b.seconds || a.nanos - b.nanos || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * restic's snapshot filter as a test of one snapshot: any of the hosts; all of the paths; one of
 * the tag lists (each an AND). The filter is read and checked once, not per snapshot, with the
 * checks of the restic path, so that both refuse the same filters.
 */
function snapshotFilter(filter: SnapshotFilterOptions): (record: SnapshotRecord) => boolean {
  const hosts = stringList('host', filter.host) ?? [];
  const paths = stringList('paths', filter.paths) ?? [];
  // Each alternative as the restic path gives it to `--tag`: its tags joined by commas, none empty.
  const alternatives = (tagFilterValues('tags', filter.tags) ?? []).map((alternative) => alternative.split(','));
  return (record) => {
    if (hosts.length > 0 && !hosts.includes(record.hostname)) return false;
    if (paths.length > 0) {
      const own = new Set(record.paths ?? []);
      if (!paths.every((p) => own.has(p))) return false;
    }
    if (alternatives.length === 0) return true;
    const own = record.tags ?? [];
    return alternatives.some((tags) => tags.every((tag) => own.includes(tag)));
  };
}

/**
 * The error to skip a snapshot file for, or undefined when the load must fail: an abort or a
 * closed reader stops it, and so does an error that is not about the file (a bug). A system
 * error of the file itself (EISDIR, EACCES) is a BackendError naming it.
 */
function skippable(error: unknown, file: string, signal: AbortSignal | undefined): ResticError | undefined {
  if (signal?.aborted || error instanceof ReaderClosedError || error instanceof ResticAbortedError) return undefined;
  if (error instanceof ResticError) return error;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return new BackendError(`${file}: ${error.message}`, undefined, { cause: error });
  return undefined;
}

/** Go's sort.Strings: by UTF-8 bytes (JavaScript's sort compares UTF-16 units, which orders some characters differently). */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The snapshots of one load, by ID. */
export class SnapshotList {
  readonly #byId: Map<string, StoredSnapshot>;

  constructor(byId = new Map<string, StoredSnapshot>()) {
    this.#byId = byId;
  }

  get size(): number {
    return this.#byId.size;
  }

  clear(): void {
    this.#byId.clear();
  }

  /** Those the filter keeps, oldest first. */
  sorted(filter: SnapshotFilterOptions = {}): StoredSnapshot[] {
    const matches = snapshotFilter(filter);
    return [...this.#byId.values()].filter((s) => matches(s.record)).sort(compareTime);
  }

  /** A snapshot by ID, unique prefix, or `latest` (the newest, among those the filter keeps). */
  resolve(id: string, filter: SnapshotFilterOptions = {}): StoredSnapshot {
    if (id === 'latest') {
      const all = this.sorted(filter);
      const latest = all[all.length - 1];
      if (!latest) throw new ObjectNotFoundError('snapshot', 'latest', 'no snapshot found (latest)');
      return latest;
    }
    const full = resolvePrefix([...this.#byId.keys()], id, 'snapshot');
    return this.#byId.get(full)!;
  }

  /** The snapshots `ids` names (IDs, prefixes, `latest`), or with none all, that the filter keeps, oldest first. */
  select(ids: readonly string[] | undefined, filter: SnapshotFilterOptions): StoredSnapshot[] {
    if (ids === undefined || ids.length === 0) return this.sorted(filter);
    const byId = new Map<string, StoredSnapshot>();
    for (const id of ids) {
      const s = this.resolve(id, filter);
      byId.set(s.id, s);
    }
    const matches = snapshotFilter(filter);
    return [...byId.values()].filter((s) => matches(s.record)).sort(compareTime);
  }

  /**
   * Reads the snapshot list; only the snapshot files not in this list are read, `concurrency`
   * at once, `check` before each. Those that cannot be read are skipped, and named in the
   * warnings in listing order.
   */
  async reload(backend: Backend, key: SecretKey, version: number, concurrency: number, check: () => void, signal: AbortSignal | undefined): Promise<{ snapshots: SnapshotList; warnings: ReaderWarning[] }> {
    const snapshotIds = await backend.list('snapshots', signal);
    check();
    const snapshots = new Map<string, StoredSnapshot>();
    const fresh = snapshotIds.filter((id) => !this.#byId.has(id));
    for (const id of snapshotIds) {
      const known = this.#byId.get(id);
      if (known) snapshots.set(id, known);
    }
    // A snapshot file that cannot be read is skipped and reported, as restic does: anyone who
    // may add files (an append-only server) must not be able to hide every other snapshot.
    const skipped = new Map<string, ReaderWarning>();
    await mapLimit(fresh, concurrency, async (id) => {
      check();
      const file = `snapshots/${id}`;
      try {
        const text = await loadUnpacked(backend, key, version, 'snapshots', id, signal);
        const record = parseJsonOrCorrupt<SnapshotRecord>(text, file);
        if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new RepositoryCorruptError(file, 'it is not a JSON object');
        if (typeof record.tree !== 'string' || !WHOLE_ID.test(record.tree)) throw new RepositoryCorruptError(file, 'it has no tree');
        snapshots.set(id, { id, record, ...timeKey(record.time) });
      } catch (error) {
        const reason = skippable(error, file, signal);
        if (!reason) throw error;
        skipped.set(id, { file, error: reason });
      }
    });
    // In listing order, whatever order the reads finished in.
    const warnings = fresh.flatMap((id) => skipped.get(id) ?? []);
    return { snapshots: new SnapshotList(snapshots), warnings };
  }
}

/** A snapshot as the calls return it: the stored record (a copy), with `id` and `short_id`. */
export function snapshotOut(stored: StoredSnapshot): Snapshot {
  return { ...structuredClone(stored.record), id: stored.id, short_id: stored.id.slice(0, 8) };
}

/** A snapshot as `restic snapshots` lists it: `paths` sorted. */
export function listedSnapshot(stored: StoredSnapshot): Snapshot {
  const out = snapshotOut(stored);
  if (Array.isArray(out.paths) && out.paths.every((p) => typeof p === 'string')) out.paths.sort(byBytes);
  return out;
}
