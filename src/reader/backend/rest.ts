// A restic repository behind a REST server (restic's rest-server, `rclone serve restic`), spoken
// to over node:http(s) (http-get.ts): GET /config, GET /<type>/ (version 2 of the listing, with
// sizes, asked for by its Accept header; version 1's list of names is read too), GET
// /<type>/<id>, and packs as GET /data/<id> with a Range header, so a blob costs one small
// request.
//
// Credentials come from the URL (`rest:http://user:password@host/path`) or from the options,
// like restic's RESTIC_REST_USERNAME and RESTIC_REST_PASSWORD. They leave the URL before any
// request: they travel only in an Authorization header, and no error or location shows them.
// TLS follows restic's `--cacert`, `--tls-client-cert` and `--insecure-tls`.
import { createHash } from 'node:crypto';
import { HttpGetClient, type HttpResponse, type TlsFiles } from './http-get.js';
import { ByteBudget } from './byte-budget.js';
import { MAX_BYTES_IN_FLIGHT, MAX_FILE_BYTES, MissingPackError, type Backend, type FileType } from './backend.js';
import { WHOLE_ID } from '../../shared/ids.js';
import { abortedError, BackendError, InvalidArgumentError, RepositoryAccessDeniedError, RepositoryCorruptError, RepositoryNotFoundError, ResticAbortedError } from '../errors.js';

const LIST_V2 = 'application/vnd.x.restic.rest.v2';
/**
 * A listing larger than this is refused. Version 2 lists about 90 bytes a file: this is some
 * three million snapshots, index files or keys, far more than any repository holds.
 */
const MAX_LIST_BYTES = 256 * 1024 * 1024;

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
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    // The message names neither: the password is in what failed to decode.
    throw new InvalidArgumentError('repository', 'the credentials in the rest: URL are not valid percent-encoding');
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { base: url, username, password };
}

/** An error page up to this size is read and dropped, so that its connection can be used again. */
const DRAINED_BYTES = 64 * 1024;

/** A body with nothing in it, for statuses that mean "nothing there". */
async function* nothing(): AsyncGenerator<Buffer, void, undefined> {}

interface Answer {
  status: number;
  body: AsyncIterable<Buffer>;
  /** Whether the whole body has come in (read or not). */
  complete(): boolean;
  /** The Content-Length the server declared, if any. */
  length: number | undefined;
}

export class RestBackend implements Backend {
  readonly location: string;
  readonly #base: URL;
  readonly #authorization: string | undefined;
  readonly #client: HttpGetClient;
  /** Requests under way, so that close() can end them. */
  readonly #underWay = new Set<AbortController>();
  readonly #budget = new ByteBudget(MAX_BYTES_IN_FLIGHT);
  #closed = false;

  constructor(repository: string, credentials: RestCredentials = {}, tls: TlsFiles = {}) {
    const { base, username, password } = parseRestLocation(repository);
    this.#base = base;
    this.#client = new HttpGetClient(base, tls);
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
  async #request<T>(path: string, signal: AbortSignal | undefined, headers: Record<string, string>, use: (response: Answer | undefined) => Promise<T>): Promise<T> {
    if (this.#closed) throw new ResticAbortedError('the reader is closed');
    const url = new URL(path, this.#base);
    if (this.#authorization) headers['Authorization'] = this.#authorization;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    this.#underWay.add(controller);
    let response: HttpResponse | undefined;
    let handedOver = false;
    try {
      try {
        response = await this.#client.get(url, headers, controller.signal);
      } catch (error) {
        throw this.#failed(error, signal);
      }
      const { status, body } = response;
      // Redirects are not followed: the credentials would go with them.
      if (status === 401 || status === 403) throw new RepositoryAccessDeniedError(`the REST server at ${this.location} refused access (HTTP ${status})`);
      if (status === 404) return await use(undefined);
      // Only a range request (readPack) can be answered 416.
      if (status === 416) return await use({ status: 206, body: nothing(), complete: () => true, length: 0 });
      if (status < 200 || status > 299) throw new BackendError(`the REST server at ${this.location} answered HTTP ${status} for ${path}`, status);
      handedOver = true;
      const header = body.headers['content-length'];
      return await use({ status, body, complete: () => body.complete, length: header === undefined ? undefined : Number(header) });
    } finally {
      // Draining a body hands its connection back for the next request: one that has come in
      // whole, or a small error page nobody reads. The rest of a body still coming is not
      // downloaded: its connection is closed.
      if (response) {
        const { body } = response;
        const length = Number(body.headers['content-length'] ?? Infinity);
        if (body.complete || (!handedOver && length <= DRAINED_BYTES)) body.resume();
        else body.destroy();
      }
      signal?.removeEventListener('abort', onAbort);
      this.#underWay.delete(controller);
    }
  }

  #failed(error: unknown, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) return abortedError(signal);
    if (this.#closed) return new ResticAbortedError('the reader was closed during a request');
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code;
    return new BackendError(`the REST server at ${this.location} could not be reached: ${reason}`, undefined, { cause: error });
  }

  /**
   * The first `limit` bytes of the body (fewer if it is shorter); the rest is not downloaded. A
   * body of exactly `limit` bytes (a range answered as asked) that has come in whole is read to
   * its end, so that its connection is kept for the next request; one whose end has not come is
   * not waited for.
   */
  async #prefix(response: Answer, limit: number, signal: AbortSignal | undefined): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        size += chunk.length;
        if (size > limit || (size === limit && !response.complete())) break;
      }
    } catch (error) {
      throw this.#failed(error, signal);
    }
    return Buffer.concat(chunks, Math.min(size, limit));
  }

  /**
   * A whole body the reader keeps in memory, of at most `max` bytes: `tooLarge` is thrown for one
   * whose Content-Length says more, before any of it is read, or that goes on past `max`. Its
   * bytes are taken from the budget first (`max` when no length is given).
   */
  async #whole(response: Answer, max: number, tooLarge: (what: string) => Error, signal: AbortSignal | undefined): Promise<Buffer> {
    const declared = response.length;
    if (declared !== undefined && declared > max) throw tooLarge(`declares ${declared} bytes, more than the ${max}`);
    const release = await this.#budget.take(declared ?? max, signal);
    try {
      const body = await this.#prefix(response, max + 1, signal);
      if (body.length > max) throw tooLarge(`sends more than the ${max} bytes`);
      return body;
    } finally {
      release();
    }
  }

  /** The error for a file of the repository larger than its type allows. */
  #fileTooLarge(object: string): (what: string) => Error {
    return (what) => new RepositoryCorruptError(object, `the server ${what} the reader accepts for it`);
  }

  async readConfig(signal?: AbortSignal): Promise<Buffer> {
    return this.#request('config', signal, {}, async (response) => {
      if (!response) throw new RepositoryNotFoundError(`${this.location} is not a restic repository (the server has no config file)`);
      return this.#whole(response, MAX_FILE_BYTES.config, this.#fileTooLarge('config'), signal);
    });
  }

  async list(type: FileType, signal?: AbortSignal): Promise<string[]> {
    const what = `the list of ${type}`;
    const tooLarge = (problem: string): Error => new BackendError(`the REST server at ${this.location} ${problem} for ${what}, the most the reader accepts`);
    const text = await this.#request(`${type}/`, signal, { Accept: LIST_V2 }, async (response) => (response ? (await this.#whole(response, MAX_LIST_BYTES, tooLarge, signal)).toString('utf8') : '[]'));
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch (error) {
      throw new BackendError(`the REST server at ${this.location} sent ${what} that is not JSON`, undefined, { cause: error });
    }
    if (!Array.isArray(entries)) throw new BackendError(`the REST server at ${this.location} sent ${what} that is not an array`);
    // Version 2 lists { name, size } objects; version 1, names.
    const names = entries.map((entry: unknown) => (typeof entry === 'string' ? entry : (entry as { name?: unknown } | null)?.name));
    return names.filter((name): name is string => typeof name === 'string' && WHOLE_ID.test(name)).sort();
  }

  async read(type: FileType, id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    if (!WHOLE_ID.test(id)) return undefined;
    const max = MAX_FILE_BYTES[type];
    return this.#request(`${type}/${id}`, signal, {}, async (response) => (response ? this.#whole(response, max, this.#fileTooLarge(`${type}/${id}`), signal) : undefined));
  }

  async readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    if (length === 0) return Buffer.alloc(0);
    return this.#request(`data/${id}`, signal, { Range: `bytes=${offset}-${offset + length - 1}` }, async (response) => {
      if (!response) throw new MissingPackError(id);
      if (response.status === 206) return this.#prefix(response, length, signal);
      // A server that ignores Range sends the whole pack: keep the part asked for.
      const whole = await this.#prefix(response, offset + length, signal);
      return whole.subarray(Math.min(offset, whole.length));
    });
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return this.#request(`data/${id}`, signal, {}, async (response) => {
      if (!response) throw new MissingPackError(id);
      const hash = createHash('sha256');
      try {
        for await (const chunk of response.body) hash.update(chunk);
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
    this.#client.close();
  }
}
