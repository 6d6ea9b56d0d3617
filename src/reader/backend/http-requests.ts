// What the REST and S3 backends do alike with a server over HTTP: each GET ended by the caller's
// signal or by close(), its connection kept for the next request when its body has come in (or
// is a small error page), and bodies read within bounds, their bytes taken from a budget first.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ByteBudget } from './byte-budget.js';
import { MAX_BYTES_IN_FLIGHT, MissingPackError } from './backend.js';
import type { HttpGetClient, HttpResponse } from './http-get.js';
import { abortedError, BackendError, RepositoryCorruptError, ResticAbortedError } from '../errors.js';

/** An error page up to this size is read or dropped, so that its connection can be used again. */
export const ERROR_PAGE_BYTES = 64 * 1024;

/** A server's answer to one GET. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Buffer>;
  /** Whether the whole body has come in (read or not). */
  complete(): boolean;
  /** The Content-Length the server declared, if any. */
  length: number | undefined;
}

async function* nothing(): AsyncGenerator<Buffer, void, undefined> {}

/** What a 416 (a range past the end of the file) is taken as: fewer bytes than asked for, which the caller reports. */
export const PAST_THE_END: Answer = { status: 206, headers: {}, body: nothing(), complete: () => true, length: 0 };

/** The error for a repository file larger than its type allows. */
export function fileTooLarge(object: string): (what: string) => Error {
  return (what) => new RepositoryCorruptError(object, `the server ${what} the reader accepts for it`);
}

/** The GETs of one backend: `server` names it in errors ("the S3 server at s3:…"). */
export class HttpRequests {
  readonly #client: HttpGetClient;
  /** Requests under way, so that close() can end them. */
  readonly #underWay = new Set<AbortController>();
  readonly #budget = new ByteBudget(MAX_BYTES_IN_FLIGHT);
  #closed = false;

  constructor(
    client: HttpGetClient,
    readonly server: string,
  ) {
    this.#client = client;
  }

  /** GET `url` and hand the answer, whatever its status, to `use`. The request, body included, ends with `signal` or close(). */
  async get<T>(url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, use: (answer: Answer) => Promise<T>): Promise<T> {
    if (this.#closed) throw new ResticAbortedError('the reader is closed');
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    this.#underWay.add(controller);
    let response: HttpResponse | undefined;
    try {
      try {
        response = await this.#client.get(url, headers, controller.signal);
      } catch (error) {
        throw this.failed(error, signal);
      }
      const { status, body } = response;
      const header = body.headers['content-length'];
      return await use({ status, headers: body.headers, body, complete: () => body.complete, length: header === undefined ? undefined : Number(header) });
    } finally {
      // Draining a body hands its connection back: one that has come in whole, or a small error
      // page. The rest of a body still coming is not downloaded: its connection is closed.
      if (response) {
        const { status, body } = response;
        const length = Number(body.headers['content-length'] ?? Infinity);
        const errorPage = status < 200 || status > 299;
        if (body.complete || (errorPage && length <= ERROR_PAGE_BYTES)) body.resume();
        else body.destroy();
      }
      signal?.removeEventListener('abort', onAbort);
      this.#underWay.delete(controller);
    }
  }

  /** The error for a request that failed on the way: the caller's abort, close(), or BackendError. */
  failed(error: unknown, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) return abortedError(signal);
    if (this.#closed) return new ResticAbortedError('the reader was closed during a request');
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code;
    return new BackendError(`${this.server} could not be reached: ${reason}`, undefined, { cause: error });
  }

  /**
   * The first `limit` bytes of the body (fewer if it is shorter); the rest is not downloaded. A
   * body of exactly `limit` bytes (a range answered as asked) that has come in whole is read to
   * its end, so that its connection is kept for the next request; one whose end has not come is
   * not waited for.
   */
  async prefix(answer: Answer, limit: number, signal: AbortSignal | undefined): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of answer.body) {
        chunks.push(chunk);
        size += chunk.length;
        if (size > limit || (size === limit && !answer.complete())) break;
      }
    } catch (error) {
      throw this.failed(error, signal);
    }
    return Buffer.concat(chunks, Math.min(size, limit));
  }

  /**
   * A whole body the reader keeps in memory, of at most `max` bytes: `tooLarge` is thrown for one
   * whose Content-Length says more, before any of it is read, or that goes on past `max`. Its
   * bytes are taken from the budget first (`max` when no length is given).
   */
  async whole(answer: Answer, max: number, tooLarge: (what: string) => Error, signal: AbortSignal | undefined): Promise<Buffer> {
    const declared = answer.length;
    if (declared !== undefined && declared > max) throw tooLarge(`declares ${declared} bytes, more than the ${max}`);
    const release = await this.#budget.take(declared ?? max, signal);
    try {
      const body = await this.prefix(answer, max + 1, signal);
      if (body.length > max) throw tooLarge(`sends more than the ${max} bytes`);
      return body;
    } finally {
      release();
    }
  }

  /** `length` bytes of pack `id` from `offset`, from the answer to a Range request (undefined: no such pack). */
  async packRange(answer: Answer | undefined, id: string, offset: number, length: number, signal: AbortSignal | undefined): Promise<Buffer> {
    if (!answer) throw new MissingPackError(id);
    if (answer.status === 206) return this.prefix(answer, length, signal);
    // A server that ignores Range sends the whole pack: keep the part asked for.
    const whole = await this.prefix(answer, offset + length, signal);
    return whole.subarray(Math.min(offset, whole.length));
  }

  /** The SHA-256 (hex) of pack `id`, from the answer to a GET of all of it (undefined: no such pack). */
  async packHash(answer: Answer | undefined, id: string, signal: AbortSignal | undefined): Promise<string> {
    if (!answer) throw new MissingPackError(id);
    const hash = createHash('sha256');
    try {
      for await (const chunk of answer.body) hash.update(chunk);
    } catch (error) {
      throw this.failed(error, signal);
    }
    return hash.digest('hex');
  }

  /** Ends every request under way and the client's connections; later requests are refused. */
  close(): void {
    this.#closed = true;
    for (const controller of this.#underWay) controller.abort();
    this.#underWay.clear();
    this.#client.close();
  }
}
