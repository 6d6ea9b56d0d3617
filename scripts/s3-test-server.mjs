#!/usr/bin/env node
// A small S3 server over a folder, for the S3 tests and bench on 127.0.0.1: path-style requests,
// every one checked against Signature Version 4 (the access key, the secret, the region, the
// session token when one is set), so that wrong credentials are refused as S3 refuses them.
// Enough of S3 for restic 0.14 to 0.19 to init, back up and read through it (bucket HEAD/PUT,
// GetBucketLocation, ListObjects V1 and V2 with a page size the test sets, object GET with
// Range, HEAD, PUT plain or aws-chunked, multipart uploads, DELETE) and for resticjs's reader.
//
// Written for the tests because no S3 server that checks SigV4 can be installed here: Debian's
// rclone is built without `serve s3`, and s3rver checks only Signature Version 2.
//
//   node scripts/s3-test-server.mjs --dir D --key ID --secret S [--region R] [--token T]
//        [--page-keys N] [--cert C --cert-key K] [--anonymous]
// prints one JSON line once it listens on 127.0.0.1: {"port":N} for HTTP, and "tlsPort" for
// HTTPS when given a certificate (both serve the same folder); ends on SIGTERM/SIGKILL.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { dirname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    dir: { type: 'string' }, key: { type: 'string' }, secret: { type: 'string' }, region: { type: 'string', default: 'us-east-1' },
    token: { type: 'string' }, 'page-keys': { type: 'string', default: '1000' }, cert: { type: 'string' }, 'cert-key': { type: 'string' },
    anonymous: { type: 'boolean', default: false },
  },
});
if (!opt.dir || !opt.key || !opt.secret) {
  console.error('usage: s3-test-server.mjs --dir D --key ID --secret S [--region R] [--token T] [--page-keys N] [--cert C --cert-key K] [--anonymous]');
  process.exit(2);
}
const root = opt.dir;
const pageCap = Number(opt['page-keys']);
const uploads = join(root, '.uploads');
mkdirSync(uploads, { recursive: true });

const xmlEscape = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function send(res, status, body = '', headers = {}) {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...(body ? { 'Content-Type': 'application/xml' } : {}), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
function fail(res, status, code, message, extra = {}) {
  const more = Object.entries(extra).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  send(res, status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${more}<RequestId>0</RequestId></Error>`);
}

// SigV4, computed here from the request as received, independently of the reader's signer.
// encodeURIComponent leaves A-Z a-z 0-9 - _ . ~ and ! ' ( ) * as they are: SigV4 wants the
// last five escaped too.
const enc = (s, slash) => {
  const out = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return slash ? out.replace(/%2F/g, '/') : out;
};
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
/** The signing key of each day and region, derived once (four HMACs) as S3 itself caches it. */
const signingKeys = new Map();
function signingKey(day, region) {
  let key = signingKeys.get(`${day}/${region}`);
  if (!key) signingKeys.set(`${day}/${region}`, (key = hmac(hmac(hmac(hmac(`AWS4${opt.secret}`, day), region), 's3'), 'aws4_request')));
  return key;
}

/** undefined when the request may go on; otherwise the error already sent. */
function authenticate(req, res, rawPath, rawQuery, isLocation) {
  const auth = req.headers.authorization;
  if (!auth) {
    if (opt.anonymous && (req.method === 'GET' || req.method === 'HEAD')) return undefined;
    return fail(res, 403, 'AccessDenied', 'Access Denied') ?? true;
  }
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return fail(res, 400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed') ?? true;
  const [, id, day, region, signedHeaders, signature] = m;
  if (id !== opt.key) return fail(res, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.') ?? true;
  if (region !== opt.region && !isLocation) return fail(res, 400, 'AuthorizationHeaderMalformed', `the region '${region}' is wrong; expecting '${opt.region}'`, { Region: opt.region }) ?? true;
  const date = req.headers['x-amz-date'] ?? '';
  const pairs = rawQuery === '' ? [] : rawQuery.split('&').map((p) => {
    const i = p.indexOf('=');
    const dec = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return i < 0 ? [enc(dec(p), false), ''] : [enc(dec(p.slice(0, i)), false), enc(dec(p.slice(i + 1)), false)];
  }).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const headerLines = signedHeaders.split(';').map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, enc(decodeURIComponent(rawPath), true), pairs.map(([k, v]) => `${k}=${v}`).join('&'), headerLines, signedHeaders, req.headers['x-amz-content-sha256'] ?? ''].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const expected = hmac(signingKey(day, region), toSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return fail(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.') ?? true;
  if (opt.token !== undefined && req.headers['x-amz-security-token'] !== opt.token) return fail(res, 403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.') ?? true;
  if (opt.token !== undefined && !signedHeaders.split(';').includes('x-amz-security-token')) return fail(res, 403, 'AccessDenied', 'the security token is not signed') ?? true;
  return undefined;
}

/** The body as stored: aws-chunked bodies (signed or not, with trailers or not) decoded. */
function payload(req, body) {
  const mode = req.headers['x-amz-content-sha256'] ?? '';
  if (!mode.startsWith('STREAMING-')) {
    if (/^[0-9a-f]{64}$/.test(mode) && createHash('sha256').update(body).digest('hex') !== mode) throw Object.assign(new Error('XAmzContentSHA256Mismatch'), { code: 'XAmzContentSHA256Mismatch' });
    return body;
  }
  const parts = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw Object.assign(new Error('bad chunk'), { code: 'IncompleteBody' });
    const size = parseInt(body.subarray(at, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) throw Object.assign(new Error('bad chunk'), { code: 'IncompleteBody' });
    at = eol + 2;
    if (size === 0) break;
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
  const data = Buffer.concat(parts);
  const declared = req.headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== data.length) throw Object.assign(new Error('length'), { code: 'IncompleteBody' });
  return data;
}

/** The keys that start with `prefix`, with their sizes and times: only the folder the prefix ends in is walked. */
async function keysUnder(bucketDir, prefix) {
  const found = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && !entry.name.startsWith('.tmp-')) found.push({ key: relative(bucketDir, path).split(sep).join('/'), path });
    }
  };
  const folder = join(bucketDir, ...prefix.slice(0, prefix.lastIndexOf('/') + 1).split('/').filter((part) => part !== '' && part !== '..'));
  try {
    await walk(folder);
  } catch (error) {
    if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
  }
  return found.filter(({ key }) => key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function list(res, bucket, q) {
  const v2 = q.get('list-type') === '2';
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const max = Math.max(0, Math.min(Number(q.get('max-keys') ?? 1000), pageCap));
  const after = v2 ? (q.get('continuation-token') ? Buffer.from(q.get('continuation-token'), 'base64url').toString() : q.get('start-after') ?? '') : q.get('marker') ?? '';
  const keys = (await keysUnder(join(root, bucket), prefix)).filter(({ key }) => key > after);
  const contents = [];
  const prefixes = new Set();
  let last = '';
  let truncated = false;
  for (const found of keys) {
    const k = found.key;
    if (contents.length + prefixes.size >= max) { truncated = true; break; }
    const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) prefixes.add(k.slice(0, cut + delimiter.length));
    else contents.push(found);
    last = k;
  }
  const items = (await Promise.all(contents.map(async ({ key, path }) => {
    const st = await stat(path);
    return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${st.mtime.toISOString()}</LastModified><ETag>"x"</ETag><Size>${st.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
  }))).join('');
  const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join('');
  const paging = v2
    ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>${q.get('continuation-token') ? `<ContinuationToken>${xmlEscape(q.get('continuation-token'))}</ContinuationToken>` : ''}${truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64url')}</NextContinuationToken>` : ''}`
    : `<Marker>${xmlEscape(after)}</Marker>${truncated && delimiter ? `<NextMarker>${xmlEscape(last)}</NextMarker>` : ''}`;
  send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${XMLNS}"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${paging}<MaxKeys>${max}</MaxKeys>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>${items}${common}</ListBucketResult>`);
}

/** Ranges up to this size are read in one call; larger ones (whole packs) are streamed. */
const ONE_READ = 8 * 1024 * 1024;
/** Objects kept open between requests: a ranged GET then costs one read, not open, fstat, read and close. */
const OPEN_OBJECTS = 64;
const objects = new Map();

/** The open file of `file` and its stat, shared by the requests that read it at once; release() when done. */
function acquire(file) {
  let entry = objects.get(file);
  if (entry) {
    objects.delete(file);
  } else {
    entry = { opened: open(file, 'r').then(async (handle) => ({ handle, st: await handle.stat() })), users: 0, dropped: false };
    entry.opened.catch(() => objects.get(file) === entry && objects.delete(file));
    while (objects.size >= OPEN_OBJECTS) forget(objects.keys().next().value);
  }
  objects.set(file, entry);
  entry.users++;
  return entry;
}
function release(entry) {
  if (--entry.users === 0 && entry.dropped) entry.opened.then(({ handle }) => handle.close(), () => undefined);
}
/** The object at `file` was replaced or removed, or is the oldest open: closed once no request reads it. */
function forget(file) {
  const entry = objects.get(file);
  if (!entry) return;
  objects.delete(file);
  entry.dropped = true;
  entry.users++;
  release(entry);
}

async function getObject(req, res, file) {
  const entry = acquire(file);
  try {
    let handle, st;
    try {
      ({ handle, st } = await entry.opened);
      if (!st.isFile()) throw new Error('not a file');
    } catch {
      return fail(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    const base = { 'Last-Modified': st.mtime.toUTCString(), ETag: '"x"', 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = st.size - 1;
    let status = 200;
    if (range) {
      start = Number(range[1]);
      end = range[2] === '' ? st.size - 1 : Math.min(Number(range[2]), st.size - 1);
      if (start >= st.size) return fail(res, 416, 'InvalidRange', 'The requested range is not satisfiable');
      status = 206;
      base['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
    }
    const length = end - start + 1;
    if (req.method === 'HEAD' || length <= 0) {
      res.writeHead(status, { ...base, 'Content-Length': Math.max(0, length) });
      return res.end();
    }
    if (length > ONE_READ) {
      res.writeHead(status, { ...base, 'Content-Length': length });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    // One read, then headers and body in one write.
    const body = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(body, 0, length, start);
    if (bytesRead !== length) return fail(res, 500, 'InternalError', 'the object changed while it was read');
    res.writeHead(status, { ...base, 'Content-Length': length });
    res.end(body);
  } finally {
    release(entry);
  }
}

function store(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.tmp-${randomUUID()}`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
  forget(file);
}

/** Buckets known to exist (none is ever removed): no file system call for them. */
const buckets = new Set();

async function handle(req, res) {
  const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2);
  const q = new URLSearchParams(rawQuery);
  const path = decodeURIComponent(rawPath);
  const slash = path.indexOf('/', 1);
  const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (authenticate(req, res, rawPath, rawQuery, key === '' && q.has('location'))) return;
  if (bucket === '' || bucket.includes('..') || key.split('/').includes('..')) return fail(res, 400, 'InvalidRequest', 'bad path');
  const bucketDir = join(root, bucket);
  if (!buckets.has(bucket) && existsSync(bucketDir)) buckets.add(bucket);
  const exists = buckets.has(bucket);
  if (key === '') {
    if (req.method === 'PUT') {
      if (exists) return fail(res, 409, 'BucketAlreadyOwnedByYou', 'exists');
      mkdirSync(bucketDir);
      buckets.add(bucket);
      return send(res, 200, '', { Location: `/${bucket}` });
    }
    if (!exists) return fail(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    if (req.method === 'HEAD') return send(res, 200, '', { 'x-amz-bucket-region': opt.region });
    if (req.method !== 'GET') return fail(res, 405, 'MethodNotAllowed', 'not allowed');
    if (q.has('location')) {
      const constraint = opt.region === 'us-east-1' ? '' : xmlEscape(opt.region);
      return send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${XMLNS}">${constraint}</LocationConstraint>`);
    }
    return await list(res, bucket, q);
  }
  if (!exists) return fail(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  const file = join(bucketDir, ...key.split('/'));
  const uploadDir = (id) => join(uploads, id.replace(/[^a-z0-9-]/gi, ''));
  if (req.method === 'GET' || req.method === 'HEAD') return await getObject(req, res, file);
  if (req.method === 'DELETE') {
    if (q.has('uploadId')) rmSync(uploadDir(q.get('uploadId')), { recursive: true, force: true });
    else {
      rmSync(file, { force: true });
      forget(file);
    }
    return send(res, 204);
  }
  let data;
  try {
    data = payload(req, Buffer.concat(chunks));
  } catch (error) {
    return fail(res, 400, error.code ?? 'InvalidRequest', error.message);
  }
  if (req.method === 'POST' && q.has('uploads')) {
    const id = randomUUID();
    mkdirSync(uploadDir(id));
    return send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult xmlns="${XMLNS}"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
  }
  if (req.method === 'PUT' && q.has('uploadId')) {
    const dir = uploadDir(q.get('uploadId'));
    if (!existsSync(dir)) return fail(res, 404, 'NoSuchUpload', 'no such upload');
    writeFileSync(join(dir, String(Number(q.get('partNumber'))).padStart(6, '0')), data);
    return send(res, 200, '', { ETag: `"${createHash('md5').update(data).digest('hex')}"` });
  }
  if (req.method === 'POST' && q.has('uploadId')) {
    const dir = uploadDir(q.get('uploadId'));
    if (!existsSync(dir)) return fail(res, 404, 'NoSuchUpload', 'no such upload');
    const parts = readdirSync(dir).sort().map((name) => readFileSync(join(dir, name)));
    store(file, Buffer.concat(parts));
    rmSync(dir, { recursive: true, force: true });
    return send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult xmlns="${XMLNS}"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>"x-1"</ETag></CompleteMultipartUploadResult>`);
  }
  if (req.method === 'PUT') {
    store(file, data);
    return send(res, 200, '', { ETag: `"${createHash('md5').update(data).digest('hex')}"` });
  }
  return fail(res, 405, 'MethodNotAllowed', 'not allowed');
}

const onRequest = (req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) fail(res, 500, 'InternalError', String(error?.message ?? error));
    else res.destroy();
  });
};
// Plain HTTP always; with a certificate, HTTPS too, on a second port over the same folder.
const servers = [createHttp(onRequest), ...(opt.cert ? [createHttps({ cert: readFileSync(opt.cert), key: readFileSync(opt['cert-key']) }, onRequest)] : [])];
const ports = await Promise.all(servers.map((server) => new Promise((resolve) => {
  server.keepAliveTimeout = 120_000;
  server.listen(0, '127.0.0.1', () => resolve(server.address().port));
})));
process.stdout.write(`${JSON.stringify({ port: ports[0], ...(ports[1] ? { tlsPort: ports[1] } : {}) })}\n`);
process.on('SIGTERM', () => process.exit(0));
