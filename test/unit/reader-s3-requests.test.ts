// The S3 backend's requests against a small server of the test's own on 127.0.0.1, which
// answers by the request alone (no signature is checked): how the backend reacts to what a
// server says, not S3 itself (the end-to-end tests do that, against real servers).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { test, type TestContext } from 'node:test';
import { RepositoryAccessDeniedError, ResticAbortedError } from '../../src/reader/index.js';
import { S3Backend } from '../../src/reader/backend/s3.js';

const EMPTY_LIST = '<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>';

/** A server on 127.0.0.1 answering with `handle`; its port. */
async function server(t: TestContext, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const http = createServer(handle);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => http.close(resolve)));
  return (http.address() as { port: number }).port;
}

/** The access key a request was signed with. */
const keyOf = (req: IncomingMessage): string => /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';

test("one caller's abort ends its own wait for the bucket's region, not the others'", async (t) => {
  let asked = 0;
  const port = await server(t, (req, res) => {
    if (req.url?.includes('location')) {
      asked++;
      setTimeout(() => res.end('<LocationConstraint>eu-west-1</LocationConstraint>'), 300);
    } else res.end(EMPTY_LIST);
  });
  // No region given, none in the host: the backend asks the bucket.
  const backend = new S3Backend(`s3:http://127.0.0.1:${port}/b/r`, { env: { AWS_ACCESS_KEY_ID: 'K', AWS_SECRET_ACCESS_KEY: 'S', HOME: '/nonexistent' } });
  t.after(() => backend.close());
  const first = new AbortController();
  const listings = [backend.list('snapshots', first.signal), backend.list('index')];
  setTimeout(() => first.abort(), 50);
  await assert.rejects(listings[0]!, ResticAbortedError);
  assert.deepEqual(await listings[1], []);
  assert.equal(asked, 1, 'one question for both');
});

test('refused credentials are read again once: keys rotated since open are used, unchanged ones refused', async (t) => {
  const seen: string[] = [];
  const port = await server(t, (req, res) => {
    seen.push(keyOf(req));
    if (keyOf(req) === 'NEW') return void res.end(EMPTY_LIST);
    res.statusCode = 403;
    res.end('<Error><Code>ExpiredToken</Code><Message>the token expired</Message></Error>');
  });
  const env: Record<string, string> = { AWS_ACCESS_KEY_ID: 'OLD', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: 'T1', HOME: '/nonexistent' };
  const backend = new S3Backend(`s3:http://127.0.0.1:${port}/b/r`, { env, options: { 's3.region': 'us-east-1' } });
  t.after(() => backend.close());
  await assert.rejects(backend.list('snapshots'), RepositoryAccessDeniedError);
  assert.deepEqual(seen, ['OLD'], 'the same keys: no second try');
  Object.assign(env, { AWS_ACCESS_KEY_ID: 'NEW', AWS_SESSION_TOKEN: 'T2' });
  assert.deepEqual(await backend.list('snapshots'), []);
  assert.deepEqual(seen, ['OLD', 'OLD', 'NEW'], 'refused, read again, asked again with the new keys');
});

test('requests refused together all go again with the rotated keys, not only the first to read them', async (t) => {
  const seen: string[] = [];
  let release: () => void = () => undefined;
  const refusing = new Promise<void>((resolve) => (release = resolve));
  const port = await server(t, (req, res) => {
    seen.push(keyOf(req));
    if (keyOf(req) === 'NEW') return void res.end(EMPTY_LIST);
    // Both requests signed with the old keys are answered at once, after both came in.
    if (seen.length === 2) release();
    void refusing.then(() => {
      res.statusCode = 403;
      res.end('<Error><Code>ExpiredToken</Code></Error>');
    });
  });
  const env: Record<string, string> = { AWS_ACCESS_KEY_ID: 'OLD', AWS_SECRET_ACCESS_KEY: 'S', HOME: '/nonexistent' };
  const backend = new S3Backend(`s3:http://127.0.0.1:${port}/b/r`, { env, options: { 's3.region': 'us-east-1' } });
  t.after(() => backend.close());
  const listings = [backend.list('snapshots'), backend.list('index')];
  env['AWS_ACCESS_KEY_ID'] = 'NEW';
  assert.deepEqual(await Promise.all(listings), [[], []]);
  assert.deepEqual(seen, ['OLD', 'OLD', 'NEW', 'NEW']);
});
