// GET requests for the REST backend over node:http and node:https rather than fetch: Node's
// fetch cannot be given CA certificates or a client certificate per request, and restic's
// `--cacert`, `--tls-client-cert` and `--insecure-tls` must reach the reader as they reach
// restic. Connections are kept alive, as restic's HTTP client keeps them.
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { InvalidArgumentError } from './errors.js';

/** TLS settings, restic's way: files in PEM. */
export interface TlsFiles {
  /** CA certificates to trust instead of the system's (restic's `--cacert`, several allowed). */
  cacert?: string | readonly string[];
  /** One file holding the client certificate and its private key (restic's `--tls-client-cert`). */
  tlsClientCert?: string;
  /** Accept any server certificate (restic's `--insecure-tls`). */
  insecureTls?: boolean;
}

/**
 * A connection that carries nothing for this long is given up, as restic gives up a stuck
 * request after five minutes (and Node's fetch waited as long for headers).
 */
const STALL_TIMEOUT_MS = 300_000;

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
    if (base.protocol === 'https:') {
      this.#agent = new HttpsAgent({ keepAlive: true, ...secure });
      this.#request = httpsRequest;
    } else {
      this.#agent = new HttpAgent({ keepAlive: true });
      this.#request = httpRequest;
    }
  }

  /** GET `url`; resolves once the status and headers are in. The signal ends the request, body included. */
  get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = this.#request(url, { method: 'GET', headers, agent: this.#agent, signal }, (body) => resolve({ status: body.statusCode ?? 0, body }));
      request.once('error', reject);
      request.setTimeout(this.#stallTimeoutMs, () => request.destroy(new Error(`nothing came for ${this.#stallTimeoutMs / 1000} s`)));
      request.end();
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

/**
 * The files of restic's TLS settings read into Node's options. As in restic, `cacert` replaces
 * the system's CAs rather than adding to them, and the client file's PEM blocks are sorted into
 * certificates and the one private key; any other block is refused.
 */
export function tlsOptions(tls: TlsFiles): { ca?: string[]; cert?: string; key?: string; rejectUnauthorized?: boolean } {
  const options: { ca?: string[]; cert?: string; key?: string; rejectUnauthorized?: boolean } = {};
  const cacert = typeof tls.cacert === 'string' ? [tls.cacert] : tls.cacert;
  if (cacert !== undefined) {
    options.ca = cacert.map((file) => {
      if (typeof file !== 'string' || file === '') throw new InvalidArgumentError('cacert', 'expected the paths of PEM files');
      const text = readPem(file, 'cacert');
      if (!pemBlocks(text).some((block) => block.type.endsWith('CERTIFICATE'))) throw new InvalidArgumentError('cacert', `${file} holds no PEM certificate`);
      return text;
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
  for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)) blocks.push({ type: match[1]!, text: match[0] });
  return blocks;
}
