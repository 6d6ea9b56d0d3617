// GET requests for the REST and S3 backends over node:http and node:https rather than fetch: Node's
// fetch cannot be given CA certificates or a client certificate per request, and restic's
// `--cacert`, `--tls-client-cert` and `--insecure-tls` must reach the reader as they reach
// restic. Connections are kept alive, as restic's HTTP client keeps them.
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { InvalidArgumentError } from '../errors.js';

/** TLS settings, restic's way: files in PEM. */
export interface TlsFiles {
  /** CA certificates to trust instead of Node's own list (restic's `--cacert`, several allowed). */
  cacert?: string | readonly string[];
  /** One file holding the client certificate and its private key (restic's `--tls-client-cert`). */
  tlsClientCert?: string;
  /** Accept any server certificate (restic's `--insecure-tls`). */
  insecureTls?: boolean;
}

/**
 * A connection that carries nothing for this long is given up. restic cancels a request stuck
 * for five minutes (and retries it); Node's fetch waited as long for headers.
 */
const STALL_TIMEOUT_MS = 300_000;
/** Kept-alive connections idle for this long are closed, before a server closes them under a request (Go's client: 90 s). */
const IDLE_CONNECTION_MS = 60_000;
/** A kept-alive connection the server closed just as a request went out fails with these; the request is sent once more. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

export interface HttpResponse {
  status: number;
  /** The body; destroy it to stop downloading. */
  body: IncomingMessage;
}

/** A keep-alive client for one server. */
export class HttpGetClient {
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #request: typeof httpRequest;
  readonly #stallTimeoutMs: number;

  constructor(base: URL, tls: TlsFiles = {}, stallTimeoutMs = STALL_TIMEOUT_MS) {
    this.#stallTimeoutMs = stallTimeoutMs;
    // Read and checked for http:// too, as restic reads them whatever the scheme.
    const secure = tlsOptions(tls);
    const secureContext = secureContextOf(secure);
    if (base.protocol === 'https:') {
      this.#agent = new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, secureContext, rejectUnauthorized: secure.rejectUnauthorized !== false });
      this.#request = httpsRequest;
    } else {
      this.#agent = new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
      this.#request = httpRequest;
    }
  }

  /** GET `url`; resolves once the status and headers are in. The signal ends the request, body included. */
  async get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<HttpResponse> {
    try {
      return await this.#send(url, headers, signal);
    } catch (error) {
      if (!(error instanceof StaleConnectionError) || signal.aborted) throw error instanceof StaleConnectionError ? error.cause : error;
      return this.#send(url, headers, signal);
    }
  }

  #send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      let response: IncomingMessage | undefined;
      const request = this.#request(url, { method: 'GET', headers, agent: this.#agent, signal }, (body) => {
        response = body;
        resolve({ status: body.statusCode ?? 0, body });
      });
      request.once('error', (error: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && response === undefined && STALE_CONNECTION.has(error.code ?? '');
        reject(stale ? new StaleConnectionError(error) : error);
      });
      request.setTimeout(this.#stallTimeoutMs, () => {
        const stalled = new Error(`nothing came for ${this.#stallTimeoutMs / 1000} s`);
        // The body too, so that a reader of it learns why.
        response?.destroy(stalled);
        request.destroy(stalled);
      });
      request.end();
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

class StaleConnectionError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/**
 * One TLS context for every connection, made at once so that a client certificate whose key does
 * not fit, or a CA file OpenSSL cannot read, is refused before any request, as restic refuses it
 * at start. OpenSSL's reason is kept; the files' text is never shown.
 */
function secureContextOf(options: TlsOptions): SecureContext {
  try {
    return createSecureContext({ ca: options.ca, cert: options.cert, key: options.key });
  } catch (error) {
    // Which file is at fault: the CAs alone are parsed again only now, on the way to an error.
    try {
      createSecureContext({ ca: options.ca });
    } catch (caError) {
      throw new InvalidArgumentError('cacert', `the CA certificates cannot be used: ${(caError as Error).message}`);
    }
    throw new InvalidArgumentError('tlsClientCert', `the client certificate and key cannot be used: ${(error as Error).message}`);
  }
}

/** What the TLS files become: Node's TLS options. */
interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

/**
 * The files of restic's TLS settings read into Node's options. As in restic, `cacert` replaces
 * the CAs trusted otherwise rather than adding to them, and the client file's PEM blocks are
 * sorted into certificates and the one private key; any other block is refused.
 */
export function tlsOptions(tls: TlsFiles): TlsOptions {
  const options: TlsOptions = {};
  const cacert = typeof tls.cacert === 'string' ? [tls.cacert] : tls.cacert;
  if (cacert !== undefined) {
    if (!Array.isArray(cacert)) throw new InvalidArgumentError('cacert', 'expected the path of a PEM file, or a list of them');
    options.ca = cacert.map((file: unknown) => {
      if (typeof file !== 'string' || file === '') throw new InvalidArgumentError('cacert', 'expected the paths of PEM files');
      // Go's AppendCertsFromPEM takes the CERTIFICATE blocks and skips the others.
      const certificates = pemBlocks(readPem(file, 'cacert')).filter((block) => block.type === 'CERTIFICATE');
      if (certificates.length === 0) throw new InvalidArgumentError('cacert', `${file} holds no PEM certificate`);
      return certificates.map((block) => block.text).join('\n');
    });
  }
  if (tls.tlsClientCert !== undefined) {
    if (typeof tls.tlsClientCert !== 'string' || tls.tlsClientCert === '') throw new InvalidArgumentError('tlsClientCert', 'expected the path of a PEM file');
    const certificates: string[] = [];
    const keys: string[] = [];
    for (const block of pemBlocks(readPem(tls.tlsClientCert, 'tlsClientCert'))) {
      if (block.type.endsWith('CERTIFICATE')) certificates.push(block.text);
      else if (block.type.endsWith('PRIVATE KEY')) keys.push(block.text);
      else throw new InvalidArgumentError('tlsClientCert', `unknown PEM block type ${block.type} in ${tls.tlsClientCert}`);
    }
    if (certificates.length === 0 || keys.length !== 1) throw new InvalidArgumentError('tlsClientCert', `${tls.tlsClientCert} must hold certificates and exactly one private key`);
    options.cert = certificates.join('\n');
    options.key = keys[0];
  }
  if (tls.insecureTls !== undefined && typeof tls.insecureTls !== 'boolean') throw new InvalidArgumentError('insecureTls', 'expected a boolean');
  if (tls.insecureTls) options.rejectUnauthorized = false;
  return options;
}

function readPem(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(option, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function pemBlocks(text: string): { type: string; text: string }[] {
  const blocks: { type: string; text: string }[] = [];
  for (const match of text.matchAll(/-----BEGIN ([^\r\n]+?)-----[\s\S]*?-----END \1-----/g)) blocks.push({ type: match[1]!, text: match[0] });
  return blocks;
}
