// A restic repository in a local folder: config, keys/, snapshots/, index/, locks/ and data/xx/
// (the default layout, where a pack lives under the first two hex digits of its ID).
//
// The folder is not trusted: only regular files are read, each opened without blocking (a FIFO
// opened to read would wait for a writer for ever, holding one of libuv's four threads, which
// every fs call of the process shares) and checked before a byte is read; a whole file is read
// only up to its type's bound, in chunks, the signal checked between them.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteBudget } from './byte-budget.js';
import { MAX_BYTES_IN_FLIGHT, MAX_FILE_BYTES, MissingPackError, type Backend, type FileType } from './backend.js';
import { WHOLE_ID } from '../../shared/ids.js';
import { RepositoryCorruptError, RepositoryNotFoundError, throwIfAborted } from '../errors.js';

/** Pack files kept open between reads. */
const OPEN_PACKS = 16;
/** Whole files and packs are read in chunks of this size, the signal checked between them. */
const CHUNK_BYTES = 1024 * 1024;
/** O_NONBLOCK does not exist on Windows, where a FIFO cannot sit in a folder either. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Not there: no such file, or a folder on its path is a file. */
function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** An open regular file and its size when opened. */
interface OpenFile {
  handle: FileHandle;
  size: number;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens `path` to read, as a regular file, or closes it again and throws RepositoryCorruptError
 * naming `object`. Errors from open itself (ENOENT among them) are thrown as they come.
 */
async function openRegular(path: string, object: string): Promise<OpenFile> {
  const handle = await open(path, READ_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new RepositoryCorruptError(object, `it is ${kindOf(stats)}, not a regular file`);
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** Up to `length` bytes from `position`, in chunks; fewer if the file ends first. */
async function readAt(handle: FileHandle, position: number, length: number, signal: AbortSignal | undefined): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    throwIfAborted(signal);
    const { bytesRead } = await handle.read(buffer, filled, Math.min(CHUNK_BYTES, length - filled), position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

export class LocalBackend implements Backend {
  readonly #handles = new Map<string, Promise<OpenFile>>();
  readonly #budget = new ByteBudget(MAX_BYTES_IN_FLIGHT);
  /** `location` is the repository's folder. */
  constructor(readonly location: string) {}

  /** A whole file, refused (RepositoryCorruptError) when it is not a regular file or is larger than `max`. */
  async #readWhole(path: string, object: string, max: number, signal: AbortSignal | undefined): Promise<Buffer> {
    throwIfAborted(signal);
    const { handle, size } = await openRegular(path, object);
    try {
      if (size > max) throw new RepositoryCorruptError(object, `it is ${size} bytes, more than the ${max} the reader accepts for it`);
      const release = await this.#budget.take(size, signal);
      try {
        // A file that grew since fstat is read no further: its hash check then fails.
        return await readAt(handle, 0, size, signal);
      } finally {
        release();
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async readConfig(signal?: AbortSignal): Promise<Buffer> {
    try {
      return await this.#readWhole(join(this.location, 'config'), 'config', MAX_FILE_BYTES.config, signal);
    } catch (error) {
      if (isNotFound(error)) {
        const exists = await stat(this.location).then(
          () => true,
          () => false,
        );
        throw new RepositoryNotFoundError(exists ? `${this.location} is not a restic repository (no config file)` : `repository ${this.location} does not exist`, { cause: error });
      }
      throw error;
    }
  }

  async list(type: FileType, signal?: AbortSignal): Promise<string[]> {
    throwIfAborted(signal);
    let names: string[];
    try {
      names = await readdir(join(this.location, type));
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') return [];
      if ((error as NodeJS.ErrnoException)?.code === 'ENOTDIR') throw new RepositoryCorruptError(`${type}/`, 'it is a file, not a folder', { cause: error });
      throw error;
    }
    return names.filter((name) => WHOLE_ID.test(name)).sort();
  }

  async read(type: FileType, id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    if (!WHOLE_ID.test(id)) return undefined;
    try {
      return await this.#readWhole(join(this.location, type, id), `${type}/${id}`, MAX_FILE_BYTES[type], signal);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #packPath(id: string): string {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return join(this.location, 'data', id.slice(0, 2), id);
  }

  /** A pack opened as a regular file: MissingPackError when there is none. */
  async #openPack(id: string): Promise<OpenFile> {
    try {
      return await openRegular(this.#packPath(id), `data/${id.slice(0, 2)}/${id}`);
    } catch (error) {
      throw isNotFound(error) ? new MissingPackError(id, { cause: error }) : error;
    }
  }

  #handle(id: string): Promise<OpenFile> {
    let handle = this.#handles.get(id);
    if (handle) {
      this.#handles.delete(id);
      this.#handles.set(id, handle);
      return handle;
    }
    handle = this.#openPack(id);
    this.#handles.set(id, handle);
    handle.catch(() => this.#handles.delete(id));
    while (this.#handles.size > OPEN_PACKS) {
      const [oldest, pending] = this.#handles.entries().next().value as [string, Promise<OpenFile>];
      this.#handles.delete(oldest);
      // Closed a little later, so that a read still under way on it can finish.
      setTimeout(() => void pending.then((p) => p.handle.close()).catch(() => undefined), 1000).unref();
    }
    return handle;
  }

  async readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    throwIfAborted(signal);
    const { handle, size } = await this.#handle(id);
    // No more is allocated than the pack holds, whatever length the index gives.
    return readAt(handle, offset, Math.max(0, Math.min(length, size - offset)), signal);
  }

  async close(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(handles.map((h) => h.then((p) => p.handle.close()).catch(() => undefined)));
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    throwIfAborted(signal);
    const { handle } = await this.#openPack(id);
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    try {
      for (let position = 0; ; ) {
        throwIfAborted(signal);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
    return hash.digest('hex');
  }
}
