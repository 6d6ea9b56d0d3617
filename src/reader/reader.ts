// ResticReader: reads a restic repository directly, without running restic, from a local folder,
// a REST server or an S3 bucket. Everything read is verified: each file's SHA-256 against its
// name, each MAC before decrypting, each blob's SHA-256 against its ID.
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { timerMilliseconds } from '../shared/checks.js';
import { defineAsyncDispose } from '../shared/dispose.js';
import { stoppable, stoppableReadable } from '../shared/stoppable.js';
import type { FindResult } from '../types/find.js';
import type { LsMessage, LsNode, LsResult, LsSnapshot } from '../types/ls.js';
import type { RepositoryConfig } from '../types/repository.js';
import type { Snapshot } from '../types/snapshot.js';
import type { Backend } from './backend/backend.js';
import { LocalBackend } from './backend/local.js';
import { openBackend } from './backend/open-backend.js';
import { catCommands } from './cat.js';
import type { SecretKey } from './crypto/crypto.js';
import { DEFAULT_SCRYPT_LIMITS, type ScryptLimits } from './crypto/key-derivation.js';
import { dumpPath, type BlobSource } from './dump/dump.js';
import { abortedError, InvalidArgumentError, ReaderClosedError, ResticError, throwIfAborted } from './errors.js';
import { IdleTimer } from './idle-timer.js';
import type { ReaderCallOptions, ReaderCatCommands, ReaderFindOptions, ReaderLsOptions, ReaderSnapshotFilter, ReaderWarning, ResticReaderOptions } from './options.js';
import { readPassword } from './password.js';
import { openConfig } from './repository/config.js';
import { IndexTable, type BlobType } from './repository/index-table.js';
import { findKey } from './repository/keys.js';
import { loadIndex } from './repository/load-index.js';
import { PackReader } from './repository/pack-reader.js';
import { listedSnapshot, SnapshotList, type StoredSnapshot } from './repository/snapshots.js';
import { compilePatterns, findMatches } from './walker/find.js';
import { subfolderTree } from './walker/lookup.js';
import { lsFolders, lsNodes, lsSnapshot } from './walker/ls.js';
import { TreeCache } from './walker/tree-cache.js';

/** An error of a call whose signal fired, as the call promises it: ResticAbortedError, whatever the layer below threw (a file stream's AbortError). */
function abortedAs(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted && !(error instanceof ResticError) ? abortedError(signal) : error;
}

export interface ResticReader {
  /**
   * `await using reader = await ResticReader.open(…)`: `close()` when the block ends, then
   * waits until the reader's files and connections are released.
   */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Reads a restic repository without restic: snapshots, listings, searches, file contents and the
 * repository's objects, with the same result types and field names as the `Restic` calls.
 * Open with {@link ResticReader.open}; `close()` zeroes the master key.
 *
 * The reader takes no lock and never writes. It sees the index and snapshots as they were at
 * `open()` or the last `refresh()`.
 */
export class ResticReader {
  readonly #backend: Backend;
  /** Only the options reads need; the password is not kept. */
  readonly #concurrency: number;
  #key: SecretKey | undefined;
  #config: RepositoryConfig & { version: 1 | 2 };
  #index = new IndexTable();
  #indexIds: string[] = [];
  #snapshots = new SnapshotList();
  readonly #trees = new TreeCache((id, signal) => this.#loadBlob(id, 'tree', signal));
  /** What the walker and the dump read through: the tree cache, verified blobs, and the check that marks work. */
  readonly #source: BlobSource = {
    tree: (id, signal) => this.#trees.get(id, signal),
    loadBlob: (id, type, signal) => this.#loadBlob(id, type, signal),
    check: (signal) => this.#check(signal),
  };
  readonly #packs: PackReader;
  #closed = false;
  /** Settles once close() has released the backend's files and connections. */
  #released: Promise<void> | undefined;
  #closedMessage: string | undefined;
  readonly #idle: IdleTimer;
  readonly #onWarning: ((warning: ReaderWarning) => void) | undefined;
  #warnings: readonly ReaderWarning[] = [];

  /** `cat`: the repository's objects. */
  readonly cat: ReaderCatCommands;

  private constructor(backend: Backend, options: ResticReaderOptions, key: SecretKey, config: RepositoryConfig & { version: 1 | 2 }) {
    this.#backend = backend;
    const n = options.concurrency ?? 8;
    this.#concurrency = Number.isInteger(n) && n > 0 ? n : 8;
    this.#key = key;
    this.#config = config;
    const idleTimeoutMs = options.idleTimeoutMs;
    this.#idle = new IdleTimer(idleTimeoutMs, () => {
      this.#closedMessage = `the ResticReader closed itself, zeroing its key, after ${idleTimeoutMs} ms without use (idleTimeoutMs)`;
      this.close();
    });
    this.#onWarning = options.onWarning;
    this.#packs = new PackReader(
      backend,
      () => this.#requireKey(),
      // After close() the index is empty: a load then says the reader is closed, not that the blob is missing.
      () => {
        if (this.#closed) throw new ReaderClosedError(this.#closedMessage);
        return this.#index;
      },
      { verifyPacks: options.verifyPacks ?? backend instanceof LocalBackend },
    );
    this.cat = catCommands({
      backend,
      check: (signal) => this.#check(signal),
      key: () => this.#requireKey(),
      config: () => this.#config,
      snapshots: () => this.#snapshots,
      loadBlob: (id, type, signal) => this.#loadBlob(id, type, signal),
    });
  }

  /**
   * Opens a repository: finds a key the password opens (at most `maxKeys` key files, scrypt
   * parameters bounded), reads the config (format 1 or 2), the index and the snapshots.
   * Rejects with WrongPasswordError, RepositoryNotFoundError, RepositoryCorruptError,
   * UnsupportedRepositoryError or ResticAbortedError.
   */
  static async open(options: ResticReaderOptions): Promise<ResticReader> {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', 'expected an object');
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new InvalidArgumentError('onWarning', 'expected a function');
    const { signal } = options;
    const location = options.repository;
    if (typeof location !== 'string' || location === '') throw new InvalidArgumentError('repository', 'expected a local folder, a rest: URL or an s3: location');
    timerMilliseconds('idleTimeoutMs', options.idleTimeoutMs, { min: 1, whole: true });
    const maxKeys = options.maxKeys ?? 20;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new InvalidArgumentError('maxKeys', 'expected a positive integer');
    const limits: ScryptLimits = { ...DEFAULT_SCRYPT_LIMITS, ...options.scryptLimits };
    throwIfAborted(signal);
    const backend: Backend = openBackend(options);
    const password = await readPassword(options, signal);
    let key: SecretKey | undefined;
    try {
      const configFile = await backend.readConfig(signal);
      throwIfAborted(signal);
      key = await findKey(backend, password, maxKeys, options.keyHint, limits, signal);
      const config = openConfig(key, configFile);
      const reader = new ResticReader(backend, options, key, config);
      try {
        await reader.#load(signal);
      } catch (error) {
        reader.close();
        throw error;
      }
      return reader;
    } catch (error) {
      key?.destroy();
      void backend.close();
      throw error;
    } finally {
      password.fill(0);
    }
  }

  #requireKey(): SecretKey {
    if (this.#closed || !this.#key) throw new ReaderClosedError(this.#closedMessage);
    this.#idle.touch();
    return this.#key;
  }

  #check(signal?: AbortSignal): void {
    if (this.#closed) throw new ReaderClosedError(this.#closedMessage);
    this.#idle.touch();
    throwIfAborted(signal);
  }

  async #load(signal?: AbortSignal): Promise<void> {
    await this.#idle.during(() => this.#loadFiles(signal));
  }

  /** Reads the snapshot list and the index; only new snapshot files are read again, and the index when its files changed. */
  async #loadFiles(signal?: AbortSignal): Promise<void> {
    const key = this.#requireKey();
    const version = this.#config.version;
    const { snapshots, warnings } = await this.#snapshots.reload(this.#backend, key, version, this.#concurrency, () => this.#check(signal), signal);
    for (const warning of warnings) this.#onWarning?.(warning);

    const indexIds = await this.#backend.list('index', signal);
    this.#check(signal);
    if (indexIds.join() !== this.#indexIds.join() || this.#index.size === 0) {
      this.#index = await loadIndex(this.#backend, key, version, indexIds, this.#concurrency, () => this.#check(signal), signal);
      this.#indexIds = indexIds;
      this.#packs.reset();
    }
    this.#snapshots = snapshots;
    this.#warnings = warnings;
  }

  /** The files the last load (`open()` or `refresh()`) skipped; see {@link ResticReaderOptions.onWarning}. */
  get warnings(): readonly ReaderWarning[] {
    return this.#warnings;
  }

  /** Re-reads the snapshot list and the index (after backups, `forget` or `prune` by restic). */
  async refresh(options: ReaderCallOptions = {}): Promise<void> {
    this.#check(options.signal);
    await this.#load(options.signal);
  }

  /** Zeroes the master key and drops the index and snapshots. Every call afterwards rejects with ReaderClosedError. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#idle.stop();
    this.#key?.destroy();
    this.#key = undefined;
    this.#released = this.#backend.close().catch(() => undefined);
    this.#index.clear();
    this.#snapshots.clear();
    this.#trees.clear();
  }

  static {
    // No Symbol.dispose: a plain `using` would go on before the files and connections are released.
    defineAsyncDispose(this.prototype, async function dispose(this: ResticReader) {
      this.close();
      await this.#released;
    });
  }

  /** Whether the reader is closed: by `close()`, or by itself after `idleTimeoutMs`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The repository's format version (1 or 2). */
  get repositoryVersion(): 1 | 2 {
    return this.#config.version;
  }

  /** Sizes of what the reader holds: snapshots, index rows, packs, and the index's bytes. */
  stats(): {
    /** Snapshots known since the last open or refresh. */
    snapshots: number;
    /** Index files read. */
    indexFiles: number;
    /** Blobs in the in-memory index. */
    blobs: number;
    /** Pack files the index names. */
    packs: number;
    /** Bytes the in-memory index takes. */
    indexBytes: number;
  } {
    return { snapshots: this.#snapshots.size, indexFiles: this.#indexIds.length, blobs: this.#index.size, packs: this.#index.packCount, indexBytes: this.#index.byteSize };
  }

  /**
   * A snapshot and the tree to start from: `<id>` (its root tree) or `<id>:<folder>` (that
   * folder's tree, as restic 0.16+ reads it; restic's FindTreeDirectory).
   */
  async #resolveRoot(spec: string, signal?: AbortSignal): Promise<{ stored: StoredSnapshot; tree: string }> {
    if (typeof spec !== 'string') throw new InvalidArgumentError('snapshotId', 'expected a snapshot ID');
    const colon = spec.indexOf(':');
    const stored = this.#snapshots.resolve(colon < 0 ? spec : spec.slice(0, colon));
    const tree = colon < 0 ? stored.record.tree : await subfolderTree(stored.record.tree, spec.slice(colon + 1), this.#source, signal);
    return { stored, tree };
  }

  /**
   * Like `restic snapshots --json`: the snapshots, oldest first, with `id` and `short_id`, and
   * `paths` sorted as restic prints them (0.14 to 0.19 sort them when listing; `cat.snapshot()`
   * and `ls` keep the stored order, as restic's `cat` and `ls` do). Tags keep their order.
   */
  async snapshots(filter: ReaderSnapshotFilter = {}): Promise<Snapshot[]> {
    this.#check(filter.signal);
    return this.#snapshots.sorted(filter).map(listedSnapshot);
  }

  /**
   * A blob, verified. A load that fails because the reader was closed under it (its files and
   * connections are gone) or its signal fired says so, whatever the layer below threw.
   */
  async #loadBlob(id: string, type: BlobType | undefined, signal: AbortSignal | undefined): Promise<Buffer> {
    try {
      return await this.#packs.loadBlob(id, type, signal);
    } catch (error) {
      this.#check(signal);
      throw error;
    }
  }

  /**
   * Like `restic ls --json`: first the snapshot, then its nodes depth-first in restic's order.
   * With `path` (absolute, or several), only what is in those folders (and the folders themselves);
   * with `recursive`, at any depth below them.
   */
  lsStream(snapshotId: string, path?: string | readonly string[], options: ReaderLsOptions = {}): AsyncGenerator<LsMessage, void, undefined> {
    // Left early (break, return()), it stops at once, also while a read is stalled.
    return stoppable((signal) => this.#lsMessages(snapshotId, path, options.recursive === true, signal), options.signal);
  }

  async *#lsMessages(snapshotId: string, path: string | readonly string[] | undefined, recursive: boolean, signal: AbortSignal): AsyncGenerator<LsMessage, void, undefined> {
    this.#check(signal);
    const dirs = lsFolders(path);
    const { stored, tree: root } = await this.#resolveRoot(snapshotId, signal);
    yield lsSnapshot(stored, root);
    yield* lsNodes(root, dirs, recursive, this.#source, signal);
  }

  /** `lsStream()` collected: `{ snapshot, nodes }`. */
  async ls(snapshotId: string, path?: string | readonly string[], options: ReaderLsOptions = {}): Promise<LsResult> {
    let snapshot: LsSnapshot | undefined;
    const nodes: LsNode[] = [];
    for await (const message of this.lsStream(snapshotId, path, options)) {
      if (message.message_type === 'snapshot') snapshot = message;
      else nodes.push(message);
    }
    return { snapshot: snapshot!, nodes };
  }

  /**
   * Like `restic find --json`: per snapshot (newest first) the nodes whose path matches one of
   * the patterns (restic's pattern rules: a pattern without a slash matches a name at any depth,
   * `*`, `?`, `[…]` within a name, `**` across folders).
   */
  async find(patterns: string | readonly string[], options: ReaderFindOptions = {}): Promise<FindResult[]> {
    const { signal } = options;
    this.#check(signal);
    const ignoreCase = Boolean(options.ignoreCase);
    const compiled = compilePatterns(patterns, ignoreCase);
    const chosen = this.#snapshots.select(options.snapshotIds, options);
    if (!options.reverse) chosen.reverse();
    const results: FindResult[] = [];
    for (const stored of chosen) {
      const matches = await findMatches(stored.record.tree, compiled, ignoreCase, this.#source, signal);
      if (matches.length > 0) results.push({ matches, hits: matches.length, snapshot: stored.id });
    }
    return results;
  }

  /**
   * Like `restic dump`: a file's content, or a folder (`/` for the whole snapshot) as the tar
   * archive restic writes, byte for byte, as a Node Readable. Streamed blob by blob, each blob
   * verified before any of its bytes are pushed. Errors (path not found, damaged data) arrive as
   * an 'error' on the stream.
   */
  dump(snapshotId: string, path: string, options: ReaderCallOptions = {}): Readable {
    const self = this;
    // Destroyed, it stops at once, also while a read is stalled.
    return stoppableReadable(async function* content(signal): AsyncGenerator<Buffer, void, undefined> {
      try {
        self.#check(signal);
        if (typeof path !== 'string' || path === '') throw new InvalidArgumentError('path', 'expected a path in the snapshot');
        const { tree } = await self.#resolveRoot(snapshotId, signal);
        yield* dumpPath(tree, path, self.#source, signal);
      } catch (error) {
        throw abortedAs(error, signal);
      }
    }, options.signal);
  }

  /** What `JSON.stringify` shows: the location and whether the reader is closed, never the key. */
  toJSON(): Record<string, unknown> {
    return { repository: this.#backend.location, closed: this.#closed };
  }

  /** What `console.log` and `util.inspect` show: counts, never the key. */
  [inspect.custom](): string {
    const s = this.stats();
    return `ResticReader { repository: ${JSON.stringify(this.#backend.location)}, version: ${this.#config.version}, snapshots: ${s.snapshots}, blobs: ${s.blobs}, closed: ${this.#closed} }`;
  }
}
