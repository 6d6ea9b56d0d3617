// The S3 backend's pure parts: SigV4 against the examples of AWS's S3 documentation and the
// SigV4 test suite's get-vanilla case (values worked out from the specification, not from this
// code), locations as restic parses them, extended options, credentials (environment, shared
// file and profile, session token, anonymous), the XML answers, and that no secret shows.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { BackendError, InvalidArgumentError, UnsupportedRepositoryError } from '../../src/reader/index.js';
import { S3Backend } from '../../src/reader/backend/s3.js';
import { s3Credentials } from '../../src/reader/backend/s3-credentials.js';
import { parseS3Location, s3LocationText } from '../../src/shared/s3-location.js';
import { objectUrl, regionOfHost, s3Settings, virtualHostStyle } from '../../src/reader/backend/s3-settings.js';
import { parseError, parseListPage, parseLocation } from '../../src/reader/backend/s3-xml.js';
import { sign, uriEncode } from '../../src/reader/backend/sigv4.js';
import { nativeReadsPossible } from '../../src/native-reads.js';

// The credentials of AWS's S3 SigV4 examples ("Examples of signature calculations").
const EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const EXAMPLE_DATE = new Date('2013-05-24T00:00:00Z');

test('SigV4: GET Object with a Range, as in the S3 documentation', () => {
  const signed = sign({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { Range: 'bytes=0-9' }, region: 'us-east-1', date: EXAMPLE_DATE }, EXAMPLE);
  assert.equal(
    signed.canonicalRequest,
    'GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(signed.stringToSign, 'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
  assert.equal(signed.signature, 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  assert.equal(
    signed.headers['Authorization'],
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});

test('SigV4: a listing and a sub-resource query, as in the S3 documentation', () => {
  const list = sign({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'), headers: {}, region: 'us-east-1', date: EXAMPLE_DATE }, EXAMPLE);
  assert.equal(list.signature, '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  const lifecycle = sign({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'), headers: {}, region: 'us-east-1', date: EXAMPLE_DATE }, EXAMPLE);
  assert.equal(lifecycle.canonicalRequest.split('\n')[2], 'lifecycle=');
  assert.equal(lifecycle.signature, 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
});

test('SigV4: the test suite\'s get-vanilla case (another service, no payload header)', () => {
  const signed = sign(
    { method: 'GET', url: new URL('https://example.amazonaws.com/'), headers: {}, region: 'us-east-1', service: 'service', date: new Date('2015-08-30T12:36:00Z') },
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  );
  assert.equal(signed.signature, '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
});

test('SigV4: a session token is sent and signed; encoding keeps only the unreserved characters', () => {
  const signed = sign({ method: 'GET', url: new URL('https://b.s3.amazonaws.com/k'), headers: {}, region: 'eu-west-1', date: EXAMPLE_DATE }, { ...EXAMPLE, sessionToken: 'TOKEN/+=' });
  assert.equal(signed.headers['x-amz-security-token'], 'TOKEN/+=');
  assert.match(signed.headers['Authorization']!, /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/);
  assert.equal(uriEncode('a b/c~d+é', true), 'a%20b/c~d%2B%C3%A9');
  assert.equal(uriEncode('a/b', false), 'a%2Fb');
  // What encodeURIComponent leaves and SigV4 escapes; a lone surrogate, which UTF-8 writes as U+FFFD.
  assert.equal(uriEncode("x!'()*y", false), 'x%21%27%28%29%2Ay');
  assert.equal(uriEncode('k\uD800', true), 'k%EF%BF%BD');
  assert.equal(uriEncode('data/ab/ab01-_.~', true), 'data/ab/ab01-_.~');
});

test('locations: as restic parses them', () => {
  assert.deepEqual(parseS3Location('s3:https://127.0.0.1:9000/bucket/some/prefix/'), { endpoint: '127.0.0.1:9000', secure: true, bucket: 'bucket', prefix: 'some/prefix' });
  assert.deepEqual(parseS3Location('s3:http://minio.local/bucket'), { endpoint: 'minio.local', secure: false, bucket: 'bucket', prefix: '' });
  assert.deepEqual(parseS3Location('s3:s3.amazonaws.com/bucket/a//b/../c'), { endpoint: 's3.amazonaws.com', secure: true, bucket: 'bucket', prefix: 'a/c' });
  assert.deepEqual(parseS3Location('s3://s3.eu-west-1.amazonaws.com/bucket'), { endpoint: 's3.eu-west-1.amazonaws.com', secure: true, bucket: 'bucket', prefix: '' });
  assert.deepEqual(parseS3Location('s3:http://[::1]:9000/b/p'), { endpoint: '[::1]:9000', secure: false, bucket: 'b', prefix: 'p' });
  for (const bad of ['s3:', 's3:host', 's3:host/', 's3:https://host', 's3:https://host/', 's3:ftp://host/b']) assert.throws(() => parseS3Location(bad), InvalidArgumentError, bad);
  // Credentials in the URL are ignored (as restic ignores them) and never shown.
  const withUser = parseS3Location('s3:https://user:pa55word@host/b/p');
  assert.equal(s3LocationText(withUser), 's3:https://host/b/p');
  assert.equal(s3LocationText(parseS3Location('s3:user:pa55word@host/b/p')), 's3:https://host/b/p', 'without a scheme too');
  // A URL would read "..", as the bucket or the prefix, as another bucket's keys.
  for (const climbing of ['s3:host/../x', 's3:host/b/..', 's3:host/b/../../x', 's3:https://host/b/a/../../x']) assert.throws(() => parseS3Location(climbing), InvalidArgumentError, climbing);
  assert.equal(parseS3Location('s3:host/b/a/..').prefix, '', 'within the bucket: its root');
});

test('extended options and the environment: region, bucket lookup, V1 listing', () => {
  assert.deepEqual(s3Settings(undefined, {}), { region: undefined, lookup: 'auto', listV1: false });
  assert.deepEqual(s3Settings({ 's3.region': 'eu-central-1', 's3.bucket-lookup': 'PATH', 's3.list-objects-v1': 'true' }, { AWS_DEFAULT_REGION: 'us-west-2' }), { region: 'eu-central-1', lookup: 'path', listV1: true });
  assert.deepEqual(s3Settings({ 's3.list-objects-v1': false }, { AWS_DEFAULT_REGION: 'us-west-2' }), { region: 'us-west-2', lookup: 'auto', listV1: false });
  assert.throws(() => s3Settings({ 's3.bucket-lookup': 'vhost' }, {}), InvalidArgumentError);
  assert.throws(() => s3Settings({ 's3.list-objects-v1': 'yes' }, {}), InvalidArgumentError);
  const aws = parseS3Location('s3:s3.amazonaws.com/my-bucket/p');
  assert.equal(virtualHostStyle(aws, 'auto'), true);
  assert.equal(virtualHostStyle(parseS3Location('s3:s3.amazonaws.com/my.bucket/p'), 'auto'), false, 'dots break the certificate over https');
  assert.equal(virtualHostStyle(parseS3Location('s3:http://127.0.0.1:9000/b'), 'auto'), false);
  assert.equal(virtualHostStyle(parseS3Location('s3:http://127.0.0.1:9000/b'), 'dns'), true);
  assert.equal(virtualHostStyle(aws, 'path'), false);
  assert.equal(objectUrl(aws, true, 'p/data/ab/x y').href, 'https://my-bucket.s3.amazonaws.com/p/data/ab/x%20y');
  assert.equal(objectUrl(aws, false, '', [['list-type', '2'], ['prefix', 'p/keys/']]).href, 'https://s3.amazonaws.com/my-bucket/?list-type=2&prefix=p%2Fkeys%2F');
  assert.equal(regionOfHost('s3.eu-west-3.amazonaws.com'), 'eu-west-3');
  assert.equal(regionOfHost('s3-us-west-2.amazonaws.com'), 'us-west-2');
  assert.equal(regionOfHost('s3.dualstack.ap-south-1.amazonaws.com'), 'ap-south-1');
  assert.equal(regionOfHost('s3.amazonaws.com'), undefined);
  assert.equal(regionOfHost('127.0.0.1:9000'), undefined);
});

test('credentials: environment first, then the shared file and profile, else anonymous', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-s3-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'credentials');
  writeFileSync(file, '# comment\n[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = default-secret\n\n[backup]\naws_access_key_id=BACKUPID\naws_secret_access_key=backup-secret\naws_session_token = backup-token\n');
  const env = s3Credentials({ AWS_ACCESS_KEY_ID: 'ENVID', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token', AWS_SHARED_CREDENTIALS_FILE: file });
  assert.equal(env?.accessKeyId, 'ENVID');
  assert.equal(env?.secretAccessKey, 'env-secret');
  assert.equal(env?.sessionToken, 'env-token');
  const fromFile = s3Credentials({ AWS_SHARED_CREDENTIALS_FILE: file });
  assert.equal(fromFile?.accessKeyId, 'DEFAULTID');
  assert.equal(fromFile?.sessionToken, undefined);
  const profile = s3Credentials({ AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'backup' });
  assert.equal(profile?.accessKeyId, 'BACKUPID');
  assert.equal(profile?.secretAccessKey, 'backup-secret');
  assert.equal(profile?.sessionToken, 'backup-token');
  assert.equal(s3Credentials({ AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'none' }), undefined);
  assert.equal(s3Credentials({ HOME: dir }), undefined, 'no ~/.aws/credentials: anonymous');
  assert.throws(() => s3Credentials({ AWS_ACCESS_KEY_ID: 'ID' }), InvalidArgumentError);
  assert.throws(() => s3Credentials({ AWS_SECRET_ACCESS_KEY: 'only-secret' }), (error: Error) => error instanceof InvalidArgumentError && !error.message.includes('only-secret'));
  assert.throws(() => s3Credentials({ RESTIC_AWS_ASSUME_ROLE_ARN: 'arn:aws:iam::1:role/x' }), UnsupportedRepositoryError);
  // What shows of them: where they came from, never the secret or the token.
  for (const creds of [env!, profile!]) {
    const shown = `${inspect(creds)} ${JSON.stringify(creds)} ${String(creds)}`;
    for (const secret of ['env-secret', 'env-token', 'backup-secret', 'backup-token']) assert.ok(!shown.includes(secret), shown);
  }
});

test('an S3 backend shows its location, never its credentials', async () => {
  const backend = new S3Backend('s3:https://user:url-secret@127.0.0.1:1/bucket/prefix', { env: { AWS_ACCESS_KEY_ID: 'ID', AWS_SECRET_ACCESS_KEY: 'the-secret-key', AWS_SESSION_TOKEN: 'the-token' } });
  const shown = `${backend.location} ${inspect(backend)} ${JSON.stringify(backend)} ${inspect(backend, { showHidden: true, depth: 9 })}`;
  for (const secret of ['url-secret', 'the-secret-key', 'the-token']) assert.ok(!shown.includes(secret), shown);
  assert.equal(backend.location, 's3:https://127.0.0.1:1/bucket/prefix');
  await backend.close();
});

test('the XML answers: listing pages, errors, locations', () => {
  const v2 = parseListPage('<?xml version="1.0"?><ListBucketResult xmlns="x"><Name>b</Name><IsTruncated>true</IsTruncated><Contents><Key>p/keys/a&amp;b</Key><Size>1</Size></Contents><Contents><Key>p/keys/c</Key></Contents><NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>');
  assert.deepEqual(v2, { keys: ['p/keys/a&b', 'p/keys/c'], truncated: true, nextToken: 'tok+/=', nextMarker: undefined });
  const encoded = parseListPage('<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Contents><Key>a%20b</Key></Contents></ListBucketResult>');
  assert.deepEqual(encoded?.keys, ['a b']);
  assert.equal(parseListPage('<Error><Code>x</Code></Error>'), undefined);
  // A number past Unicode is kept as text, not a RangeError out of the parser.
  assert.deepEqual(parseListPage('<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&#x110000;&#99999999;&#65;</Key></Contents></ListBucketResult>')?.keys, ['a&#x110000;&#99999999;A']);
  assert.deepEqual(parseError('<Error><Code>AuthorizationHeaderMalformed</Code><Message>m</Message><Region>eu-west-1</Region></Error>'), { code: 'AuthorizationHeaderMalformed', message: 'm', region: 'eu-west-1' });
  assert.equal(parseLocation('<LocationConstraint xmlns="x"/>'), 'us-east-1');
  assert.equal(parseLocation('<LocationConstraint xmlns="x">EU</LocationConstraint>'), 'eu-west-1');
  assert.equal(parseLocation('<LocationConstraint>ap-east-1</LocationConstraint>'), 'ap-east-1');
});

test('a listing that does not advance ends with BackendError, never a loop', async (t) => {
  const id = 'a'.repeat(64);
  // Every page truncated, with a new token and the same key; then pages with no key at all.
  const pages = [(n: number) => `<Contents><Key>r/snapshots/${id}</Key></Contents><NextContinuationToken>t${n}</NextContinuationToken>`, (n: number) => `<NextContinuationToken>t${n}</NextContinuationToken>`];
  for (const page of pages) {
    let served = 0;
    const server = createServer((_, res) => void res.end(`<ListBucketResult><IsTruncated>true</IsTruncated>${page(++served)}</ListBucketResult>`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const backend = new S3Backend(`s3:http://127.0.0.1:${(server.address() as { port: number }).port}/b/r`, { env: { HOME: '/nonexistent' }, options: { 's3.region': 'us-east-1' } });
    await assert.rejects(backend.list('snapshots'), (e: unknown) => e instanceof BackendError && /does not advance/.test(e.message));
    assert.ok(served <= 101, `${served} pages asked for`);
    await backend.close();
  }
});

test('reads: native takes S3 repositories with credentials restic finds the same way', () => {
  const s3 = { reads: 'native' as const, password: 'pw', repository: 's3:http://127.0.0.1:9000/bucket/repo' };
  const keys = { AWS_ACCESS_KEY_ID: 'ID', AWS_SECRET_ACCESS_KEY: 'secret' };
  assert.equal(nativeReadsPossible(s3, keys), true);
  assert.equal(nativeReadsPossible(s3, { HOME: '/nonexistent' }), false, 'no credentials: restic would ask an instance role');
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-aws-'));
  try {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[other]\naws_access_key_id = ID\naws_secret_access_key = secret\n');
    assert.equal(nativeReadsPossible(s3, { AWS_SHARED_CREDENTIALS_FILE: file }), false, 'a file without the profile: restic would ask an instance role');
    assert.equal(nativeReadsPossible(s3, { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'other' }), true, 'the profile in the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(nativeReadsPossible(s3, { ...keys, RESTIC_AWS_ASSUME_ROLE_ARN: 'arn' }), false, 'a role to assume');
  assert.equal(nativeReadsPossible({ ...s3, repository: 's3:s3.amazonaws.com/bucket' }, { ...keys, HTTPS_PROXY: 'http://10.0.0.1:3128' }), false, 'a proxy restic would use');
  assert.equal(nativeReadsPossible(s3, { ...keys, HTTP_PROXY: 'http://10.0.0.1:3128' }), true, 'Go never proxies loopback');
});
