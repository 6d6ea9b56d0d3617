// `dump`: a file's content, or a folder as the tar archive restic writes, blob by blob, each
// blob verified before any of its bytes are given out.
import { InvalidArgumentError, RepositoryCorruptError } from '../errors.js';
import type { BlobType } from '../repository/index-table.js';
import { lookupPath } from '../walker/lookup.js';
import type { TreeSource } from '../walker/tree-cache.js';
import { lossyNames, type DecodedNode } from '../walker/tree-reader.js';
import { childPath, DESCEND, walkTrees, YIELD, type WalkedNode } from '../walker/tree-walk.js';
import { notUtf8, tarEntryOf } from './dump-tar.js';
import { tarHeader, tarPadding, TAR_END } from './tar-header.js';

/** What the dump reads through: trees, and blobs verified. */
export interface BlobSource extends TreeSource {
  loadBlob(id: string, type: BlobType | undefined, signal: AbortSignal | undefined): Promise<Buffer>;
}

/** The content at `path` below the tree `root`: a file's bytes, or a folder (`/` for all) as restic's tar. */
export async function* dumpPath(root: string, path: string, source: BlobSource, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
  const { node, path: cleaned, tree } = await lookupPath(root, path, source, signal);
  if (!node || node.type === 'dir') {
    if (node && lossyNames.has(node)) throw notUtf8(cleaned);
    yield* tarOf(node ? node.subtree! : tree, cleaned, source, signal);
    return;
  }
  if (node.type !== 'file') throw new InvalidArgumentError('path', `${JSON.stringify(cleaned)} should be a file, but is a ${JSON.stringify(node.type)}`);
  yield* fileContent(node, source, signal);
}

/**
 * A file's data blobs, verified, with one blob read ahead while the previous one is consumed.
 * The generator can be left at any yield (a consumer that stops, a close, an abort): every
 * load gets a handler as it starts, so one that fails after that is never an unhandled
 * rejection, which would end the process.
 */
async function* fileContent(node: DecodedNode, source: BlobSource, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
  const blobs = node.content ?? [];
  const load = (i: number): Promise<Buffer> | undefined => {
    if (i >= blobs.length) return undefined;
    const loading = source.loadBlob(blobs[i]!, 'data', signal);
    loading.catch(() => undefined);
    return loading;
  };
  source.check(signal);
  let next = load(0);
  for (let i = 0; i < blobs.length; i++) {
    source.check(signal);
    const current = next!;
    next = load(i + 1);
    yield await current;
  }
}

/**
 * restic's tar of a folder: each entry of the folder (whatever its type), then, depth-first,
 * the files, links and folders below them, named by their path without the leading slash.
 */
async function* tarOf(treeId: string, rootPath: string, source: BlobSource, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
  const choose = (p: string, node: DecodedNode): number => {
    const topLevel = p === childPath(rootPath, node.name);
    const kept = topLevel || node.type === 'file' || node.type === 'symlink' || node.type === 'dir';
    return kept ? YIELD | DESCEND : 0;
  };
  for await (const batch of walkTrees(treeId, rootPath, (id) => source.tree(id, signal), choose, () => source.check(signal))) yield* tarEntries(batch, source, signal);
  yield TAR_END;
}

/** The tar entries of a batch of walked nodes: each header, then a file's data and padding. */
async function* tarEntries(batch: readonly WalkedNode[], source: BlobSource, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
  for (const { path: p, node } of batch) {
    source.check(signal);
    if (lossyNames.has(node)) throw notUtf8(p);
    const entry = tarEntryOf(p, node);
    yield tarHeader(entry);
    if (node.type !== 'file') continue;
    let written = 0;
    for await (const blob of fileContent(node, source, signal)) {
      written += blob.length;
      if (written > entry.size) break;
      yield blob;
    }
    if (written !== entry.size) throw new RepositoryCorruptError(`file ${p}`, `its data is ${written} bytes, its size ${entry.size}`);
    yield tarPadding(entry.size);
  }
}
