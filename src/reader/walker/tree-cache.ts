// Trees kept for a while, two ways: a folder looked up, then listed or dumped, and the calls
// after it read the same trees again. A few decoded, ready to walk; more as their plaintext,
// off the JavaScript heap, so that listing a snapshot again reads, decrypts and decompresses
// none of its trees. restic keeps its trees the same way (bloblru, 64 MiB of plaintext).
import { RepositoryCorruptError } from '../errors.js';
import { parseTreeJson } from './tree-json.js';
import { decodeTree, type DecodedNode } from './tree-reader.js';

/** Trees kept decoded: at most this many, and at most this many nodes in all. */
const TREE_CACHE_TREES = 256;
const TREE_CACHE_NODES = 20_000;
/** Plaintext of trees kept, in bytes, as restic's bloblru; a larger tree is not kept. */
const PLAINTEXT_CACHE_BYTES = 64 * 1024 * 1024;
const PLAINTEXT_LARGEST = PLAINTEXT_CACHE_BYTES / 8;

/** What an entry costs besides its weight: the map's entry and the Buffer object, on the heap. */
const ENTRY_BYTES = 200;

/** Least recently used dropped first, while over either bound. */
class Lru<T> {
  readonly #entries = new Map<string, { value: T; weight: number }>();
  #weight = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxWeight: number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, weight: number): void {
    if (this.#entries.has(key)) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    while (this.#entries.size > this.maxEntries || this.#weight > this.maxWeight) {
      const [oldest, dropped] = this.#entries.entries().next().value as [string, { weight: number }];
      this.#entries.delete(oldest);
      this.#weight -= dropped.weight;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}

/** The trees last used. */
export class TreeCache {
  readonly #loadBlob: (id: string, signal?: AbortSignal) => Promise<Buffer>;
  readonly #decoded = new Lru<DecodedNode[]>(TREE_CACHE_TREES, TREE_CACHE_NODES);
  readonly #plaintext = new Lru<Buffer>(Infinity, PLAINTEXT_CACHE_BYTES);

  /** `loadBlob` gives a tree blob's plaintext, verified. */
  constructor(loadBlob: (id: string, signal?: AbortSignal) => Promise<Buffer>) {
    this.#loadBlob = loadBlob;
  }

  /** The tree's nodes, decoded; RepositoryCorruptError when it is not a tree. */
  async get(id: string, signal?: AbortSignal): Promise<DecodedNode[]> {
    const cached = this.#decoded.get(id);
    if (cached) return cached;
    let plaintext = this.#plaintext.get(id);
    if (plaintext === undefined) {
      plaintext = await this.#loadBlob(id, signal);
      if (plaintext.length <= PLAINTEXT_LARGEST) {
        // A view into a larger allocation would keep all of it: keep a copy of the tree alone
        // (allocUnsafeSlow: Buffer.from would place a small one in Node's shared 8 KiB pool).
        const alone = plaintext.byteOffset === 0 && plaintext.buffer.byteLength === plaintext.length;
        const kept = alone ? plaintext : Buffer.allocUnsafeSlow(plaintext.length);
        if (!alone) plaintext.copy(kept);
        this.#plaintext.set(id, kept, plaintext.length + ENTRY_BYTES);
      }
    }
    let json: unknown;
    try {
      json = parseTreeJson(plaintext);
    } catch (error) {
      throw new RepositoryCorruptError(`tree ${id}`, 'it is not valid JSON', { cause: error });
    }
    let nodes: DecodedNode[];
    try {
      nodes = decodeTree(json);
    } catch (error) {
      throw new RepositoryCorruptError(`tree ${id}`, (error as Error).message);
    }
    if (nodes.length <= TREE_CACHE_NODES / 4) this.#decoded.set(id, nodes, nodes.length);
    return nodes;
  }

  clear(): void {
    this.#decoded.clear();
    this.#plaintext.clear();
  }
}

/** What the walker reads trees through: the cache, and the reader's check (closed, aborted) that marks work. */
export interface TreeSource {
  tree(id: string, signal?: AbortSignal): Promise<DecodedNode[]>;
  check(signal?: AbortSignal): void;
}
