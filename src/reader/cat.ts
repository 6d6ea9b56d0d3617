// `cat` through the reader: the repository's objects, read again from their files and verified,
// as restic's cat reads them.
import { WHOLE_ID } from '../shared/ids.js';
import type { IndexFile, KeyFile, RepositoryConfig, Tree } from '../types/repository.js';
import type { SnapshotRecord } from '../types/snapshot.js';
import type { Backend } from './backend/backend.js';
import type { SecretKey } from './crypto/crypto.js';
import { InvalidArgumentError } from './errors.js';
import type { ReaderCatCommands } from './options.js';
import { loadRaw, loadUnpacked, parseJsonOrCorrupt } from './repository/files.js';
import type { BlobType } from './repository/index-table.js';
import { resolvePrefix } from './repository/prefix.js';
import type { SnapshotList } from './repository/snapshots.js';

/** What `cat` reads through: the reader's backend, key, config, snapshots, blobs and check. */
export interface CatSource {
  readonly backend: Backend;
  /** Throws when the reader is closed or the signal fired; marks work for the idle timeout. */
  check(signal?: AbortSignal): void;
  key(): SecretKey;
  config(): RepositoryConfig & { version: 1 | 2 };
  snapshots(): SnapshotList;
  loadBlob(id: string, type: BlobType | undefined, signal: AbortSignal | undefined): Promise<Buffer>;
}

export function catCommands(reader: CatSource): ReaderCatCommands {
  const { backend } = reader;
  return {
    config: async (options = {}) => {
      reader.check(options.signal);
      return structuredClone(reader.config());
    },
    snapshot: async (id, options = {}) => {
      reader.check(options.signal);
      // Read again from the file, verified, as restic's cat does.
      const stored = reader.snapshots().resolve(id);
      const text = await loadUnpacked(backend, reader.key(), reader.config().version, 'snapshots', stored.id, options.signal);
      return parseJsonOrCorrupt<SnapshotRecord>(text, `snapshots/${stored.id}`);
    },
    index: async (id, options = {}) => {
      reader.check(options.signal);
      const full = resolvePrefix(await backend.list('index', options.signal), id, 'index');
      const text = await loadUnpacked(backend, reader.key(), reader.config().version, 'index', full, options.signal);
      return parseJsonOrCorrupt<IndexFile>(text, `index/${full}`);
    },
    key: async (id, options = {}) => {
      reader.check(options.signal);
      const full = resolvePrefix(await backend.list('keys', options.signal), id, 'key');
      const data = await loadRaw(backend, 'keys', full, options.signal);
      return parseJsonOrCorrupt<KeyFile>(data.toString('utf8'), `keys/${full}`);
    },
    tree: async (id, options = {}) => {
      reader.check(options.signal);
      if (typeof id !== 'string' || !WHOLE_ID.test(id)) throw new InvalidArgumentError('id', `expected a tree's whole 64-digit hexadecimal ID, got ${JSON.stringify(id)}`);
      const plaintext = await reader.loadBlob(id, 'tree', options.signal);
      return parseJsonOrCorrupt<Tree>(plaintext.toString('utf8'), `tree ${id}`);
    },
    blob: async (id, options = {}) => {
      reader.check(options.signal);
      if (typeof id !== 'string' || !WHOLE_ID.test(id)) throw new InvalidArgumentError('id', `expected a blob's whole 64-digit hexadecimal ID, got ${JSON.stringify(id)}`);
      return reader.loadBlob(id, undefined, options.signal);
    },
  };
}
