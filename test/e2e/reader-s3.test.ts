// ResticReader on S3: repositories written by restic 0.14, 0.18 and 0.19 through their own s3:
// backend, read back by the reader with the same answers as the CLI. The server is
// scripts/s3-test-server.mjs, which checks Signature Version 4 (s3rver checks only version 2,
// and Debian's rclone has no `serve s3`), so wrong credentials prove something:
//
// - parity, one test per release: restic writes over HTTPS (a CA of the test's own), where it
//   sends UNSIGNED-PAYLOAD; the reader over HTTPS is compared with the CLI, then the reader over
//   plain HTTP (the same server process and folder, another port) with the reader over HTTPS;
// - paging: a server of its own with pages of one key, read with ListObjectsV2 (continuation
//   tokens) and V1 (markers), restic 0.19 only (the reader's listing does not depend on who
//   wrote the files);
// - credentials, a missing bucket or repository: a server of its own that also wants a session
//   token, in a region the reader must discover;
// - a server killed mid-dump: a server of its own, killed;
// - reads: 'native': the parity server over HTTP.
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
import { collect, compareWithCli, lsCore, readerAnswers, sha, writeTree } from '../helpers/reader-parity.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';

const KEY = 'RESTICJSTESTKEY';
const SECRET = 's3-test-secret/with+odd=chars';
const ENV = { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET };

const binaries = resticBinaries();
const newest = binaries.at(-1)!;

/** HTTP and HTTPS over one folder, pages of S3's 1000 keys. */
let server: S3Server;
let certs: string;
let cacert: string;
before(async () => {
  certs = mkdtempSync(join(tmpdir(), 'resticjs-s3-tls-'));
  const { cert, key } = selfSignedCertificate(certs, 's3');
  cacert = cert;
  server = await startS3Server({ key: KEY, secret: SECRET, tls: { cert, key } });
});
after(() => {
  server?.stop();
  rmSync(certs, { recursive: true, force: true });
});

/** A location on the shared server: plain HTTP, or HTTPS. */
const httpRepo = (path: string): string => `s3:http://127.0.0.1:${server.port}/${path}`;
const httpsRepo = (path: string): string => `s3:https://127.0.0.1:${server.tlsPort}/${path}`;

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

describe('ResticReader on S3', { concurrency: 3 }, () => {
  for (const binary of binaries) {
    test(`restic ${binary.series}: the same answers as the CLI over S3, HTTPS and HTTP`, { timeout: 240_000 }, async (t) => {
      const path = `bucket/parity-${binary.series}`;
      const { restic, data } = await twoBackups(t, binary, httpsRepo(path));
      const secure = await ResticReader.open({ repository: httpsRepo(path), password: TEST_PASSWORD, env: ENV, cacert });
      t.after(() => secure.close());
      await compareWithCli(restic, secure, binary, data);
      // The same files over plain HTTP: the same answers, without asking restic again.
      const plain = await ResticReader.open({ repository: httpRepo(path), password: TEST_PASSWORD, env: ENV });
      t.after(() => plain.close());
      assert.deepEqual(await readerAnswers(plain), await readerAnswers(secure));
      if (binary === newest) {
        // Without the CA, Node's own list does not trust the certificate.
        await assert.rejects(ResticReader.open({ repository: httpsRepo(path), password: TEST_PASSWORD, env: ENV }), BackendError);
      }
    });
  }

  test(`restic ${newest.series}: listings of one key a page, ListObjectsV2 and V1`, { timeout: 120_000 }, async (t) => {
    const paged = await startS3Server({ key: KEY, secret: SECRET, pageKeys: 1 });
    t.after(() => paged.stop());
    const repository = `s3:http://127.0.0.1:${paged.port}/paged/repo`;
    const box = sandbox(t, newest);
    const restic = box.with(s3Settings(repository));
    await restic.init();
    // Two backups of different files: two snapshots and two index files, each a page or more.
    await restic.backup({ paths: [box.writeData({ 'a.txt': 'alpha\n', 'sub/b.txt': 'bravo\n' })] });
    await restic.backup({ paths: [box.writeData({ 'c.txt': 'charlie\n' })], tags: ['second'] });
    const [snapshots, indexIds] = await Promise.all([restic.snapshots(), restic.list.index()]);
    assert.equal(snapshots.length, 2);
    assert.ok(indexIds.length >= 2, `${indexIds.length} index files`);
    const v2 = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV });
    t.after(() => v2.close());
    const v1 = await ResticReader.open({ repository, password: TEST_PASSWORD, env: ENV, options: { 's3.list-objects-v1': true } });
    t.after(() => v1.close());
    for (const reader of [v2, v1]) {
      assert.deepEqual(await reader.snapshots(), snapshots);
      assert.equal(reader.stats().indexFiles, indexIds.length);
    }
    assert.deepEqual(await readerAnswers(v1), await readerAnswers(v2));
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
    const repository = httpRepo('bucket/native');
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
