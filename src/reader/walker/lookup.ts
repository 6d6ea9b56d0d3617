// Paths looked up in a snapshot's trees: a folder to start from (`<id>:<folder>`), a node to dump.
import { InvalidArgumentError, ObjectNotFoundError } from '../errors.js';
import { clean, join as pathJoin } from './go-path.js';
import type { TreeSource } from './tree-cache.js';
import type { DecodedNode } from './tree-reader.js';

/** The tree of `folder` below `root`, as restic 0.16+ reads `<id>:<folder>` (restic's FindTreeDirectory). */
export async function subfolderTree(root: string, folder: string, trees: TreeSource, signal?: AbortSignal): Promise<string> {
  let tree = root;
  let subfolder = '';
  for (const name of clean(folder).split('/')) {
    if (name === '' || name === '.') continue;
    subfolder = pathJoin(subfolder, name);
    const node = (await trees.tree(tree, signal)).find((n) => n.name === name);
    if (!node) throw new ObjectNotFoundError('path', subfolder, `path ${subfolder}: not found`);
    if (node.type !== 'dir' || node.subtree === undefined) throw new InvalidArgumentError('snapshotId', `path ${subfolder}: not a directory`);
    tree = node.subtree;
  }
  return tree;
}

/**
 * The node at `path` below the tree `root` (undefined for `/`), its path cleaned, and the tree
 * that holds it; ObjectNotFoundError when absent.
 */
export async function lookupPath(root: string, path: string, trees: TreeSource, signal?: AbortSignal): Promise<{ node: DecodedNode | undefined; path: string; tree: string }> {
  let tree = root;
  const cleaned = clean(path.startsWith('/') ? path : '/' + path);
  const components = cleaned === '/' ? [] : cleaned.slice(1).split('/');
  let node: DecodedNode | undefined;
  let current = '';
  for (let i = 0; i < components.length; i++) {
    const name = components[i]!;
    current += '/' + name;
    const nodes = await trees.tree(tree, signal);
    node = nodes.find((n) => n.name === name);
    if (!node) throw new ObjectNotFoundError('path', current, `path ${JSON.stringify(current)} not found in snapshot`);
    if (i < components.length - 1) {
      if (node.type !== 'dir') throw new InvalidArgumentError('path', `${JSON.stringify(current)} should be a dir, but is a ${JSON.stringify(node.type)}`);
      tree = node.subtree!;
    }
  }
  return { node, path: cleaned, tree };
}
