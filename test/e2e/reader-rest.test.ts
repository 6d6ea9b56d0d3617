// ResticReader on a REST server (`rclone serve restic` on 127.0.0.1), reached through a small
// proxy of the test's own that records each request and can change what the server does: drop
// the Range header (a server that ignores ranges), answer listings in version 1's form,
// or never answer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, test, type TestContext } from 'node:test';
import { RepositoryAccessDeniedError, RepositoryNotFoundError, ResticAbortedError, type ResticOptions } from '../../src/index.js';
import { BackendError, InvalidArgumentError, RepositoryCorruptError, ResticReader, UnsupportedRepositoryError } from '../../src/reader/index.js';
import { selfSignedCertificate, startRestServer, type RestServer } from '../helpers/backends.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';
import { newestRestic, oldestAndNewest } from '../helpers/binaries.js';
import { collect, compareWithCli, flipByte, packFiles, sha, writeTree } from '../helpers/reader-parity.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

const USER = 'reader-user';
const PASS = 'rest-server-secret';

interface Seen {
  path: string;
  /** The client's port: one per connection, so requests on a kept-alive connection share it. */
  clientPort: number | undefined;
  range: string | undefined;
  accept: string | undefined;
  bytes: number;
}

interface Mode {
  ignoreRange?: boolean;
  v1Listings?: boolean;
  hang?: boolean;
}

interface Proxy {
  port: number;
  seen: Seen[];
  /** What the proxy changes, per repository (the first segment of the path), so that tests running side by side do not meet. */
  modes: Map<string, Mode>;
  close(): Promise<void>;
}

async function startProxy(target: number): Promise<Proxy> {
  const seen: Seen[] = [];
  const modes = new Map<string, Mode>();
  const server = createServer((incoming, outgoing) => {
    const mode = modes.get((incoming.url ?? '').split('/')[1] ?? '') ?? {};
    if (mode.hang) return; // never answers
    const headers: IncomingHttpHeaders = { ...incoming.headers };
    if (mode.ignoreRange) delete headers['range'];
    // What the client sent (the proxy may leave the Range out on the way to the server).
    const record: Seen = { path: incoming.url ?? '', clientPort: incoming.socket.remotePort, range: incoming.headers['range'], accept: incoming.headers['accept'], bytes: 0 };
    seen.push(record);
    const upstream = request({ host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers }, (response) => {
      if (mode.v1Listings && record.path.endsWith('/') && response.statusCode === 200) {
        // rclone speaks only version 2; a version 1 server lists names only.
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const names = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string }[]).map((entry) => entry.name);
          outgoing.writeHead(200, { 'content-type': 'application/vnd.x.restic.rest.v1' });
          outgoing.end(JSON.stringify(names));
        });
        return;
      }
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.on('data', (chunk: Buffer) => (record.bytes += chunk.length));
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    seen,
    modes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let root: string;
let rest: RestServer;
let proxy: Proxy;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'resticjs-reader-rest-'));
  rest = await startRestServer(root, { user: USER, pass: PASS });
  proxy = await startProxy(rest.port);
});
after(async () => {
  await proxy?.close();
  rest?.stop();
  rmSync(root, { recursive: true, force: true });
});

const url = (name: string, credentials = `${USER}:${PASS}@`): string => `rest:http://${credentials}127.0.0.1:${proxy.port}/${name}`;

/** A repository `name` on the server with one backup of `files` by the newest restic, and a reader open on it. */
async function backedUp(t: TestContext, name: string, files: Record<string, string>, options: ResticOptions = {}): Promise<{ data: string; reader: ResticReader }> {
  const box = sandbox(t, newestRestic(), options);
  const restic = box.with({ repository: url(name) });
  await restic.init();
  const data = box.writeData(files);
  await restic.backup({ paths: [data] });
  const reader = await ResticReader.open({ repository: url(name), password: TEST_PASSWORD });
  t.after(() => reader.close());
  return { data, reader };
}

// The backend does not depend on which restic wrote the repository; the oldest and newest are enough.
const ends = oldestAndNewest();

describe('ResticReader on a REST server', { concurrency: 2 }, () => {
  for (const binary of ends) {
    test(`restic ${binary.series}: the same answers as the CLI through REST, blobs fetched by range`, { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary);
      const name = `parity-${binary.series}`;
      const restic = box.with({ repository: url(name) });
      await restic.init();
      const data = writeTree(box);
      await restic.backup({ paths: [data], tags: ['first'] });
      await restic.backup({ paths: [data], host: 'other-host' });
      const from = proxy.seen.length;
      const reader = await ResticReader.open({ repository: url(name), password: TEST_PASSWORD });
      t.after(() => reader.close());
      await compareWithCli(restic, reader, binary, data);

      const mine = proxy.seen.slice(from).filter((s) => s.path.startsWith(`/${name}/`));
      const listings = mine.filter((s) => s.path.endsWith('/'));
      assert.ok(listings.length > 0 && listings.every((s) => s.accept === 'application/vnd.x.restic.rest.v2'), 'listings ask for version 2');
      // The CLI's requests pass the proxy too; the reader's are the ones with a Range header, and
      // every pack request of the reader has one (no pack is downloaded whole by default).
      const small = join(data, 'plain.txt');
      const sinceDump = proxy.seen.length;
      assert.equal((await collect(reader.dump('latest', small))).toString(), 'hello, reader\n');
      // The other repository's test runs side by side and passes the same proxy.
      const dumpRequests = proxy.seen.slice(sinceDump).filter((s) => s.path.startsWith(`/${name}/`));
      assert.ok(dumpRequests.length >= 1 && dumpRequests.every((s) => s.path.includes('/data/') && s.range !== undefined), JSON.stringify(dumpRequests));
      assert.ok(dumpRequests.reduce((n, s) => n + s.bytes, 0) < 4096, 'a small file costs a small download');
      // Connections are kept alive: the whole snapshot's tar takes many requests on few connections.
      const sinceTar = proxy.seen.length;
      await collect(reader.dump('latest', '/'));
      const tarRequests = proxy.seen.slice(sinceTar).filter((s) => s.path.startsWith(`/${name}/`));
      const connections = new Set(tarRequests.map((s) => s.clientPort)).size;
      t.diagnostic(`tar of the snapshot: ${tarRequests.length} requests on ${connections} connections`);
      assert.ok(tarRequests.length >= 10 && connections * 2 <= tarRequests.length, `${tarRequests.length} requests on ${connections} connections`);
    });
  }

  test('a server that ignores Range, and version 1 listings: the same data', { timeout: 120_000 }, async (t) => {
    const binary = newestRestic();
    const box = sandbox(t, binary);
    const name = 'plain-server';
    const restic = box.with({ repository: url(name) });
    await restic.init();
    const data = writeTree(box);
    await restic.backup({ paths: [data] });
    const snapshots = await restic.snapshots();
    // restic itself cannot read from such a server (it fails with HTTP 416); the reader can.
    proxy.modes.set(name, { ignoreRange: true, v1Listings: true });
    const fromReader = proxy.seen.length;
    const reader = await ResticReader.open({ repository: url(name), password: TEST_PASSWORD });
    t.after(() => reader.close());
    assert.deepEqual(await reader.snapshots(), snapshots);
    for (const file of ['big.bin', 'text.log', 'new\nline.txt']) {
      assert.equal(sha(await collect(reader.dump('latest', join(data, file)))), sha(readFileSync(join(data, file))), file);
    }
    // Only the reader's requests: restic's uploads before carry no Range either.
    const readerRequests = proxy.seen.slice(fromReader).filter((s) => s.path.startsWith(`/${name}/`));
    assert.ok(readerRequests.some((s) => s.path.startsWith(`/${name}/data/`)), 'the reader read packs');
    // The reader asked for ranges; the proxy dropped them, so whole packs came back, and the bytes above still matched.
    assert.ok(readerRequests.some((s) => s.path.startsWith(`/${name}/data/`) && s.range !== undefined), 'the reader asked for ranges');
  });

  test('credentials: in the URL or the options, never shown; wrong ones are RepositoryAccessDeniedError', { timeout: 120_000 }, async (t) => {
    const binary = newestRestic();
    const box = sandbox(t, binary);
    const name = 'credentials';
    await box.with({ repository: url(name) }).init();
    const viaOptions = await ResticReader.open({ repository: url(name, ''), restUsername: USER, restPassword: PASS, password: TEST_PASSWORD });
    t.after(() => viaOptions.close());
    assert.deepEqual(await viaOptions.snapshots(), []);
    const shown = inspect(viaOptions) + JSON.stringify(viaOptions);
    assert.ok(!shown.includes(PASS), shown);

    for (const repository of [url(name, `${USER}:wrong-rest-password@`), url(name, '')]) {
      const error = await ResticReader.open({ repository, password: TEST_PASSWORD }).catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryAccessDeniedError, String(error));
      assert.ok(!`${error.message} ${inspect(error)}`.includes('wrong-rest-password'), error.message);
    }
    await assert.rejects(ResticReader.open({ repository: url('no-such-repository'), password: TEST_PASSWORD }), RepositoryNotFoundError);
    await assert.rejects(ResticReader.open({ repository: 'sftp:user@127.0.0.1:/srv/repo', password: TEST_PASSWORD }), UnsupportedRepositoryError);
  });

  test('damage on the server: a changed byte or a missing pack is RepositoryCorruptError', { timeout: 120_000 }, async (t) => {
    const name = 'damaged';
    const { data, reader } = await backedUp(t, name, { 'a.txt': 'some content that will be damaged on the server' }, { compression: 'off' });
    const packs = packFiles(join(rest.dir, name));
    // The data pack is the one the dump reads; flip a byte in each pack's first blob.
    for (const pack of packs) flipByte(pack, 20);
    await assert.rejects(collect(reader.dump('latest', join(data, 'a.txt'))), RepositoryCorruptError);
    for (const pack of packs) unlinkSync(pack);
    await assert.rejects(collect(reader.dump('latest', join(data, 'a.txt'))), (error: unknown) => error instanceof RepositoryCorruptError && /missing/.test(error.message));
  });

  test('a server that stops answering: the signal ends the call, close() ends what is under way; a dead server is BackendError', { timeout: 120_000 }, async (t) => {
    const name = 'hanging';
    const { data, reader } = await backedUp(t, name, { 'a.txt': 'content' });
    const mode: Mode = { hang: true };
    proxy.modes.set(name, mode);
    let started = Date.now();
    await assert.rejects(collect(reader.dump('latest', join(data, 'a.txt'), { signal: AbortSignal.timeout(300) })), ResticAbortedError);
    assert.ok(Date.now() - started < 5_000, `aborted after ${Date.now() - started} ms`);
    started = Date.now();
    await assert.rejects(ResticReader.open({ repository: url(name), password: TEST_PASSWORD, signal: AbortSignal.timeout(300) }), ResticAbortedError);
    assert.ok(Date.now() - started < 5_000);

    // close() ends a request under way: the dump rejects instead of waiting for the server.
    mode.hang = false;
    const second = await ResticReader.open({ repository: url(name), password: TEST_PASSWORD });
    mode.hang = true;
    started = Date.now();
    const pending = collect(second.dump('latest', join(data, 'a.txt')));
    setTimeout(() => second.close(), 200);
    await assert.rejects(pending);
    assert.ok(Date.now() - started < 5_000);

    // A server that is gone: no retries, a typed error at once.
    // (Port 1: nothing listens there, and no other test's server can take it.)
    started = Date.now();
    const error = await ResticReader.open({ repository: 'rest:http://127.0.0.1:1/gone', password: TEST_PASSWORD }).catch((e: unknown) => e);
    assert.ok(error instanceof BackendError, String(error));
    assert.match(error.message, /could not be reached/);
    assert.ok(Date.now() - started < 5_000);
  });

  test("Restic with reads: 'native' on a REST repository: credentials from env, the same answers without restic", { timeout: 120_000 }, async (t) => {
    const binary = newestRestic();
    const box = sandbox(t, binary);
    const name = 'native-reads';
    const settings = { repository: url(name, ''), env: { RESTIC_REST_USERNAME: USER, RESTIC_REST_PASSWORD: PASS } };
    const cli = box.with(settings);
    await cli.init();
    const data = writeTree(box);
    await cli.backup({ paths: [data] });
    const recorder = spawnRecorder();
    const native = box.with({ ...settings, reads: 'native', spawn: recorder.spawn });
    t.after(() => native.close());
    assert.deepEqual(await native.snapshots(), await cli.snapshots());
    let started = performance.now();
    const listed = await native.ls('latest');
    const elapsed = performance.now() - started;
    started = performance.now();
    assert.deepEqual(listed, await cli.ls('latest'));
    const cliElapsed = performance.now() - started;
    // Measured against restic in the same moment, so a loaded machine slows both sides.
    assert.ok(elapsed < cliElapsed, `a warm native ls took ${elapsed} ms, restic ${cliElapsed} ms`);
    assert.deepEqual(recorder.commands(), [], 'no restic ran for the reads');
  });
  test('an https server with a CA of its own and client certificates: cacert, tlsClientCert and insecureTls as restic takes them', { timeout: 120_000 }, async (t) => {
    const binary = newestRestic();
    const box = sandbox(t, binary);
    const server = selfSignedCertificate(box.dir, 'server');
    const client = selfSignedCertificate(box.dir, 'client');
    const stranger = selfSignedCertificate(box.dir, 'stranger');
    const tlsRest = await startRestServer(join(box.dir, 'rest'), undefined, { cert: server.cert, key: server.key, clientCa: client.cert });
    t.after(() => tlsRest.stop());
    const repository = `rest:https://127.0.0.1:${tlsRest.port}/tls`;
    const tls = { cacert: server.cert, tlsClientCert: client.both };
    const cli = box.with({ repository, ...tls });
    await cli.init();
    const data = box.writeData({ 'a.txt': 'over TLS\n' });
    await cli.backup({ paths: [data] });

    const reader = await ResticReader.open({ repository, password: TEST_PASSWORD, ...tls });
    t.after(() => reader.close());
    assert.deepEqual(await reader.snapshots(), await cli.snapshots());
    assert.equal((await collect(reader.dump('latest', join(data, 'a.txt')))).toString(), 'over TLS\n');
    // insecureTls skips the server's certificate, not the client's.
    const insecure = await ResticReader.open({ repository, password: TEST_PASSWORD, insecureTls: true, tlsClientCert: client.both });
    insecure.close();

    const refused = async (options: object, pattern: RegExp): Promise<void> => {
      const error = await ResticReader.open({ repository, password: TEST_PASSWORD, ...options }).catch((e: unknown) => e);
      assert.ok(error instanceof BackendError && pattern.test(error.message), String(error));
    };
    await refused({ tlsClientCert: client.both }, /could not be reached: .*certificate/i); // Node's own CAs do not know the server
    await refused({ cacert: stranger.cert, tlsClientCert: client.both }, /could not be reached: .*certificate/i);
    await refused({ cacert: server.cert }, /could not be reached/); // no client certificate
    await refused({ insecureTls: true }, /could not be reached/); // insecureTls does not make one
    await refused({ cacert: server.cert, tlsClientCert: stranger.both }, /could not be reached/); // one the server does not trust
    // Files that are not what they should be are refused before any request.
    const invalid = (options: object, option: string): Promise<void> =>
      assert.rejects(ResticReader.open({ repository, password: TEST_PASSWORD, ...options }), (e: unknown) => e instanceof InvalidArgumentError && e.option === option && !e.message.includes('PRIVATE KEY'));
    await invalid({ cacert: join(box.dir, 'none.pem') }, 'cacert');
    await invalid({ tlsClientCert: client.cert }, 'tlsClientCert'); // no key
    const mismatched = join(box.dir, 'mismatched.pem');
    writeFileSync(mismatched, readFileSync(client.cert, 'utf8') + readFileSync(stranger.key, 'utf8'));
    await invalid({ tlsClientCert: mismatched }, 'tlsClientCert'); // a key that is not the certificate's

    // cacert replaces the CAs Node trusts otherwise, not adds to them: in a process told to trust
    // the server (NODE_EXTRA_CA_CERTS), the reader opens without cacert and not with another CA.
    const script = `
      const [module, repository, password, clientFile, otherCa] = process.argv.slice(1);
      const { ResticReader } = await import(module);
      const outcomes = [];
      for (const extra of [{}, { cacert: otherCa }]) {
        try {
          (await ResticReader.open({ repository, password, tlsClientCert: clientFile, ...extra })).close();
          outcomes.push('opened');
        } catch (error) {
          outcomes.push(error.name);
        }
      }
      console.log(JSON.stringify(outcomes));`;
    const readerModule = new URL('../../src/reader/index.js', import.meta.url).href;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, readerModule, repository, TEST_PASSWORD, client.both, stranger.cert], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: server.cert },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(child.stdout), ['opened', 'BackendError'], child.stderr);

    // Restic with reads: 'native' takes them from its settings, or from RESTIC_CACERT and
    // RESTIC_TLS_CLIENT_CERT as restic does, and spawns no restic for the read.
    for (const settings of [
      tls,
      { cacert: `${stranger.cert},${server.cert}`, tlsClientCert: client.both }, // one value, split at its comma as restic splits it
      { cacert: [], env: { RESTIC_CACERT: `${stranger.cert},${server.cert}`, RESTIC_TLS_CLIENT_CERT: client.both } },
    ]) {
      const recorder = spawnRecorder();
      const native = box.with({ repository, reads: 'native', spawn: recorder.spawn, ...settings });
      t.after(() => native.close());
      assert.deepEqual(await native.snapshots(), await reader.snapshots());
      assert.deepEqual(recorder.commands(), [], 'no restic ran for the read');
    }
    // With no cacert, restic trusts the system's CAs, as Go finds them ($SSL_CERT_FILE here); so
    // does the reader behind Restic, where Node alone would trust only its own list.
    const systemCa = { env: { SSL_CERT_FILE: server.cert, RESTIC_TLS_CLIENT_CERT: client.both } };
    const nativeSystemCa = box.with({ repository, reads: 'native', ...systemCa });
    t.after(() => nativeSystemCa.close());
    assert.deepEqual(await nativeSystemCa.snapshots(), await box.with({ repository, ...systemCa }).snapshots());
    // The setting wins over the environment, as restic's flag does.
    const overridden = box.with({ repository, reads: 'native', cacert: stranger.cert, env: { RESTIC_CACERT: server.cert, RESTIC_TLS_CLIENT_CERT: client.both } });
    t.after(() => overridden.close());
    await assert.rejects(overridden.snapshots(), (e: unknown) => e instanceof BackendError && /certificate/i.test(e.message));
  });
});
