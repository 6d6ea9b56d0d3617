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
import { HttpGetClient, type TlsFiles } from './http-get.js';
import { fileTooLarge, HttpRequests, PAST_THE_END, type Answer } from './http-requests.js';
import { MAX_FILE_BYTES, type Backend, type FileType } from './backend.js';
import { WHOLE_ID } from '../../shared/ids.js';
import { BackendError, InvalidArgumentError, RepositoryAccessDeniedError, RepositoryNotFoundError } from '../errors.js';

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

export class RestBackend implements Backend {
  readonly location: string;
  readonly #base: URL;
  readonly #authorization: string | undefined;
  readonly #http: HttpRequests;

  constructor(repository: string, credentials: RestCredentials = {}, tls: TlsFiles = {}) {
    const { base, username, password } = parseRestLocation(repository);
    this.#base = base;
    this.location = `rest:${base.href}`;
    this.#http = new HttpRequests(new HttpGetClient(base, tls), `the REST server at ${this.location}`);
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
    const url = new URL(path, this.#base);
    if (this.#authorization) headers['Authorization'] = this.#authorization;
    return this.#http.get(url, headers, signal, async (answer) => {
      const { status } = answer;
      // Redirects are not followed: the credentials would go with them.
      if (status === 401 || status === 403) throw new RepositoryAccessDeniedError(`the REST server at ${this.location} refused access (HTTP ${status})`);
      if (status === 404) return use(undefined);
      // Only a range request (readPack) can be answered 416.
      if (status === 416) return use(PAST_THE_END);
      if (status < 200 || status > 299) throw new BackendError(`the REST server at ${this.location} answered HTTP ${status} for ${path}`, status);
      return use(answer);
    });
  }

  async readConfig(signal?: AbortSignal): Promise<Buffer> {
    return this.#request('config', signal, {}, async (response) => {
      if (!response) throw new RepositoryNotFoundError(`${this.location} is not a restic repository (the server has no config file)`);
      return this.#http.whole(response, MAX_FILE_BYTES.config, fileTooLarge('config'), signal);
    });
  }

  async list(type: FileType, signal?: AbortSignal): Promise<string[]> {
    const what = `the list of ${type}`;
    const tooLarge = (problem: string): Error => new BackendError(`the REST server at ${this.location} ${problem} for ${what}, the most the reader accepts`);
    const text = await this.#request(`${type}/`, signal, { Accept: LIST_V2 }, async (response) => (response ? (await this.#http.whole(response, MAX_LIST_BYTES, tooLarge, signal)).toString('utf8') : '[]'));
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
    return this.#request(`${type}/${id}`, signal, {}, async (response) => (response ? this.#http.whole(response, max, fileTooLarge(`${type}/${id}`), signal) : undefined));
  }

  async readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    if (length === 0) return Buffer.alloc(0);
    return this.#request(`data/${id}`, signal, { Range: `bytes=${offset}-${offset + length - 1}` }, (answer) => this.#http.packRange(answer, id, offset, length, signal));
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return this.#request(`data/${id}`, signal, {}, (answer) => this.#http.packHash(answer, id, signal));
  }

  async close(): Promise<void> {
    this.#http.close();
  }
}
