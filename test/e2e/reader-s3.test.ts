// ResticReader on S3: repositories written by restic 0.14, 0.18 and 0.19 through their own s3:
// backend, read back by the reader with the same answers as the CLI, over HTTP and HTTPS (a
// certificate of the test's own). The server is scripts/s3-test-server.mjs: it checks
// Signature Version 4 (so wrong credentials prove something; s3rver checks only V2, and Debian's
// rclone has no `serve s3`), and serves listing pages of one key, so every listing of two files
// or more pages through continuation tokens (V2) or markers (V1).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, test, type TestContext } from 'node:test';
import { RepositoryAccessDeniedError, RepositoryNotFoundError, type ResticOptions } from '../../src/index.js';
import { BackendError, ResticReader } from '../../src/reader/index.js';
import { selfSignedCertificate } from '../helpers/backends.js';
import { resticBinaries, type ResticBinary } from '../helpers/binaries.js';
import { collect, compareWithCli, lsCore, sha, writeTree } from '../helpers/reader-parity.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';

const KEY = 'RESTICJSTESTKEY';
const SECRET = 's3-test-secret/with+odd=chars';
const ENV = { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET };

const binaries = resticBinaries();
const newest = binaries.at(-1)!;

let http: S3Server;
let https: S3Server;
let certs: string;
let cacert: string;
before(async () => {
  certs = mkdtempSync(join(tmpdir(), 'resticjs-s3-tls-'));
  const { cert, key } = selfSignedCertificate(certs, 's3');
  cacert = cert;
  [http, https] = await Promise.all([startS3Server({ key: KEY, secret: SECRET, pageKeys: 1 }), startS3Server({ key: KEY, secret: SECRET, pageKeys: 1, tls: { cert, key } })]);
});
after(() => {
  http?.stop();
  https?.stop();
  rmSync(certs, { recursive: true, force: true });
});

const httpRepo = (name: string): string => `s3:http://127.0.0.1:${http.port}/bucket/${name}`;

/** restic's settings for a repository on the S3 server, with the test's credentials. */
function s3Settings(repository: string, extra: ResticOptions = {}): ResticOptions {
  return { repository, env: { ...ENV, ...extra.env }, ...(repository.startsWith('s3:https') ? { cacert } : {}), ...extra };
}

/** A repository with two backups of the awkward tree by `binary`, and the instance that wrote it. */
async function twoBackups(t: TestContext, binary: ResticBinary, repository: string): Promise<{ restic: ReturnType<typeof sandbox>['restic']; data: string }> {
  const box = sandbox(t, binary);
  const restic = box.with(s3Settings(repository));
  await restic.init();
  const data = writeTree(box);
  await restic.backup({ paths: [data], tags: ['first'] });
  await restic.backup({ paths: [data], host: 'other-host' });
  return { restic, data };
}

describe('ResticReader on S3', { concurrency: 2 }, () => {
  for (const binary of binaries) {
    test(`restic ${binary.series}: the same answers as the CLI over S3 (HTTP), listings paged`, { timeout: 240_000 }, async (t) => {
      const repository = httpRepo(`parity-${binary.series}`);
      const { restic, data } = await twoBackups(t, binary, repository);
      const reader = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV });
      t.after(() => reader.close());
      await compareWithCli(restic, reader, binary, data);
      // Version 1 listings (markers), as `-o s3.list-objects-v1=true` asks.
      const v1 = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV, options: { 's3.list-objects-v1': true } });
      t.after(() => v1.close());
      assert.deepEqual(await v1.snapshots(), await reader.snapshots());
      assert.deepEqual(v1.stats(), reader.stats());
    });
  }

  test(`restic ${newest.series}: the same answers as the CLI over S3 with TLS and a CA of the test's own`, { timeout: 240_000 }, async (t) => {
    const repository = `s3:https://127.0.0.1:${https.port}/secure/repo`;
    const { restic, data } = await twoBackups(t, newest, repository);
    const reader = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV, cacert });
    t.after(() => reader.close());
    await compareWithCli(restic, reader, newest, data);
    // Without the CA, Node's own list does not trust the certificate.
    await assert.rejects(ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV }), BackendError);
  });

  test('credentials: a wrong secret, key or token, none at all; a missing bucket or repository', { timeout: 120_000 }, async (t) => {
    // A server that also wants a session token, in a region of its own the reader discovers.
    const tokenServer = await startS3Server({ key: KEY, secret: SECRET, token: 'session-token-value', region: 'eu-test-1' });
    t.after(() => tokenServer.stop());
    const withToken = { ...ENV, AWS_SESSION_TOKEN: 'session-token-value' };
    const repository = `s3:http://127.0.0.1:${tokenServer.port}/tokens/repo`;
    const box = sandbox(t, newest);
    await box.with({ repository, env: withToken }).init();
    const reader = await ResticReader.open({ repository, password: TEST_PASSWORD, env: withToken });
    t.after(() => reader.close());
    assert.deepEqual(await reader.snapshots(), []);
    const regionGiven = await ResticReader.open({ repository, password: TEST_PASSWORD, env: { ...withToken, AWS_DEFAULT_REGION: 'eu-test-1' } });
    regionGiven.close();

    const wrong: [string, Record<string, string>][] = [
      ['a wrong secret', { ...withToken, AWS_SECRET_ACCESS_KEY: 'wrong-secret-value' }],
      ['an unknown key', { ...withToken, AWS_ACCESS_KEY_ID: 'UNKNOWNKEY' }],
      ['a wrong token', { ...ENV, AWS_SESSION_TOKEN: 'wrong-token-value' }],
      ['no token', ENV],
      ['no credentials', { HOME: box.dir }],
    ];
    for (const [what, env] of wrong) {
      const error = await ResticReader.open({ repository, password: TEST_PASSWORD, env }).catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryAccessDeniedError, `${what}: ${String(error)}`);
      const shown = `${error.message} ${inspect(error)}`;
      for (const secret of [SECRET, 'wrong-secret-value', 'session-token-value', 'wrong-token-value']) assert.ok(!shown.includes(secret), `${what}: ${shown}`);
    }
    const noBucket = await ResticReader.open({ repository: `s3:http://127.0.0.1:${tokenServer.port}/no-such-bucket/repo`, password: TEST_PASSWORD, env: withToken }).catch((e: unknown) => e);
    assert.ok(noBucket instanceof RepositoryNotFoundError, String(noBucket));
    assert.match(noBucket.message, /bucket no-such-bucket does not exist/);
    const noRepo = await ResticReader.open({ repository: `s3:http://127.0.0.1:${tokenServer.port}/tokens/elsewhere`, password: TEST_PASSWORD, env: withToken }).catch((e: unknown) => e);
    assert.ok(noRepo instanceof RepositoryNotFoundError, String(noRepo));
  });

  test('a server killed mid-dump ends the dump with BackendError', { timeout: 120_000 }, async (t) => {
    const doomed = await startS3Server({ key: KEY, secret: SECRET });
    t.after(() => doomed.stop());
    const repository = `s3:http://127.0.0.1:${doomed.port}/doomed/repo`;
    const box = sandbox(t, newest);
    const restic = box.with(s3Settings(repository));
    await restic.init();
    const data = box.writeData({ 'large.bin': randomBytes(24 * 1024 * 1024) });
    await restic.backup({ paths: [data] });
    const reader = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV });
    t.after(() => reader.close());
    const stream = reader.dump('latest', join(data, 'large.bin'));
    let received = 0;
    const started = Date.now();
    const error = await (async () => {
      for await (const chunk of stream) {
        if (received === 0) doomed.child.kill('SIGKILL');
        received += (chunk as Buffer).length;
      }
    })().catch((e: unknown) => e);
    assert.ok(error instanceof BackendError, String(error));
    assert.ok(received < 24 * 1024 * 1024, `${received} bytes before the error`);
    assert.ok(Date.now() - started < 30_000, 'within seconds, not a stall timeout');
  });

  test("reads: 'native' on S3 answers snapshots, ls, find and dump without running restic", { timeout: 120_000 }, async (t) => {
    const repository = httpRepo('native');
    const box = sandbox(t, newest);
    const cli = box.with(s3Settings(repository));
    await cli.init();
    const data = box.writeData({ 'a.txt': 'alpha\n', 'docs/b.txt': 'bravo\n', 'docs/big.bin': randomBytes(2 << 20) });
    await cli.backup({ paths: [data] });
    const recorder = spawnRecorder();
    const native = box.with({ ...s3Settings(repository), reads: 'native', spawn: recorder.spawn, inheritEnv: false });
    t.after(() => native.close());
    assert.deepEqual(await native.snapshots(), await cli.snapshots());
    assert.deepEqual((await native.ls('latest')).nodes.map(lsCore), (await cli.ls('latest')).nodes.map(lsCore));
    assert.deepEqual((await native.find('b.txt')).map((r) => r.matches.map((m) => m.path)), (await cli.find('b.txt')).map((r) => r.matches.map((m) => m.path)));
    const big = join(data, 'docs', 'big.bin');
    assert.equal(sha(await collect(native.dump('latest', big))), sha(await collect(cli.dump('latest', big))));
    assert.deepEqual(recorder.commands(), [], 'no restic process ran');
  });
});
