// The depth-first walk under ls and find: restic's order (a node, then what is inside it), one
// generator level however deep the folders go, and the next few subtrees of each folder read
// ahead, so that reading and decrypting them overlap with the caller's work on earlier nodes.
import { join as pathJoin } from './go-path.js';
import type { DecodedNode } from './tree-reader.js';

/** What the walk does with a node, from {@link WalkChoice}: yield it, go into it, or both. */
export const YIELD = 1;
export const DESCEND = 2;
/** YIELD | DESCEND, or either, or 0. It is asked once per node, before the walk reaches it. */
export type WalkChoice = (path: string, node: DecodedNode) => number;

export interface WalkedNode {
  path: string;
  node: DecodedNode;
}

/** Subtrees of one folder read before the walk reaches them. */
const READ_AHEAD = 4;

/** Go's path.Join(prefix, name), without the cleaning work for the usual names. */
export function childPath(prefix: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) return pathJoin(prefix, name);
  return prefix === '/' ? '/' + name : prefix + '/' + name;
}

class Folder {
  index = 0;
  readonly paths: string[];
  readonly choices: Uint8Array;
  /** The subtrees to go into, in order, and how many of them have been asked for. */
  readonly #descents: string[] = [];
  #started = 0;
  readonly #pending: Promise<DecodedNode[]>[] = [];

  constructor(
    readonly nodes: DecodedNode[],
    prefix: string,
    choose: WalkChoice,
    readonly load: (treeId: string) => Promise<DecodedNode[]>,
  ) {
    this.paths = new Array<string>(nodes.length);
    this.choices = new Uint8Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const path = childPath(prefix, node.name);
      let choice = choose(path, node);
      if (node.type !== 'dir') choice &= ~DESCEND;
      this.paths[i] = path;
      this.choices[i] = choice;
      if (choice & DESCEND) this.#descents.push(node.subtree!);
    }
    this.#topUp();
  }

  #topUp(): void {
    while (this.#pending.length < READ_AHEAD && this.#started < this.#descents.length) {
      const loading = this.load(this.#descents[this.#started++]!);
      // A read-ahead the walk never reaches (the caller stopped early) must not be an unhandled rejection.
      loading.catch(() => undefined);
      this.#pending.push(loading);
    }
  }

  /** The next subtree to go into; the walk asks in the order of the nodes. */
  nextSubtree(): Promise<DecodedNode[]> {
    const next = this.#pending.shift()!;
    this.#topUp();
    return next;
  }
}

/**
 * The nodes below the tree `root` (whose own path is `prefix`) that `choose` keeps, depth-first,
 * in batches: each batch holds the nodes met before the walk has to wait for a subtree. One
 * step of an async generator per batch, not per node, as a step costs more than a node.
 * `check` runs before each node, to end the walk on an abort.
 */
export async function* walkTrees(
  root: string,
  prefix: string,
  load: (treeId: string) => Promise<DecodedNode[]>,
  choose: WalkChoice,
  check: () => void,
): AsyncGenerator<WalkedNode[], void, undefined> {
  const stack = [new Folder(await load(root), prefix, choose, load)];
  let batch: WalkedNode[] = [];
  while (stack.length > 0) {
    const folder = stack[stack.length - 1]!;
    if (folder.index === folder.nodes.length) {
      stack.pop();
      continue;
    }
    const i = folder.index++;
    check();
    const choice = folder.choices[i]!;
    if (choice & YIELD) batch.push({ path: folder.paths[i]!, node: folder.nodes[i]! });
    if (choice & DESCEND) {
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      stack.push(new Folder(await folder.nextSubtree(), folder.paths[i]!, choose, load));
    }
  }
  if (batch.length > 0) yield batch;
}
