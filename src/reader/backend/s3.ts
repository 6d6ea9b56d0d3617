// A restic repository in an S3 bucket (AWS S3, MinIO, Ceph RGW, R2, Wasabi, B2, Garage…), in
// restic's layout under the location's prefix: config, keys/, snapshots/, index/, locks/ and
// data/<2 hex>/<id>. GET requests only, signed with Signature Version 4 (sigv4.ts) or anonymous,
// over the REST backend's keep-alive client (http-get.ts): listings page by page
// (ListObjectsV2, or V1 with `s3.list-objects-v1`), whole files, and one ranged GET per blob.
//
// The secret stays in S3Credentials; no message, location, toJSON or inspect shows it, nor a
// server's error text (an S3 error page may echo the canonical request, session token included):
// only the error's code.
import { inspect } from 'node:util';
import { HttpGetClient, type TlsFiles } from './http-get.js';
import { ERROR_PAGE_BYTES, fileTooLarge, HttpRequests, PAST_THE_END, type Answer } from './http-requests.js';
import { MAX_FILE_BYTES, type Backend, type FileType } from './backend.js';
import { s3Credentials, type Environment, type S3Credentials } from './s3-credentials.js';
import { parseS3Location, s3LocationText, type S3Location } from '../../shared/s3-location.js';
import { objectUrl, regionOfHost, s3Settings, virtualHostStyle, type ExtendedOptions, type S3Settings } from './s3-settings.js';
import { parseError, parseListPage, parseLocation, type S3ErrorBody } from './s3-xml.js';
import { sign, signingKey } from './sigv4.js';
import { WHOLE_ID } from '../../shared/ids.js';
import { untilAborted } from '../../shared/until-aborted.js';
import { abortedError, BackendError, RepositoryAccessDeniedError, RepositoryNotFoundError } from '../errors.js';

/** Keys asked for per listing page; S3's own most. */
const PAGE_KEYS = 1000;
/** One listing page larger than this is refused (1000 keys take some 300 KiB). */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;
/** Truncated pages with no key in a row, past which a listing is taken to go round. */
const MAX_EMPTY_PAGES = 100;
/** A listing of more files than this is refused: far more than any repository holds of one type. */
const MAX_LISTED = 10_000_000;
/** S3 error codes that mean the credentials are refused. */
const ACCESS_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'AllAccessDisabled', 'InvalidSecurity']);

/** How to reach an S3 repository besides its location. */
export interface S3BackendOptions {
  /** Where credentials and AWS_DEFAULT_REGION are read (default process.env). */
  env?: Environment;
  /** restic's extended options: s3.region, s3.bucket-lookup, s3.list-objects-v1 (others are ignored). */
  options?: ExtendedOptions;
  tls?: TlsFiles;
}

const sameCredentials = (a: S3Credentials | undefined, b: S3Credentials | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.accessKeyId === b.accessKeyId && a.secretAccessKey === b.secretAccessKey && a.sessionToken === b.sessionToken);

export class S3Backend implements Backend {
  readonly location: string;
  readonly #where: S3Location;
  readonly #settings: S3Settings;
  readonly #virtualHost: boolean;
  /** Where the credentials were found, read again when the server refuses them. */
  readonly #env: Environment;
  #credentials: S3Credentials | undefined;
  readonly #http: HttpRequests;
  /** The region requests are signed for, once known. */
  #region: string | undefined;
  #regionLookup: Promise<string> | undefined;
  /** The signing key of the current day and region. */
  #signingKey: { scope: string; key: Buffer } | undefined;

  constructor(repository: string, options: S3BackendOptions = {}) {
    this.#where = parseS3Location(repository);
    this.location = s3LocationText(this.#where);
    const env = (this.#env = options.env ?? process.env);
    this.#settings = s3Settings(options.options, env);
    this.#virtualHost = virtualHostStyle(this.#where, this.#settings.lookup);
    this.#credentials = s3Credentials(env);
    this.#http = new HttpRequests(new HttpGetClient(objectUrl(this.#where, this.#virtualHost, ''), options.tls), `the S3 server at ${this.location}`);
    // Anonymous requests are not signed: no region is needed.
    this.#region = this.#settings.region ?? regionOfHost(this.#where.endpoint) ?? (this.#credentials ? undefined : 'us-east-1');
  }

  /** The key of a repository file in the bucket. */
  #objectKey(name: string): string {
    return this.#where.prefix ? `${this.#where.prefix}/${name}` : name;
  }

  #signed(url: URL, headers: Record<string, string>, region: string): Record<string, string> {
    const credentials = this.#credentials;
    if (!credentials) return headers;
    const date = new Date();
    const scope = `${date.toISOString().slice(0, 10)}/${region}`;
    if (this.#signingKey?.scope !== scope) this.#signingKey = { scope, key: signingKey(credentials.secretAccessKey, scope.slice(0, 10).replace(/-/g, ''), region, 's3') };
    return sign({ method: 'GET', url, headers, region, date }, credentials, this.#signingKey.key).headers;
  }

  /**
   * The region to sign for: given, named by the host, or asked of the bucket (GetBucketLocation,
   * signed for us-east-1), as minio-go finds it. One question for all who wait, ended by close()
   * only: one caller's abort ends its own wait, not the others'.
   */
  async #regionFor(signal: AbortSignal | undefined): Promise<string> {
    if (this.#region) return this.#region;
    this.#regionLookup ??= this.#lookUpRegion(undefined).finally(() => (this.#regionLookup = undefined));
    return untilAborted(this.#regionLookup, signal, () => abortedError(signal!));
  }

  async #lookUpRegion(signal: AbortSignal | undefined): Promise<string> {
    const url = objectUrl(this.#where, this.#virtualHost, '', [['location', '']]);
    const region = await this.#send(url, 'us-east-1', {}, signal, async (response, error) => {
      if (response) return parseLocation((await this.#http.prefix(response, ERROR_PAGE_BYTES, signal)).toString('utf8')) ?? 'us-east-1';
      if (error?.status === 404 && error.code === 'NoSuchBucket') throw this.#noBucket();
      // Denied, or not implemented (many S3-compatible servers): the default region, as minio-go.
      return error?.region ?? 'us-east-1';
    });
    this.#region ??= region;
    return region;
  }

  #noBucket(): Error {
    return new RepositoryNotFoundError(`${this.location} is not a restic repository (the bucket ${this.#where.bucket} does not exist)`);
  }

  /**
   * GET `url` signed for `region`; `use` gets the 2xx response, or the error of a 4xx/5xx answer
   * (status, S3 code, the region it names) to decide about. The request, body included, ends
   * with `signal` or close().
   */
  async #send<T>(url: URL, region: string, headers: Record<string, string>, signal: AbortSignal | undefined, use: (response: Answer | undefined, error?: { status: number; code: string; region: string | undefined }) => Promise<T>): Promise<T> {
    return this.#http.get(url, this.#signed(url, { ...headers }, region), signal, async (answer) => {
      const { status } = answer;
      if (status >= 200 && status <= 299) return use(answer);
      if (status === 416) return use(PAST_THE_END);
      const page: S3ErrorBody | undefined = parseError((await this.#http.prefix(answer, ERROR_PAGE_BYTES, signal)).toString('utf8'));
      const hinted = answer.headers['x-amz-bucket-region'];
      return use(undefined, { status, code: page?.code ?? '', region: (typeof hinted === 'string' && hinted) || page?.region });
    });
  }

  /**
   * GET the repository file `name` (with `query`, `headers`): `use` gets the 2xx response, or
   * undefined for a missing key. A missing bucket is RepositoryNotFoundError; refused
   * credentials RepositoryAccessDeniedError; any other failure BackendError. A request refused
   * for its region, where none was given, is signed again for the region the server names.
   */
  async #request<T>(name: string, query: readonly (readonly [string, string])[], headers: Record<string, string>, signal: AbortSignal | undefined, use: (response: Answer | undefined) => Promise<T>): Promise<T> {
    const url = objectUrl(this.#where, this.#virtualHost, name === '' ? '' : this.#objectKey(name), query);
    let region = await this.#regionFor(signal);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const signedWith = this.#credentials;
      const result = await this.#send(url, region, headers, signal, async (response, error) => {
        if (response) return { value: await use(response) };
        const { status, code } = error!;
        if (status === 404 && code === 'NoSuchBucket') throw this.#noBucket();
        if (status === 404) return { value: await use(undefined) };
        if (attempt === 0 && this.#settings.region === undefined && error!.region && error!.region !== region && (status === 400 || status === 301)) return { retry: error!.region };
        const shown = `HTTP ${status}${/^[A-Za-z.]+$/.test(code) ? ` ${code}` : ''}`;
        if (status === 401 || status === 403 || ACCESS_CODES.has(code)) {
          // Keys rotated since open (a new session token, a rewritten file): once, with those.
          if (!refreshed && this.#newerThan(signedWith)) {
            refreshed = true;
            return { retry: region };
          }
          throw new RepositoryAccessDeniedError(`the S3 server at ${this.location} refused access (${shown})`);
        }
        throw new BackendError(`the S3 server at ${this.location} answered ${shown} for ${name || 'a listing'}`, status);
      });
      if ('value' in result) return result.value as T;
      region = this.#region = result.retry!;
    }
  }

  /**
   * Reads the credentials again, as restic reads them for each run, and takes them if they
   * changed; whether those now taken differ from `used` (what a refused request was signed
   * with: another request may have taken the new ones already).
   */
  #newerThan(used: S3Credentials | undefined): boolean {
    try {
      const fresh = s3Credentials(this.#env);
      if (fresh && !sameCredentials(fresh, this.#credentials)) {
        this.#credentials = fresh;
        this.#signingKey = undefined;
      }
    } catch {
      // Unreadable now: the refusal stands.
    }
    return this.#credentials !== undefined && !sameCredentials(this.#credentials, used);
  }

  async readConfig(signal?: AbortSignal): Promise<Buffer> {
    return this.#request('config', [], {}, signal, async (response) => {
      if (!response) throw new RepositoryNotFoundError(`${this.location} is not a restic repository (the bucket has no config file there)`);
      return this.#http.whole(response, MAX_FILE_BYTES.config, fileTooLarge('config'), signal);
    });
  }

  async list(type: FileType, signal?: AbortSignal): Promise<string[]> {
    const prefix = this.#objectKey(`${type}/`);
    const ids = new Set<string>();
    let token: string | undefined;
    let marker = '';
    // S3 lists keys in order: each page must end past the one before, or the listing goes round.
    let lastKey = '';
    let emptyPages = 0;
    const tooLarge = (problem: string): Error => new BackendError(`the S3 server at ${this.location} ${problem} for a page of the list of ${type}, the most the reader accepts`);
    for (;;) {
      const query: [string, string][] = this.#settings.listV1
        ? [['prefix', prefix], ['max-keys', String(PAGE_KEYS)], ...(marker ? [['marker', marker] as [string, string]] : [])]
        : [['list-type', '2'], ['prefix', prefix], ['max-keys', String(PAGE_KEYS)], ...(token ? [['continuation-token', token] as [string, string]] : [])];
      const text = await this.#request('', query, {}, signal, async (response) => (response ? (await this.#http.whole(response, MAX_PAGE_BYTES, tooLarge, signal)).toString('utf8') : ''));
      const page = parseListPage(text);
      if (!page) throw new BackendError(`the S3 server at ${this.location} sent a list of ${type} that is not a ListBucketResult`);
      for (const key of page.keys) {
        const id = key.startsWith(prefix) ? key.slice(prefix.length) : '';
        // Keys that are not restic's (another name, a deeper folder) are skipped.
        if (WHOLE_ID.test(id)) ids.add(id);
      }
      if (ids.size > MAX_LISTED) throw new BackendError(`the S3 server at ${this.location} lists more than ${MAX_LISTED} ${type} files, the most the reader accepts`);
      if (!page.truncated) break;
      const last = page.keys.at(-1);
      if (last === undefined ? ++emptyPages > MAX_EMPTY_PAGES : last <= lastKey) throw new BackendError(`the S3 server at ${this.location} sent a truncated list of ${type} that does not advance`);
      if (last !== undefined) lastKey = last;
      if (this.#settings.listV1) {
        const next = page.nextMarker ?? page.keys.at(-1);
        if (next === undefined || next <= marker) throw new BackendError(`the S3 server at ${this.location} sent a truncated list of ${type} whose next marker does not advance`);
        marker = next;
      } else {
        if (!page.nextToken || page.nextToken === token) throw new BackendError(`the S3 server at ${this.location} sent a truncated list of ${type} without a new continuation token`);
        token = page.nextToken;
      }
    }
    return [...ids].sort();
  }

  async read(type: FileType, id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    if (!WHOLE_ID.test(id)) return undefined;
    return this.#request(`${type}/${id}`, [], {}, signal, async (response) => (response ? this.#http.whole(response, MAX_FILE_BYTES[type], fileTooLarge(`${type}/${id}`), signal) : undefined));
  }

  async readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    if (length === 0) return Buffer.alloc(0);
    return this.#request(`data/${id.slice(0, 2)}/${id}`, [], { Range: `bytes=${offset}-${offset + length - 1}` }, signal, (answer) => this.#http.packRange(answer, id, offset, length, signal));
  }

  async hashPack(id: string, signal?: AbortSignal): Promise<string> {
    if (!WHOLE_ID.test(id)) throw new Error(`invalid pack ID ${id}`);
    return this.#request(`data/${id.slice(0, 2)}/${id}`, [], {}, signal, (answer) => this.#http.packHash(answer, id, signal));
  }

  async close(): Promise<void> {
    this.#http.close();
  }

  toJSON(): Record<string, unknown> {
    return { location: this.location };
  }

  [inspect.custom](): string {
    return `S3Backend { location: ${JSON.stringify(this.location)} }`;
  }
}
