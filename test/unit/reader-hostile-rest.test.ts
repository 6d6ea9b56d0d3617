// A hostile REST server on 127.0.0.1: endless headers, a body longer than its Content-Length, a
// huge Content-Length, an endless body, a redirect to another server, a reply that stops half-way.
// Each ends in a typed error, within the caller's signal, with bounded memory.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { BackendError, RepositoryCorruptError, ResticAbortedError, ResticError, ResticReader } from '../../src/reader/index.js';
import { RestBackend } from '../../src/reader/backend/rest.js';
import { loadRaw } from '../../src/reader/repository/files.js';
import { settled } from '../helpers/hang-guard.js';

const ID = 'a'.repeat(64);

/** A raw TCP server on 127.0.0.1 that answers each connection with `answer`; counts the bytes it managed to write. */
async function rawServer(t: TestContext, answer: (socket: Socket, request: string, sent: (bytes: number) => void) => void): Promise<{ url: string; requests: string[]; written(): number }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let written = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (data) => {
      requests.push(data.toString('latin1'));
      answer(socket, data.toString('latin1'), (bytes) => (written += bytes));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return { url: `rest:http://127.0.0.1:${(server.address() as { port: number }).port}/repo/`, requests, written: () => written };
}

/** Writes `chunk` for as long as the socket takes it, and stops when it closes. */
function flood(socket: Socket, chunk: Buffer, sent: (bytes: number) => void): void {
  const more = (): void => {
    while (!socket.destroyed && socket.writable) {
      sent(chunk.length);
      if (!socket.write(chunk)) return void socket.once('drain', more);
    }
  };
  socket.on('error', () => undefined);
  more();
}

test('endless headers: a BackendError once they pass the header limit', async (t) => {
  const server = await rawServer(t, (socket, _request, sent) => {
    socket.write('HTTP/1.1 200 OK\r\n');
    flood(socket, Buffer.from('X-Padding: ' + 'x'.repeat(1000) + '\r\n'), sent);
  });
  const backend = new RestBackend(server.url);
  t.after(() => backend.close());
  await assert.rejects(settled(backend.readConfig(), 'endless headers'), BackendError);
  // And through ResticReader.open.
  await assert.rejects(settled(ResticReader.open({ repository: server.url, password: 'x' }), 'open'), BackendError);
});

test('a huge Content-Length is refused before the body is read or allocated', async (t) => {
  const server = await rawServer(t, (socket) => {
    // 1 TiB declared, a few bytes sent, then nothing: reading on would wait for ever.
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\nsome bytes');
  });
  const backend = new RestBackend(server.url);
  t.after(() => backend.close());
  await assert.rejects(settled(backend.read('snapshots', ID), 'huge snapshot'), (e: unknown) => e instanceof RepositoryCorruptError && /declares 1099511627776 bytes, more than the 268435456/.test(e.message));
  await assert.rejects(settled(backend.readConfig(), 'huge config'), (e: unknown) => e instanceof RepositoryCorruptError && e.object === 'config');
  await assert.rejects(settled(backend.list('index'), 'huge listing'), BackendError);
  await assert.rejects(settled(ResticReader.open({ repository: server.url, password: 'x' }), 'open'), RepositoryCorruptError);
});

test('an endless body without a length stops at the bound of its type', async (t) => {
  const server = await rawServer(t, (socket, _request, sent) => {
    socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n');
    flood(socket, Buffer.alloc(64 * 1024, 'k'), sent);
  });
  const backend = new RestBackend(server.url);
  t.after(() => backend.close());
  await assert.rejects(settled(backend.read('keys', ID), 'endless key'), (e: unknown) => e instanceof RepositoryCorruptError && /sends more than the 1048576 bytes/.test(e.message));
  // What the server got out is the bound plus what the sockets buffer, not an endless stream.
  assert.ok(server.written() < 64 * 1024 * 1024, `${server.written()} bytes written`);
});

test('a body longer than its Content-Length: only the declared bytes are taken, and they do not verify', async (t) => {
  const server = await rawServer(t, (socket, _request, sent) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n');
    flood(socket, Buffer.alloc(64 * 1024, 'z'), sent);
  });
  const backend = new RestBackend(server.url);
  t.after(() => backend.close());
  const body = await settled(backend.read('snapshots', ID), 'long body');
  assert.equal(body?.length, 10);
  await assert.rejects(settled(loadRaw(backend, 'snapshots', ID), 'long body'), RepositoryCorruptError);
});

test('a redirect to another server is not followed, and the credentials never reach it', async (t) => {
  const elsewhere: string[] = [];
  const other = createHttpServer((request, response) => {
    elsewhere.push(`${request.url} ${request.headers.authorization ?? ''}`);
    response.end('config');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    other.closeAllConnections();
    other.close();
  });
  const otherPort = (other.address() as { port: number }).port;
  const server = await rawServer(t, (socket, request) => {
    const path = request.split(' ')[1];
    socket.end(`HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:${otherPort}${path}\r\nContent-Length: 0\r\n\r\n`);
  });
  const url = server.url.replace('http://', 'http://user:s3cret@');
  const backend = new RestBackend(url);
  t.after(() => backend.close());
  await assert.rejects(settled(backend.readConfig(), 'redirect'), (e: unknown) => e instanceof BackendError && e.status === 302 && !e.message.includes('s3cret'));
  await assert.rejects(settled(ResticReader.open({ repository: url, password: 'x' }), 'open'), BackendError);
  assert.ok(server.requests.length >= 2 && server.requests.every((r) => r.includes('Authorization: Basic ')), 'the server asked for did get the credentials');
  assert.deepEqual(elsewhere, [], 'no request reached the other server');
});

test('a reply that stops half-way: a BackendError when the connection closes, ResticAbortedError when the signal fires', async (t) => {
  const closes = await rawServer(t, (socket) => {
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the first part');
  });
  const backend = new RestBackend(closes.url);
  t.after(() => backend.close());
  await assert.rejects(settled(backend.read('snapshots', ID), 'cut reply'), BackendError);
  await assert.rejects(settled(backend.read('snapshots', ID), 'cut reply'), BackendError);

  const controller = new AbortController();
  const stalls = await rawServer(t, (socket) => {
    // Half a reply, then silence with the connection open; the caller gives up.
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the first part', () => setTimeout(() => controller.abort(new Error('caller gave up')), 50));
  });
  const stalled = new RestBackend(stalls.url);
  t.after(() => stalled.close());
  await assert.rejects(settled(stalled.read('snapshots', ID, controller.signal), 'stalled reply'), ResticAbortedError);
  const opening = new AbortController();
  const open = ResticReader.open({ repository: stalls.url, password: 'x', signal: opening.signal });
  setTimeout(() => opening.abort(), 100);
  await assert.rejects(settled(open, 'open on a stalled server'), (e: unknown) => e instanceof ResticError);
});
