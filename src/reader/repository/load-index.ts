// The in-memory index: every index file read, verified and decoded into one table.
import type { Backend } from '../backend/backend.js';
import type { SecretKey } from '../crypto/crypto.js';
import { RepositoryCorruptError } from '../errors.js';
import { loadUnpacked, parseJsonOrCorrupt } from './files.js';
import { IndexTable } from './index-table.js';

/**
 * The index files `indexIds` as one table, `concurrency` read at once. `check` runs before each
 * file is decoded (a closed reader, an abort); any damaged file fails the load.
 */
export async function loadIndex(backend: Backend, key: SecretKey, version: number, indexIds: readonly string[], concurrency: number, check: () => void, signal: AbortSignal | undefined): Promise<IndexTable> {
  const table = new IndexTable();
  // Decoding is done in order so that the table is deterministic; reading and decrypting in parallel.
  const pending = new Map<string, Promise<string>>();
  let next = 0;
  const startNext = (): void => {
    while (next < indexIds.length && pending.size < concurrency) {
      const id = indexIds[next++]!;
      const promise = loadUnpacked(backend, key, version, 'index', id, signal);
      promise.catch(() => undefined);
      pending.set(id, promise);
    }
  };
  for (const id of indexIds) {
    startNext();
    check();
    const text = await pending.get(id)!;
    pending.delete(id);
    const json = parseJsonOrCorrupt<unknown>(text, `index/${id}`);
    try {
      table.addIndexFile(json);
    } catch (error) {
      throw new RepositoryCorruptError(`index/${id}`, (error as Error).message);
    }
  }
  table.finish();
  return table;
}
