// AWS Signature Version 4 for S3 requests (the header form), with node:crypto: the canonical
// request, the string to sign, the signing key derived from the secret, and the Authorization
// header. Only what a reader sends is covered: GET requests with an empty body, the payload
// hash sent in x-amz-content-sha256 as S3 requires.
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** SHA-256 of the empty body: the payload hash of every GET. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What signs a request. The secret is only read here, to derive the signing key. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Headers to send and sign (names in any case); `host` is added from the URL. */
  headers: Record<string, string>;
  region: string;
  service?: string;
  /** The signing time; default now. */
  date?: Date;
  /** Hex SHA-256 of the body, or UNSIGNED-PAYLOAD; default that of the empty body. */
  payloadHash?: string;
}

/** Text SigV4 leaves as it is (in a path, '/' too). */
const PLAIN = /^[A-Za-z0-9\-_.~]*$/;
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;
/** What encodeURIComponent leaves and SigV4 escapes. */
const SUB_DELIMS = /[!'()*]/g;
/** A UTF-16 surrogate without its pair, which encodeURIComponent refuses and UTF-8 writes as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 3986 encoding as SigV4 asks: every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper case); '/' kept in paths. */
export function uriEncode(text: string, keepSlash: boolean): string {
  // Object keys and query values are mostly plain: those are given back as they are.
  if ((keepSlash ? PLAIN_PATH : PLAIN).test(text)) return text;
  const encoded = encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(SUB_DELIMS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** The query string signed: each name and value encoded, sorted by name then value. */
export function canonicalQuery(url: URL): string {
  if (url.search === '') return '';
  const pairs = [...url.searchParams].map(([name, value]) => [uriEncode(name, false), uriEncode(value, false)] as const);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/**
 * The path signed: S3 signs the object key encoded once. The URL given holds the path already
 * encoded (the S3 backend encodes it with uriEncode), so it is decoded and encoded again, which
 * leaves it as it is and makes sure no character escaped the encoding.
 */
export function canonicalPath(url: URL): string {
  const path = url.pathname || '/';
  return uriEncode(decodeURIComponent(path), true);
}

/** The time as SigV4 writes it: 20150830T123600Z. */
export function amzDate(date: Date): string {
  // 2015-08-30T12:36:00.000Z
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** kSigning = HMAC chain of the date, region, service and "aws4_request", keyed first by "AWS4" + secret. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/** The pieces of a signature, for tests that check each step against the specification's examples. */
export interface Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** The headers to send: those given, plus host, x-amz-date, x-amz-content-sha256, x-amz-security-token and Authorization. */
  headers: Record<string, string>;
}

/** Signs a request. `key` may be a signing key derived before (see signingKey) for the same day, region and service. */
export function sign(request: RequestToSign, credentials: SigningCredentials, key?: Buffer): Signature {
  const service = request.service ?? 's3';
  const time = amzDate(request.date ?? new Date());
  const day = time.slice(0, 8);
  const payloadHash = request.payloadHash ?? EMPTY_SHA256;
  const headers: Record<string, string> = { ...request.headers };
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (!names.has('host')) headers['host'] = request.url.host;
  if (!names.has('x-amz-date')) headers['x-amz-date'] = time;
  if (!names.has('x-amz-content-sha256') && service === 's3') headers['x-amz-content-sha256'] = payloadHash;
  if (credentials.sessionToken && !names.has('x-amz-security-token')) headers['x-amz-security-token'] = credentials.sessionToken;
  // Header values: trimmed, runs of blanks made one; names lower case, sorted.
  const canonical = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), String(value).trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = canonical.map(([name]) => name).join(';');
  const canonicalRequest = [request.method, canonicalPath(request.url), canonicalQuery(request.url), canonical.map(([name, value]) => `${name}:${value}\n`).join(''), signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${request.region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, time, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signature = createHmac('sha256', key ?? signingKey(credentials.secretAccessKey, day, request.region, service))
    .update(stringToSign)
    .digest('hex');
  headers['Authorization'] = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, headers };
}
