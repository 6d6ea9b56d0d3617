// A restic repository behind a REST server (restic's rest-server, `rclone serve restic`), spoken
// to with Node's fetch: GET /config, GET /<type>/ (version 2 of the listing, with sizes, asked
// for by its Accept header; version 1's list of names is read too), GET /<type>/<id>, and packs
// as GET /data/<id> with a Range header, so a blob costs one small request.
//
// Credentials come from the URL (`rest:http://user:password@host/path`) or from the options,
// like restic's RESTIC_REST_USERNAME and RESTIC_REST_PASSWORD. They leave the URL before any
// request: they travel only in an Authorization header, and no error or location shows them.
import { createHash } from 'node:crypto';
import { FILE_ID, MissingPackError, type Backend, type FileType } from './backend.js';
import { RepositoryAccessDeniedError } from '../errors.js';
import { BackendError, InvalidArgumentError, RepositoryNotFoundError, ResticAbortedError } from './errors.js';

const LIST_V2 = 'application/vnd.x.restic.rest.v2';
/** A file the reader reads whole (config, key, snapshot, index) larger than this is refused. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export interface RestCredentials {
  username?: string;
  password?: string;
}

/** `rest:http(s)://[user:password@]host[:port]/path`: the base URL without credentials, and the credentials. */
export function parseRestLocation(repository: string): { base: URL; username: string; password: string } {
  const text = repository.slice('rest:'.length);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('repository', 'a rest: repository needs an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('repository', 'a rest: repository needs an http:// or https:// URL');
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { base: url, username, password };
}

export class RestBackend implements Backend {
  readonly location: string;
  readonly #base: URL;
  readonly #authorization: string | undefined;
  /** Requests under way, so that close() can end them. */
  readonly #underWay = new Set<AbortController>();
  #closed = false;

  constructor(repository: string, credentials: RestCredentials = {}) {
    const { base, username, password } = parseRestLocation(repository);
    this.#base = base;
    this.location = `rest:${base.href}`;
    const user = username || credentials.username || '';
    const pass = password || credentials.password || '';
    this.#authorization = user || pass ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : undefined;
  }

  /**
   * GET `path` and hand the response to `use`: undefined for 404 (no such file), else a 2xx
   * response. The request, body included, ends with `signal` or close(). 401 and 403 become
   * RepositoryAccessDeniedError, other statuses BackendError. A 416 (a range past the end of
   * the file) is handed on as an empty body: fewer bytes than asked for, which the caller reports.
   */
  async #request<T>(path: string, signal: AbortSignal | undefined, headers: Record<string, string>, use: (response: Response | undefined) => Promise<T>, emptyStatuses: readonly number[] = []): Promise<T> {
    if (this.#closed) throw new ResticAbortedError('the reader is closed');
    const url = new URL(path, this.#base);
    if (this.#authorization) headers['Authorization'] = this.#authorization;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    this.#underWay.add(controller);
    try {
      let response: Response;
      try {
        // No redirects: a server that sends one elsewhere is not followed with the credentials.
        response = await fetch(url, { headers, signal: controller.signal, redirect: 'error' });
      } catch (error) {
        throw this.#failed(error, signal);
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new RepositoryAccessDeniedError(`the REST server at ${this.location} refused access (HTTP ${response.status})`);
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return await use(undefined);
      }
      if (emptyStatuses.includes(response.status)) {
        await response.body?.cancel();
        return await use(new Response(new Uint8Array(0), { status: 206 }));
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new BackendError(`the REST server at ${this.location} answered HTTP ${response.status} for ${path}`, response.status);
      }
      return await use(response);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#underWay.delete(controller);
    }
  }

  #failed(error: unknown, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) return new ResticAbortedError('the operation was aborted', { cause: signal.reason });
    if (this.#closed) return new ResticAbortedError('the reader was closed during a request');
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return new BackendError(`the REST server at ${this.location} could not be reached: ${reason}`, undefined, { cause: error });
  }

  /** The first `limit` bytes of the body (fewer if it is shorter); the rest is not downloaded. */
  async #prefix(response: Response, limit: number, signal: AbortSignal | undefined): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        const bytes = Buffer.from(chunk as Uint8Array);
        chunks.push(bytes);
        size += bytes.length;
        if (size >= limit) break;
      }
    } catch (error) {
      throw this.#failed(error, signal);
    }
    return Buffer.concat(chunks, Math.min(size, limit));
  }

  /** A whole file the reader keeps in memory; one beyond MAX_FILE_BYTES is refused. */
  async #whole(response: Response, what: string, signal: AbortSignal | undefined): Promise<Buffer> {
    const body = await this.#prefix(response, MAX_FILE_BYTES + 1, signal);
    if (body.length > MAX_FILE_BYTES) throw new BackendError(`${what} on ${this.location} is larger than ${MAX_FILE_BYTES} bytes`);
    return body;
  }

  async readConfig(signal?: AbortSignal): Promise<Buffer> {
    return this.#request('config', signal, {}, async (response) => {
      if (!response) throw new RepositoryNotFoundError(`${this.location} is not a restic repository (the server has no config file)`);
      return this.#whole(response, 'the config file', signal);
    });
  }

  async list(type: FileType, signal?: AbortSignal): Promise<string[]> {
    const what = `the list of ${type}`;
    const text = await this.#request(`${type}/`, signal, { Accept: LIST_V2 }, async (response) => (response ? (await this.#whole(response, what, signal)).toString('utf8') : '[]'));
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch (error) {
      throw new BackendError(`the REST server at ${this.location} sent ${what} that is not JSON`, undefined, { cause: error });
    }
    if (!Array.isArray(entries)) throw new BackendError(`the REST server at ${this.location} sent ${what} that is not an array`);
    // Version 2 lists { name, size } objects; version 1, names.
    const names = entries.map((entry: unknown) => (typeof entry === 'string' ? entry : (entry as { name?: unknown } | null)?.name));
    return names.filter((name): name is string => typeof name === 'string' && FILE_ID.test(name)).sort();
  }

  async read(type: FileType, id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    if (!FILE_ID.test(id)) return undefined;
    return this.#request(`${type}/${id}`, signal, {}, async (response) => (response ? this.#whole(response, `${type}/${id}`, signal) : undefined));
  }

  async readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    if (!FILE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    if (length === 0) return Buffer.alloc(0);
    return this.#request(`data/${id}`, signal, { Range: `bytes=${offset}-${offset + length - 1}` }, async (response) => {
      if (!response) throw new MissingPackError(id);
      if (response.status === 206) return this.#prefix(response, length, signal);
      // A server that ignores Range sends the whole pack: keep the part asked for.
      const whole = await this.#prefix(response, offset + length, signal);
      return whole.subarray(Math.min(offset, whole.length));
    }, [416]);
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    if (!FILE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return this.#request(`data/${id}`, signal, {}, async (response) => {
      if (!response) throw new MissingPackError(id);
      const hash = createHash('sha256');
      try {
        for await (const chunk of response.body ?? []) hash.update(chunk as Uint8Array);
      } catch (error) {
        throw this.#failed(error, signal);
      }
      return hash.digest('hex');
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const controller of this.#underWay) controller.abort();
    this.#underWay.clear();
  }
}
