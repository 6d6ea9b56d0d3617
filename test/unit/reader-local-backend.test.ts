// The local backend does not trust the folder it reads: FIFOs, folders, devices and huge files
// named like repository files are refused at once, without reading them, and without holding
// one of libuv's threads (which every fs call of the process shares).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { MissingPackError } from '../../src/reader/backend/backend.js';
import { ByteBudget } from '../../src/reader/backend/byte-budget.js';
import { RepositoryCorruptError, ResticAbortedError } from '../../src/reader/errors.js';
import { LocalBackend } from '../../src/reader/backend/local.js';
import { fifoMaker, settled } from '../helpers/hang-guard.js';

const ID = (digit: string): string => digit.repeat(64);
const noFifos = process.platform === 'win32' && 'no FIFOs on Windows';

/** A repository folder with a plain config, removed after the test; FIFOs in it are opened for writing first, so that a reader stuck on one (before the fix) is let go. */
function repository(t: TestContext): { dir: string; fifo(path: string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-local-backend-'));
  const fifos = fifoMaker();
  t.after(() => {
    fifos.release();
    rmSync(dir, { recursive: true, force: true });
  });
  for (const type of ['keys', 'snapshots', 'index', 'data/aa']) mkdirSync(join(dir, type), { recursive: true });
  writeFileSync(join(dir, 'config'), 'config');
  return { dir, fifo: (path) => fifos.make(join(dir, path)) };
}

const corrupt = (pattern: RegExp) => (e: unknown) => e instanceof RepositoryCorruptError && pattern.test(e.message);

test('FIFOs named like repository files are refused at once, and the fs calls of the host go on', { skip: noFifos }, async (t) => {
  const repo = repository(t);
  const digits = '0123456789';
  for (const digit of digits) repo.fifo(`snapshots/${ID(digit)}`);
  repo.fifo(`keys/${ID('a')}`);
  repo.fifo(`index/${ID('b')}`);
  repo.fifo(`data/aa/${ID('a')}`);
  const backend = new LocalBackend(repo.dir);
  t.after(() => backend.close());
  // Ten at once: more than libuv's four threads, which FIFOs opened to read would each hold.
  // Each outcome is taken as the read settles, so that none is left rejected while the stats run.
  const reads = [...digits].map((digit) => backend.read('snapshots', ID(digit)).then((value) => ({ value }), (error: unknown) => ({ error })));
  const unrelated = Array.from({ length: 8 }, () => stat(repo.dir));
  await settled(Promise.all(unrelated), 'stat of an unrelated path');
  for (const read of reads) {
    const { error } = (await settled(read, 'a FIFO snapshot')) as { error?: unknown };
    assert.ok(corrupt(/snapshots\/[0-9]{64}: it is a FIFO, not a regular file/)(error), `refused as a FIFO: ${String(error)}`);
  }
  await assert.rejects(settled(backend.read('keys', ID('a')), 'a FIFO key'), corrupt(/keys\/a{64}: it is a FIFO/));
  await assert.rejects(settled(backend.read('index', ID('b')), 'a FIFO index'), corrupt(/it is a FIFO/));
  await assert.rejects(settled(backend.readPack(ID('a'), 0, 10), 'a FIFO pack'), corrupt(/data\/aa\/a{64}: it is a FIFO/));
  await assert.rejects(settled(backend.hashPack(ID('a')), 'hashing a FIFO pack'), corrupt(/it is a FIFO/));
  rmSync(join(repo.dir, 'config'));
  repo.fifo('config');
  await assert.rejects(settled(backend.readConfig(), 'a FIFO config'), corrupt(/config: it is a FIFO/));
});

test('folders named like files, and a type folder that is a file, are refused, not crashed on', async (t) => {
  const repo = repository(t);
  mkdirSync(join(repo.dir, 'snapshots', ID('c')));
  mkdirSync(join(repo.dir, 'data', 'aa', ID('a')));
  const backend = new LocalBackend(repo.dir);
  t.after(() => backend.close());
  assert.deepEqual(await backend.list('snapshots'), [ID('c')], 'listed by name: reading it says what it is');
  await assert.rejects(backend.read('snapshots', ID('c')), corrupt(/snapshots\/c{64}: it is a folder, not a regular file/));
  await assert.rejects(backend.readPack(ID('a'), 0, 10), corrupt(/it is a folder/));
  await assert.rejects(backend.hashPack(ID('a')), corrupt(/it is a folder/));
  rmSync(join(repo.dir, 'index'), { recursive: true });
  writeFileSync(join(repo.dir, 'index'), 'a file where a folder belongs');
  await assert.rejects(backend.list('index'), corrupt(/index\/: it is a file, not a folder/));
  assert.equal(await backend.read('index', ID('d')), undefined, 'nothing can be under a file');
  await assert.rejects(backend.readPack(ID('b'), 0, 10), MissingPackError);
  await assert.rejects(backend.hashPack(ID('b')), MissingPackError);
  rmSync(join(repo.dir, 'config'));
  mkdirSync(join(repo.dir, 'config'));
  await assert.rejects(backend.readConfig(), corrupt(/config: it is a folder/));
});

test('a file larger than its type allows is refused by its size, before a byte is read', async (t) => {
  const repo = repository(t);
  // Sparse: 3 GiB that take no disk. Read whole, they would be 3 GiB of memory (or Node's 2 GiB limit).
  for (const type of ['snapshots', 'index'] as const) {
    writeFileSync(join(repo.dir, type, ID('e')), '');
    truncateSync(join(repo.dir, type, ID('e')), 3 * 1024 ** 3);
  }
  writeFileSync(join(repo.dir, 'keys', ID('e')), Buffer.alloc(2 * 1024 * 1024));
  const backend = new LocalBackend(repo.dir);
  t.after(() => backend.close());
  await assert.rejects(backend.read('snapshots', ID('e')), corrupt(/it is 3221225472 bytes, more than the 268435456/));
  await assert.rejects(backend.read('index', ID('e')), corrupt(/it is 3221225472 bytes, more than the 536870912/));
  await assert.rejects(backend.read('keys', ID('e')), corrupt(/more than the 1048576/));
});

test('the signal ends the read of a large file between chunks', async (t) => {
  const repo = repository(t);
  writeFileSync(join(repo.dir, 'snapshots', ID('f')), '');
  truncateSync(join(repo.dir, 'snapshots', ID('f')), 200 * 1024 * 1024);
  const backend = new LocalBackend(repo.dir);
  t.after(() => backend.close());
  const controller = new AbortController();
  const reading = backend.read('snapshots', ID('f'), controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(reading, ResticAbortedError);
  await assert.rejects(backend.read('snapshots', ID('f'), controller.signal), ResticAbortedError);
  // A pack read past its end allocates no more than the pack holds.
  writeFileSync(join(repo.dir, 'data', 'aa', ID('a')), 'twelve bytes');
  assert.equal((await backend.readPack(ID('a'), 7, 2 ** 31)).toString(), 'bytes');
  assert.equal((await backend.readPack(ID('a'), 100, 10)).length, 0);
});

test('the byte budget: shares wait for room in order, one larger than the whole goes alone, a signal ends a wait', async () => {
  const budget = new ByteBudget(100);
  const first = await budget.take(60);
  const order: string[] = [];
  const second = budget.take(60).then((release) => (order.push('second'), release));
  const third = budget.take(10).then((release) => (order.push('third'), release));
  const controller = new AbortController();
  const aborted = budget.take(10, controller.signal);
  controller.abort();
  await assert.rejects(aborted, ResticAbortedError);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(order.length, 0, 'the small share waits behind the large one');
  first();
  first(); // given back once only
  (await second)();
  (await third)();
  assert.deepEqual(order, ['second', 'third']);
  const alone = await budget.take(1000);
  const next = budget.take(1).then((release) => (order.push('next'), release));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(order.length, 2);
  alone();
  (await next)();
});
