// ResticReader on S3: repositories written by restic 0.14, 0.18 and 0.19 through their own s3:
// backend, read back by the reader with the same answers as the CLI. Two servers:
// - s3rver 3.7.1 (test/helpers/s3rver.ts), a third-party S3 server, for parity: it stands for
//   the real servers the reader meets, but checks no signature and must be kept clear of its
//   faults (restic writes over HTTPS only, listings stay within one page; see that file);
// - scripts/s3-test-server.mjs, our own, which checks Signature Version 4 (Debian's rclone has
//   no `serve s3`) and can serve small pages: for what s3rver cannot show.
//
// - parity, one test per release: restic writes to s3rver over HTTPS (a CA of the test's own),
//   where it sends UNSIGNED-PAYLOAD; the reader over HTTPS is compared with the CLI, then the
//   reader over plain HTTP (the same folder, another port) with it, and the same files copied
//   to our server, read over HTTPS and HTTP with signatures checked, with it too (no restic
//   call after the CLI comparison);
// - paging, within restic 0.19's parity test: our server with pages of one key over the same
//   copied files, read with ListObjectsV2 (continuation tokens) and V1 (markers) (the reader's
//   listing does not depend on who wrote the files);
// - reads: 'native', within restic 0.19's parity test: our server over HTTP, no restic process;
// - credentials, a missing bucket or repository: our server, wanting a session token too, in a
//   region the reader must discover;
// - a server killed mid-dump: our server, killed.
//
// Repositories are written once per release and read many ways, as restic calls are what cost.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, test, type TestContext } from 'node:test';
import { RepositoryAccessDeniedError, RepositoryNotFoundError, type Restic, type ResticOptions } from '../../src/index.js';
import { BackendError, ResticReader } from '../../src/reader/index.js';
import { selfSignedCertificate } from '../helpers/backends.js';
import { resticBinaries, type ResticBinary } from '../helpers/binaries.js';
import { collect, compareWithCli, readerAnswers, sha, writeTree } from '../helpers/reader-parity.js';
import { sandbox, TEST_PASSWORD, type Sandbox } from '../helpers/sandbox.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { copyS3rverObjects, S3RVER_ENV, startS3rver, type S3rver } from '../helpers/s3rver.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';

const KEY = 'RESTICJSTESTKEY';
const SECRET = 's3-test-secret/with+odd=chars';
const ENV = { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET };

const binaries = resticBinaries();
const newest = binaries.at(-1)!;

/** Our server, HTTP and HTTPS over one folder, pages of S3's 1000 keys. */
let server: S3Server;
/** s3rver, HTTP and HTTPS over one folder. */
let s3rver: S3rver;
let certs: string;
let cacert: string;
before(async () => {
  certs = mkdtempSync(join(tmpdir(), 'resticjs-s3-tls-'));
  const { cert, key } = selfSignedCertificate(certs, 's3');
  cacert = cert;
  [server, s3rver] = await Promise.all([startS3Server({ key: KEY, secret: SECRET, tls: { cert, key } }), startS3rver({ cert, key })]);
});
after(() => {
  server?.stop();
  s3rver?.stop();
  rmSync(certs, { recursive: true, force: true });
});

/** A location on our shared server: plain HTTP, or HTTPS. */
const httpRepo = (path: string): string => `s3:http://127.0.0.1:${server.port}/${path}`;
const httpsRepo = (path: string): string => `s3:https://127.0.0.1:${server.tlsPort}/${path}`;

/** restic's settings for a repository on an S3 server, with the test's credentials (or `env`'s). */
function s3Settings(repository: string, extra: ResticOptions = {}): ResticOptions {
  return { repository, env: { ...ENV, ...extra.env }, ...(repository.startsWith('s3:https') ? { cacert } : {}), ...extra };
}

/** A repository with two backups of the awkward tree by `binary`, and the instance that wrote it. */
async function twoBackups(t: TestContext, binary: ResticBinary, repository: string, env: Record<string, string> = ENV): Promise<{ box: Sandbox; restic: Restic; data: string }> {
  const box = sandbox(t, binary);
  const restic = box.with(s3Settings(repository, { env }));
  await restic.init();
  const data = writeTree(box);
  await restic.backup({ paths: [data], tags: ['first'] });
  await restic.backup({ paths: [data], host: 'other-host' });
  return { box, restic, data };
}

describe('ResticReader on S3', { concurrency: 3 }, () => {
  for (const binary of binaries) {
    test(`restic ${binary.series}: the same answers as the CLI over S3 (s3rver, ours), HTTPS and HTTP`, { timeout: 240_000 }, async (t) => {
      const name = `parity-${binary.series}`;
      const s3rverRepo = (scheme: string, port: number): string => `s3:${scheme}://127.0.0.1:${port}/bucket/${name}`;
      const { box, restic, data } = await twoBackups(t, binary, s3rverRepo('https', s3rver.tlsPort), S3RVER_ENV);
      const secure = await ResticReader.open({ repository: s3rverRepo('https', s3rver.tlsPort), password: TEST_PASSWORD, env: S3RVER_ENV, cacert });
      t.after(() => secure.close());
      await compareWithCli(restic, secure, binary, data);
      // The same files through s3rver over plain HTTP, then through our server over both (copied
      // there), which checks every signature: the same answers, without asking restic again.
      const expected = await readerAnswers(secure);
      const copied = copyS3rverObjects(s3rver, 'bucket', name, server.dir);
      // At least the config, a key, two snapshots, an index and a pack (restic 0.14 writes 7).
      assert.ok(copied >= 6, `${copied} objects copied`);
      const others = [
        { repository: s3rverRepo('http', s3rver.port), env: S3RVER_ENV },
        { repository: httpsRepo(`bucket/${name}`), env: ENV, cacert },
        { repository: httpRepo(`bucket/${name}`), env: ENV },
      ];
      for (const options of others) {
        const reader = await ResticReader.open({ ...options, password: TEST_PASSWORD });
        t.after(() => reader.close());
        assert.deepEqual(await readerAnswers(reader), expected, options.repository);
      }
      if (binary !== newest) return;
      // Without the CA, Node's own list does not trust the certificate.
      await assert.rejects(ResticReader.open({ repository: httpsRepo(`bucket/${name}`), password: TEST_PASSWORD, env: ENV }), BackendError);

      await t.test('listings of one key a page, ListObjectsV2 and V1', async (t) => {
        // Our server with pages of one key, over the same folder: two snapshots, two index files or more.
        const stats = expected['stats'] as ReturnType<ResticReader['stats']>;
        assert.ok(stats.snapshots >= 2, `${stats.snapshots} snapshots`);
        assert.ok(stats.indexFiles >= 2, `${stats.indexFiles} index files`);
        const paged = await startS3Server({ key: KEY, secret: SECRET, pageKeys: 1, dir: server.dir });
        t.after(() => paged.stop());
        for (const options of [{ 's3.list-objects-v1': false }, { 's3.list-objects-v1': true }]) {
          const reader = await ResticReader.open({ repository: `s3:http://127.0.0.1:${paged.port}/bucket/${name}`, password: TEST_PASSWORD, env: ENV, options });
          t.after(() => reader.close());
          assert.deepEqual(await readerAnswers(reader), expected, JSON.stringify(options));
        }
      });

      await t.test("reads: 'native' answers snapshots, ls, find and dump without running restic, the rest through restic", async (t) => {
        const recorder = spawnRecorder();
        const native = box.with({ repository: httpRepo(`bucket/${name}`), env: ENV, reads: 'native', spawn: recorder.spawn, inheritEnv: false });
        t.after(() => native.close());
        assert.deepEqual(await native.snapshots(), expected['snapshots']);
        assert.deepEqual(await native.ls('latest'), await secure.ls('latest'));
        assert.deepEqual(await native.find('*.txt'), await secure.find('*.txt'));
        const big = join(data, 'big.bin');
        assert.equal(sha(await collect(native.dump('latest', big))), sha(readFileSync(big)));
        assert.deepEqual(recorder.commands(), [], 'no restic process ran');
        // An option the reader lacks: restic answers, through the same settings.
        const grouped = await native.snapshots({ groupBy: 'host' });
        assert.equal(grouped.length, 2, 'two hosts');
        assert.deepEqual(recorder.commands(), ['snapshots'], 'restic ran for it');
      });
    });
  }

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
});
