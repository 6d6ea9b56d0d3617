// The REST backend's HTTP client: TLS files read restic's way (internal/backend/http_transport.go:
// CA files replace the system's CAs, the client file's PEM blocks are sorted into certificates
// and one private key), and a server that stops sending is given up.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { InvalidArgumentError } from '../../src/errors.js';
import { HttpGetClient, tlsOptions } from '../../src/reader/backend/http-get.js';
import { RestBackend } from '../../src/reader/backend/rest.js';

const block = (type: string, body: string): string => `-----BEGIN ${type}-----\n${Buffer.from(body).toString('base64')}\n-----END ${type}-----\n`;

test('TLS files: CA lists, the client certificate and key sorted out of one file, insecureTls', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const ca1 = file('ca1.pem', block('CERTIFICATE', 'ca one'));
  const ca2 = file('ca2.pem', block('CERTIFICATE', 'ca two'));
  const chain = block('CERTIFICATE', 'leaf') + block('CERTIFICATE', 'intermediate');
  const key = block('PRIVATE KEY', 'the key');
  const client = file('client.pem', key + chain);

  assert.deepEqual(tlsOptions({}), {}, "nothing set: Node's own CAs, no client certificate");
  assert.deepEqual(tlsOptions({ cacert: ca1 }).ca, [block('CERTIFICATE', 'ca one').trimEnd()]);
  assert.deepEqual(tlsOptions({ cacert: [ca1, ca2] }).ca?.length, 2);
  const mixed = file('mixed.pem', block('TRUSTED CERTIFICATE', 'skipped') + block('CERTIFICATE', 'kept') + block('X509 CRL', 'skipped'));
  assert.deepEqual(tlsOptions({ cacert: mixed }).ca, [block('CERTIFICATE', 'kept').trimEnd()], 'only CERTIFICATE blocks, as Go takes them');
  const fromClient = tlsOptions({ tlsClientCert: client });
  assert.equal(fromClient.key, key.trimEnd(), 'the key, wherever it stands in the file');
  assert.equal(fromClient.cert, chain.trimEnd(), 'every certificate, in order');
  assert.equal(tlsOptions({ tlsClientCert: file('ec.pem', chain + block('EC PRIVATE KEY', 'ec')) }).key, block('EC PRIVATE KEY', 'ec').trimEnd(), 'any kind of private key');
  assert.equal(tlsOptions({ insecureTls: true }).rejectUnauthorized, false);
  assert.equal(tlsOptions({ insecureTls: false }).rejectUnauthorized, undefined);

  const refused = (files: Parameters<typeof tlsOptions>[0], option: string, pattern: RegExp): void =>
    assert.throws(() => tlsOptions(files), (e: unknown) => e instanceof InvalidArgumentError && e.option === option && pattern.test(e.message), JSON.stringify(files));
  refused({ cacert: join(dir, 'missing.pem') }, 'cacert', /cannot read .*ENOENT/);
  refused({ cacert: '' }, 'cacert', /paths of PEM files/);
  refused({ cacert: file('empty.pem', 'not PEM at all') }, 'cacert', /no PEM certificate/);
  refused({ tlsClientCert: ca1 }, 'tlsClientCert', /exactly one private key/);
  refused({ tlsClientCert: file('two-keys.pem', key + key + chain) }, 'tlsClientCert', /exactly one private key/);
  refused({ tlsClientCert: file('odd.pem', key + chain + block('X509 CRL', 'crl')) }, 'tlsClientCert', /unknown PEM block type X509 CRL/);
  refused({ tlsClientCert: file('lower.pem', key + chain + block('odd type', 'x')) }, 'tlsClientCert', /unknown PEM block type odd type/);
  refused({ cacert: 42 as unknown as string }, 'cacert', /a list of them/);
  refused({ insecureTls: 'yes' as unknown as boolean }, 'insecureTls', /boolean/);
});

test('a server that stops sending, before its headers or within the body, is given up after the stall timeout', async (t) => {
  const server = createServer((request, response) => {
    if (request.url === '/silent') return; // never answers
    response.writeHead(200, { 'content-length': '1000' });
    response.write('the first part'); // and nothing more
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const base = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  const client = new HttpGetClient(base, {}, 1_500);
  t.after(() => client.close());
  const signal = new AbortController().signal;
  let started = Date.now();
  await assert.rejects(client.get(new URL('silent', base), {}, signal), /nothing came for 1.5 s/);
  assert.ok(Date.now() - started < 5_000);
  const response = await client.get(new URL('partial', base), {}, signal);
  assert.equal(response.status, 200);
  started = Date.now();
  const received: Buffer[] = [];
  await assert.rejects(
    (async () => {
      for await (const chunk of response.body) received.push(chunk as Buffer);
    })(),
    /nothing came for 1.5 s/,
  );
  assert.equal(Buffer.concat(received).toString(), 'the first part');
  assert.ok(Date.now() - started < 5_000);
});

/** An HTTP server on 127.0.0.1 that records the client port of each request (one per connection). */
async function recordingServer(t: TestContext, handle: (request: IncomingMessage, response: ServerResponse, nthOnConnection: number) => void): Promise<{ base: URL; ports: number[] }> {
  const ports: number[] = [];
  const perConnection = new WeakMap<object, number>();
  const server = createServer((request, response) => {
    const n = (perConnection.get(request.socket) ?? 0) + 1;
    perConnection.set(request.socket, n);
    ports.push(request.socket.remotePort!);
    handle(request, response, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { base: new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/repo/`), ports };
}

test('an error page nobody reads (a 404) is drained, so its connection serves the next request', async (t) => {
  const { base, ports } = await recordingServer(t, (request, response) => {
    if (request.url === '/repo/config') response.end('config bytes');
    else {
      // The page comes after the headers, so it is still on its way when the reader is done.
      response.writeHead(404, { 'content-type': 'text/plain', 'content-length': '13' }).flushHeaders();
      setTimeout(() => response.end('no such file\n'), 30);
    }
  });
  const backend = new RestBackend(`rest:${base.href}`);
  t.after(() => backend.close());
  assert.equal(await backend.read('keys', 'a'.repeat(64)), undefined);
  // The page is drained in the background: the connection is free once its end has been read.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await backend.readConfig()).toString(), 'config bytes');
  assert.equal(ports.length, 2);
  assert.equal(ports[0], ports[1], 'one connection for both requests');
});

test('a kept-alive connection the server closed under a request: the request is sent again on a new one', async (t) => {
  const { base, ports } = await recordingServer(t, (request, response, nth) => {
    // The second request on a connection finds it closed, as when a server's idle timer fires just then.
    if (nth === 2) request.socket.destroy();
    else response.end(`answer ${ports.length}`);
  });
  const backend = new RestBackend(`rest:${base.href}`);
  t.after(() => backend.close());
  assert.equal((await backend.readConfig()).toString(), 'answer 1');
  assert.equal((await backend.readConfig()).toString(), 'answer 3', 'the second read succeeded, on its second try');
  assert.equal(ports.length, 3);
  assert.equal(ports[0], ports[1], 'the second request went out on the kept connection');
  assert.notEqual(ports[2], ports[1], 'and was sent again on a new one');
});

test('credentials in a rest: URL that are not valid percent-encoding are an InvalidArgumentError that shows neither', () => {
  assert.throws(
    () => new RestBackend('rest:http://user:pass%zzword@127.0.0.1:1/repo'),
    (e: unknown) => e instanceof InvalidArgumentError && e.option === 'repository' && !e.message.includes('pass%zzword'),
  );
});
