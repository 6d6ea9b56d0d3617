// A restic repository in a local folder: config, keys/, snapshots/, index/, locks/ and data/xx/
// (the default layout, where a pack lives under the first two hex digits of its ID).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { RepositoryNotFoundError } from './errors.js';

export type FileType = 'keys' | 'snapshots' | 'index' | 'locks';

const ID = /^[0-9a-f]{64}$/;

/** What the reader needs of a storage backend. Only local folders exist for now. */
export interface Backend {
  /** A description for error messages (the location, never a credential). */
  readonly location: string;
  /** The repository's config file, or RepositoryNotFoundError. */
  readConfig(): Promise<Buffer>;
  /** The IDs of the files of one type, sorted. */
  list(type: FileType): Promise<string[]>;
  /** A whole file; undefined if it does not exist. */
  read(type: FileType, id: string): Promise<Buffer | undefined>;
  /** `length` bytes of a pack file from `offset`. Fewer bytes when the file is shorter. */
  readPack(id: string, offset: number, length: number): Promise<Buffer>;
  /** The SHA-256 of a whole pack file (hex), read as a stream. */
  hashPack(id: string, signal?: AbortSignal): Promise<string>;
  /** Releases open files. */
  close(): Promise<void>;
}

/** Pack files kept open between reads. */
const OPEN_PACKS = 16;

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export class LocalBackend implements Backend {
  readonly location: string;
  readonly #handles = new Map<string, Promise<FileHandle>>();
  constructor(readonly root: string) {
    this.location = root;
  }

  async readConfig(): Promise<Buffer> {
    try {
      return await readFile(join(this.root, 'config'));
    } catch (error) {
      if (isNotFound(error)) {
        const exists = await stat(this.root).then(
          () => true,
          () => false,
        );
        throw new RepositoryNotFoundError(exists ? `${this.root} is not a restic repository (no config file)` : `repository ${this.root} does not exist`, { cause: error });
      }
      throw error;
    }
  }

  async list(type: FileType): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, type));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return names.filter((name) => ID.test(name)).sort();
  }

  async read(type: FileType, id: string): Promise<Buffer | undefined> {
    if (!ID.test(id)) return undefined;
    try {
      return await readFile(join(this.root, type, id));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #packPath(id: string): string {
    if (!ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return join(this.root, 'data', id.slice(0, 2), id);
  }

  #handle(id: string): Promise<FileHandle> {
    let handle = this.#handles.get(id);
    if (handle) {
      this.#handles.delete(id);
      this.#handles.set(id, handle);
      return handle;
    }
    handle = open(this.#packPath(id), 'r');
    this.#handles.set(id, handle);
    handle.catch(() => this.#handles.delete(id));
    while (this.#handles.size > OPEN_PACKS) {
      const [oldest, pending] = this.#handles.entries().next().value as [string, Promise<FileHandle>];
      this.#handles.delete(oldest);
      // Closed a little later, so that a read still under way on it can finish.
      setTimeout(() => void pending.then((h) => h.close()).catch(() => undefined), 1000).unref();
    }
    return handle;
  }

  async readPack(id: string, offset: number, length: number): Promise<Buffer> {
    const handle = await this.#handle(id);
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  async close(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(handles.map((h) => h.then((fh) => fh.close()).catch(() => undefined)));
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    const hash = createHash('sha256');
    const stream = createReadStream(this.#packPath(id), { highWaterMark: 1024 * 1024, signal });
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}
