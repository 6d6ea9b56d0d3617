// Blobs out of pack files, by the index: read the encrypted bytes at the recorded offset, verify
// the MAC, decrypt, decompress (when the index records an uncompressed length), and check that
// the SHA-256 of the result is the blob's ID. A blob stored in several packs is tried in each.
import type { SecretKey } from '../crypto/crypto.js';
import { ObjectNotFoundError, RepositoryCorruptError, throwIfAborted } from '../errors.js';
import type { BlobLocation, BlobType, IndexTable } from './index-table.js';
import { MissingPackError, type Backend } from '../backend/backend.js';
import { openOrCorrupt, sha256Hex } from './files.js';
import { decompress } from './zstd.js';

export interface PackReaderOptions {
  /** Check each pack file's SHA-256 against its name once, before its first blob is used (default true). */
  verifyPacks: boolean;
}

export class PackReader {
  readonly #verified = new Map<string, Promise<void>>();

  constructor(
    private readonly backend: Backend,
    private readonly key: () => SecretKey,
    private readonly index: () => IndexTable,
    private readonly options: PackReaderOptions,
  ) {}

  /** Forgets which packs were verified (after a refresh, packs may have been rewritten under new IDs; old IDs stay valid). */
  reset(): void {
    this.#verified.clear();
  }

  #verifyPack(pack: string, signal: AbortSignal | undefined): Promise<void> {
    let pending = this.#verified.get(pack);
    if (!pending) {
      const object = `data/${pack.slice(0, 2)}/${pack}`;
      pending = this.backend.hashPack(pack, signal).then(
        (hash) => {
          if (hash !== pack) throw new RepositoryCorruptError(object, 'its SHA-256 does not match its name');
        },
        (error: unknown) => {
          if (error instanceof MissingPackError) throw new RepositoryCorruptError(object, 'the pack file is missing', { cause: error });
          throw error;
        },
      );
      this.#verified.set(pack, pending);
      // A failure other than damage (an abort, an I/O error) is not remembered.
      pending.catch((error: unknown) => {
        if (!(error instanceof RepositoryCorruptError)) this.#verified.delete(pack);
      });
    }
    return pending;
  }

  async #loadFrom(id: string, location: BlobLocation, signal: AbortSignal | undefined): Promise<Buffer> {
    const object = `blob ${id} (${location.type}) in pack ${location.pack}`;
    if (this.options.verifyPacks) await this.#verifyPack(location.pack, signal);
    throwIfAborted(signal);
    let data: Buffer;
    try {
      data = await this.backend.readPack(location.pack, location.offset, location.length, signal);
    } catch (error) {
      if (error instanceof MissingPackError) throw new RepositoryCorruptError(object, 'the pack file is missing', { cause: error });
      throw error;
    }
    if (data.length !== location.length) throw new RepositoryCorruptError(object, 'the pack file is shorter than the index says');
    let plaintext = openOrCorrupt(this.key(), data, object);
    if (location.uncompressedLength !== 0) {
      try {
        // Into exactly the length the index records: decoding stops there.
        plaintext = decompress(plaintext, location.uncompressedLength, true);
      } catch (error) {
        throw new RepositoryCorruptError(object, `it does not decompress to the length the index records: ${(error as Error).message}`, { cause: error });
      }
    }
    if (sha256Hex(plaintext) !== id) throw new RepositoryCorruptError(object, 'its content does not match its ID');
    return plaintext;
  }

  /**
   * The blob's verified plaintext. ObjectNotFoundError when the index does not know it;
   * RepositoryCorruptError (the last one) when no stored copy verifies.
   */
  async loadBlob(id: string, type: BlobType | undefined, signal?: AbortSignal): Promise<Buffer> {
    throwIfAborted(signal);
    const locations = this.index().lookup(id, type);
    if (locations.length === 0) throw new ObjectNotFoundError(type ?? 'blob', id, `${type ?? 'blob'} ${id} is not in the repository index`);
    let lastError: unknown;
    for (const location of locations) {
      try {
        return await this.#loadFrom(id, location, signal);
      } catch (error) {
        if (!(error instanceof RepositoryCorruptError)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
}
