// `ls`: a snapshot's nodes depth-first in restic's order, all of them or only those in some folders.
import { stringList } from '../../shared/checks.js';
import type { LsNode, LsSnapshot } from '../../types/ls.js';
import { InvalidArgumentError } from '../errors.js';
import { snapshotOut, type StoredSnapshot } from '../repository/snapshots.js';
import { clean } from './go-path.js';
import type { TreeSource } from './tree-cache.js';
import { lsNodeFrom } from './tree-reader.js';
import { DESCEND, walkTrees, YIELD } from './tree-walk.js';

/** The folders to list, checked: absolute paths, none meaning all. */
export function lsFolders(path: unknown): string[] {
  const dirs = stringList('path', path) ?? [];
  for (const dir of dirs) if (!dir.startsWith('/')) throw new InvalidArgumentError('path', 'path filters must be absolute, starting with a slash');
  return dirs;
}

/** The first message: the snapshot, as restic prints it: with `<id>:<folder>`, `tree` is the folder's tree. */
export function lsSnapshot(stored: StoredSnapshot, root: string): LsSnapshot {
  const snapshot: LsSnapshot = { ...snapshotOut(stored), message_type: 'snapshot', struct_type: 'snapshot' };
  if (root !== stored.record.tree) snapshot.tree = root;
  return snapshot;
}

/**
 * The nodes below `root`: with `dirs`, only what is in those folders (and the folders
 * themselves); with `recursive`, at any depth below them.
 */
export async function* lsNodes(root: string, dirs: readonly string[], recursive: boolean, trees: TreeSource, signal: AbortSignal): AsyncGenerator<LsNode, void, undefined> {
  for await (const batch of lsNodeBatches(root, dirs, recursive, trees, signal)) {
    for (const node of batch) {
      trees.check(signal);
      yield node;
    }
  }
}

/** {@link lsNodes} in batches, as the walk gives them. */
async function* lsNodeBatches(root: string, dirs: readonly string[], recursive: boolean, trees: TreeSource, signal: AbortSignal): AsyncGenerator<LsNode[], void, undefined> {
  // The walk's paths are clean already (childPath); the filters are cleaned once, not per node.
  const cleanDirs = dirs.map(clean);
  const hasPrefix = (base: string, p: string): boolean => p === base || p.startsWith(base === '/' ? '/' : base + '/');
  const within = (p: string): boolean => cleanDirs.length === 0 || cleanDirs.some((d) => hasPrefix(d, p));
  const approaching = (p: string): boolean => cleanDirs.length === 0 || cleanDirs.some((d) => hasPrefix(p, d));
  const choose = (p: string): number => {
    if (within(p)) return YIELD | (recursive || approaching(p) ? DESCEND : 0);
    return approaching(p) ? DESCEND : 0;
  };
  for await (const batch of walkTrees(root, '/', (id) => trees.tree(id, signal), choose, () => trees.check(signal))) yield batch.map(({ path: p, node }) => lsNodeFrom(p, node));
}
