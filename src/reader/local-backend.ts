// A restic repository in a local folder: config, keys/, snapshots/, index/, locks/ and data/xx/
// (the default layout, where a pack lives under the first two hex digits of its ID).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { WHOLE_ID, MissingPackError, type Backend, type FileType } from './backend.js';
import { RepositoryNotFoundError } from './errors.js';

/** Pack files kept open between reads. */
const OPEN_PACKS = 16;

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export class LocalBackend implements Backend {
  readonly #handles = new Map<string, Promise<FileHandle>>();
  /** `location` is the repository's folder. */
  constructor(readonly location: string) {}

  async readConfig(): Promise<Buffer> {
    try {
      return await readFile(join(this.location, 'config'));
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

  async list(type: FileType): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.location, type));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return names.filter((name) => WHOLE_ID.test(name)).sort();
  }

  async read(type: FileType, id: string): Promise<Buffer | undefined> {
    if (!WHOLE_ID.test(id)) return undefined;
    try {
      return await readFile(join(this.location, type, id));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #packPath(id: string): string {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return join(this.location, 'data', id.slice(0, 2), id);
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
    const handle = await this.#handle(id).catch((error: unknown) => {
      throw isNotFound(error) ? new MissingPackError(id, { cause: error }) : error;
    });
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
    try {
      for await (const chunk of stream) hash.update(chunk as Buffer);
    } catch (error) {
      throw isNotFound(error) ? new MissingPackError(id, { cause: error }) : error;
    }
    return hash.digest('hex');
  }
}
