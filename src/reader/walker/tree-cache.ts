// Trees decoded once and kept for a while: a folder looked up, then listed or dumped, and the
// calls after it read the same trees again.
import { RepositoryCorruptError } from '../errors.js';
import { parseJsonOrCorrupt } from '../repository/files.js';
import { decodeTree, type DecodedNode } from './tree-reader.js';

/** Trees kept decoded: at most this many, and at most this many nodes in all. */
const TREE_CACHE_TREES = 256;
const TREE_CACHE_NODES = 20_000;

/** The decoded trees last used, least recently used dropped first. */
export class TreeCache {
  readonly #loadBlob: (id: string, signal?: AbortSignal) => Promise<Buffer>;
  readonly #trees = new Map<string, DecodedNode[]>();
  #nodes = 0;

  /** `loadBlob` gives a tree blob's plaintext, verified. */
  constructor(loadBlob: (id: string, signal?: AbortSignal) => Promise<Buffer>) {
    this.#loadBlob = loadBlob;
  }

  /** The tree's nodes, decoded; RepositoryCorruptError when it is not a tree. */
  async get(id: string, signal?: AbortSignal): Promise<DecodedNode[]> {
    const cached = this.#trees.get(id);
    if (cached) {
      this.#trees.delete(id);
      this.#trees.set(id, cached);
      return cached;
    }
    const plaintext = await this.#loadBlob(id, signal);
    const json = parseJsonOrCorrupt<unknown>(plaintext.toString('utf8'), `tree ${id}`);
    let nodes: DecodedNode[];
    try {
      nodes = decodeTree(json);
    } catch (error) {
      throw new RepositoryCorruptError(`tree ${id}`, (error as Error).message);
    }
    if (nodes.length <= TREE_CACHE_NODES / 4) {
      this.#trees.set(id, nodes);
      this.#nodes += nodes.length;
      while (this.#trees.size > TREE_CACHE_TREES || this.#nodes > TREE_CACHE_NODES) {
        const [oldest, dropped] = this.#trees.entries().next().value as [string, DecodedNode[]];
        this.#trees.delete(oldest);
        this.#nodes -= dropped.length;
      }
    }
    return nodes;
  }

  clear(): void {
    this.#trees.clear();
    this.#nodes = 0;
  }
}

/** What the walker reads trees through: the cache, and the reader's check (closed, aborted) that marks work. */
export interface TreeSource {
  tree(id: string, signal?: AbortSignal): Promise<DecodedNode[]>;
  check(signal?: AbortSignal): void;
}
