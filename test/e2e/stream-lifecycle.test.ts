// Every stream and async iterator the library returns, left at each moment of its life: before
// restic starts, before the first item, in the middle, and while restic prints nothing (waiting
// for a lock, or on a backend that stopped answering). Each time: no process left, no lock of
// its own, no unhandled rejection. The list of calls is checked against what the classes
// return, so that a new streaming call cannot be added without coming here.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { LIST_TYPES, Restic, UnsupportedFeatureError, type ResticOptions } from '../../src/index.js';
import { ResticReader } from '../../src/reader/index.js';
import { startRestServer, type RestServer } from '../helpers/backends.js';
import { newestRestic, resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD, type Sandbox } from '../helpers/sandbox.js';
import { hasExited, spawnRecorder } from '../helpers/spawn-recorder.js';
import { startStallingProxy, type StallingProxy } from '../helpers/stalling-proxy.js';

type Stream = Readable | AsyncGenerator<unknown, void, undefined>;

/** A call that returns a stream or an async iterator; `lock: false` for one that takes no lock (so never waits for one). */
interface StreamingCall<T> {
  method: string;
  open(target: T): Stream;
  lock?: false;
  /** Yields nothing here: it has no middle. */
  empty?: true;
}

/** What the test knows of the repository it lists. */
interface Fixture {
  first: string;
  second: string;
  /** A data blob of the snapshots. */
  blob: string;
  /** A 3 MiB file of the snapshots, by its path there. */
  big: string;
}

const restCalls = (f: Fixture): StreamingCall<Restic>[] => [
  { method: 'dump', open: (r) => r.dump(f.second, f.big) },
  { method: 'lsNcdu', open: (r) => r.lsNcdu(f.second) },
  { method: 'lsStream', open: (r) => r.lsStream(f.second) },
  { method: 'findStream', open: (r) => r.findStream('*') },
  { method: 'findObjectsStream', open: (r) => r.findObjectsStream(f.blob, { type: 'blob' }) },
  { method: 'diffStream', open: (r) => r.diffStream(f.first, f.second) },
  // `list locks` takes no lock of its own, and finds none to list.
  ...LIST_TYPES.map((type): StreamingCall<Restic> => ({ method: 'listStream', open: (r) => r.listStream(type as 'packs'), ...(type === 'locks' ? { lock: false as const, empty: true as const } : {}) })),
];

/** The same restic calls answered by the reader when `reads: 'native'`. */
const nativeCalls = (f: Fixture): StreamingCall<Restic>[] => [
  { method: 'lsStream', open: (r) => r.lsStream(f.second) },
  { method: 'dump', open: (r) => r.dump(f.second, f.big) },
];

const readerCalls = (f: Fixture): StreamingCall<ResticReader>[] => [
  { method: 'lsStream', open: (r) => r.lsStream(f.second) },
  { method: 'dump', open: (r) => r.dump(f.second, f.big) },
];

const isStream = (value: unknown): value is Stream =>
  value instanceof Readable || (typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' && typeof (value as Promise<unknown>).then !== 'function');

/**
 * The names of the methods of `target` (and of its groups, such as `cat` and `key`) that return a
 * stream or an async iterator, found by calling each with a few sets of dummy arguments. `target`
 * must be unable to do harm: a Restic whose binary does not exist, a reader on a throw-away repository.
 */
async function streamingMethods(target: object, skip: readonly string[] = []): Promise<string[]> {
  const found = new Set<string>();
  const argumentSets: unknown[][] = [[], ['latest', '/x'], ['latest', { type: 'tree' }], ['blobs'], ['latest', 'latest']];
  const visit = async (holder: object, prefix: string): Promise<void> => {
    const names = new Set([...Object.getOwnPropertyNames(Object.getPrototypeOf(holder)), ...Object.keys(holder)]);
    for (const name of names) {
      if (name === 'constructor' || skip.includes(prefix + name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(holder, name) ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(holder), name);
      const value: unknown = descriptor?.value;
      if (typeof value === 'object' && value !== null && prefix === '') await visit(value, `${name}.`);
      if (typeof value !== 'function') continue;
      for (const args of argumentSets) {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(holder, args);
        } catch {
          continue;
        }
        if (isStream(result)) {
          found.add(prefix + name);
          await close(result);
        } else if (result instanceof Promise) {
          await result.catch(() => undefined);
        }
      }
    }
  };
  await visit(target, '');
  return [...found].sort();
}

/** Destroys a stream, or returns from an iterator, and waits until that is done. */
async function close(stream: Stream): Promise<void> {
  if (stream instanceof Readable) {
    stream.destroy();
    await finished(stream).catch(() => undefined);
  } else {
    await stream.return(undefined);
  }
}

/** Asks for the first item; resolves when one comes or the stream ends. */
function pull(stream: Stream): Promise<unknown> {
  if (!(stream instanceof Readable)) return stream.next();
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: unknown) => {
      stream.pause();
      resolve(chunk);
    });
    stream.once('error', reject);
    stream.once('close', () => resolve(undefined));
  });
}

const PHASES = ['before spawn', 'before the first item', 'in the middle'] as const;
type Phase = (typeof PHASES)[number] | 'while silent';
// The reader is silent when its backend stalls: a REST server that never answers.
const READER_PHASES: readonly Phase[] = [...PHASES, 'while silent'];

/**
 * Leaves `stream` at `phase`; `ready` resolves once the call is under way (restic started, or
 * silent). Pending reads must settle without an error: the consumer asked to stop.
 */
async function leave(name: string, stream: Stream, phase: Phase, ready: () => Promise<void>): Promise<void> {
  if (phase === 'before spawn') return close(stream);
  if (phase === 'in the middle') {
    const first = await pull(stream);
    assert.ok(first !== undefined && !(typeof first === 'object' && first !== null && 'done' in first && first.done), `${name}: an item came`);
    return close(stream);
  }
  const pending = pull(stream);
  // Awaited below; a rejection meanwhile is not an unhandled one.
  pending.catch(() => undefined);
  await ready();
  await close(stream);
  await pending;
}

/** The repository's lock files (restic writes each under a `-tmp-` name first: that is no lock yet). */
const locksOf = (repo: string): string[] => (existsSync(join(repo, 'locks')) ? readdirSync(join(repo, 'locks')).filter((name) => /^[0-9a-f]{64}$/.test(name)) : []);

const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

/** Lets a rejection nobody handles surface. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Resolves once restic has started through `recorder` (the version check aside). */
function started(recorder: ReturnType<typeof spawnRecorder>, from: number): Promise<void> {
  return until(() => recorder.calls.slice(from).some((c) => !c.args.includes('version')));
}

async function backedUp(box: Sandbox): Promise<Fixture> {
  await box.restic.init();
  const data = box.writeData({ 'big.bin': randomBytes(3 << 20), 'a.txt': 'a' });
  for (let i = 0; i < 30; i++) box.writeData({ [`d/f${i}.txt`]: String(i) });
  await box.restic.backup({ paths: [data] });
  box.writeData({ 'a.txt': 'changed' });
  await box.restic.backup({ paths: [data] });
  const [first, second] = (await box.restic.snapshots()).sort((a, b) => a.time.localeCompare(b.time));
  assert.ok(first && second);
  const blobs = await box.restic.list.blobs();
  const blob = blobs.find((b) => b.type === 'data')?.id as string;
  return { first: first.id, second: second.id, blob, big: join(data, 'big.bin') };
}

/** Runs one scenario and checks what it left. */
async function scenario(name: string, repo: string, recorder: ReturnType<typeof spawnRecorder>, held: readonly string[], run: () => Promise<void>): Promise<void> {
  await run();
  await settle();
  const alive = recorder.children.filter((child: ChildProcess) => !hasExited(child));
  assert.deepEqual(alive.map((c) => c.spawnargs.join(' ')), [], `${name}: no restic left`);
  assert.deepEqual(locksOf(repo).filter((lock) => !held.includes(lock)), [], `${name}: no lock left`);
  assert.deepEqual(rejections.map(String), [], `${name}: no unhandled rejection`);
}

const binaries = resticBinaries().filter((b) => b.series !== '0.18');
const newest = newestRestic();

// A stream that cannot be left would hang its test: each fails after this instead.
const timeout = 90_000;

describe('stream lifecycle', { concurrency: 2 }, () => {
  test('the list of streaming calls is complete', async (t) => {
    const box = sandbox(t, newest);
    const dummy = new Restic({ binaryPath: join(box.dir, 'no-restic'), repository: join(box.dir, 'none'), password: 'x' });
    const listed = (calls: StreamingCall<unknown>[]): string[] => [...new Set(calls.map((c) => c.method))].sort();
    const f: Fixture = { first: 'a', second: 'b', blob: 'c', big: '/d' };
    assert.deepEqual(await streamingMethods(dummy), listed(restCalls(f) as StreamingCall<unknown>[]), 'Restic');
    await box.restic.init();
    const reader = await ResticReader.open({ repository: box.repo, password: TEST_PASSWORD });
    try {
      assert.deepEqual(await streamingMethods(reader, ['close']), listed(readerCalls(f) as StreamingCall<unknown>[]), 'ResticReader');
    } finally {
      reader.close();
    }
    assert.deepEqual(rejections.map(String), []);
  });

  for (const binary of binaries) {
    // One at a time: the lock test holds an exclusive lock the others must not meet.
    describe(`on restic ${binary.series}`, { concurrency: false }, () => {
      let box: Sandbox;
      let fixture: Fixture;
      const cleanups: (() => Promise<void> | void)[] = [];
      before(async () => {
        box = sandbox({ after: (fn: () => void) => cleanups.push(fn) }, binary);
        fixture = await backedUp(box);
      });
      after(async () => {
        for (const fn of cleanups.reverse()) await fn();
      });

      const withRecorder = (options: ResticOptions = {}): { restic: Restic; recorder: ReturnType<typeof spawnRecorder> } => {
        const recorder = spawnRecorder();
        return { restic: box.with({ spawn: recorder.spawn, ...options }), recorder };
      };

      for (const phase of PHASES) {
        test(`restic calls: left ${phase}`, { timeout }, async () => {
          for (const call of restCalls(fixture)) {
            if (phase === 'in the middle' && call.empty) continue;
            const { restic, recorder } = withRecorder();
            const stream = call.open(restic);
            const name = `${call.method} ${phase}`;
            if (call.method === 'lsNcdu' && binary.series === '0.14') {
              // restic ls --ncdu came with 0.17.
              if (phase === 'before spawn') await close(stream);
              else await assert.rejects(pull(stream), UnsupportedFeatureError);
              await scenario(name, box.repo, recorder, [], async () => undefined);
              continue;
            }
            await scenario(name, box.repo, recorder, [], () => leave(name, stream, phase, () => started(recorder, 0)));
          }
        });
      }

      test('restic calls: left while restic waits for a lock (retryLock, 0.16+)', { timeout, skip: binary.series === '0.14' && 'restic 0.14 has no --retry-lock' }, async () => {
        // `key passwd` holds an exclusive lock while it waits for the new password on stdin.
        const holder = spawn(binary.path, ['key', 'passwd'], {
          env: { ...process.env, RESTIC_REPOSITORY: box.repo, RESTIC_PASSWORD: TEST_PASSWORD, RESTIC_CACHE_DIR: join(box.dir, 'cache') },
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        try {
          await until(() => locksOf(box.repo).length > 0);
          const held = locksOf(box.repo);
          for (const call of restCalls(fixture).filter((c) => c.lock !== false)) {
            const { restic, recorder } = withRecorder({ retryLock: '10m' });
            const stream = call.open(restic);
            await scenario(`${call.method} waiting for a lock`, box.repo, recorder, held, () => leave(call.method, stream, 'while silent', () => started(recorder, 0)));
          }
        } finally {
          // It exits once its read of the password ends; a signal alone does not end the read.
          holder.stdin?.end();
          holder.kill('SIGINT');
          if (!hasExited(holder)) await new Promise((resolve) => holder.once('exit', resolve));
          await box.restic.unlock({ removeAll: true });
        }
      });

      test('restic calls: left while the backend does not answer', { timeout }, async () => {
        const stalled = await startStallingProxy();
        try {
          for (const call of restCalls(fixture)) {
            if (call.method === 'lsNcdu' && binary.series === '0.14') continue;
            // The unlock after the stop meets the same silence; it gets one grace period.
            const { restic, recorder } = withRecorder({ repository: `rest:http://127.0.0.1:${stalled.port}/repo`, killGracePeriodMs: 1_000 });
            const stream = call.open(restic);
            await scenario(`${call.method} on a silent backend`, box.repo, recorder, [], () => leave(call.method, stream, 'while silent', () => started(recorder, 0).then(() => stalled.held())));
          }
        } finally {
          await stalled.close();
        }
      });

      test('native reads: left at every moment', { timeout }, async () => {
        for (const phase of [...PHASES, 'while silent'] as const) {
          for (const call of nativeCalls(fixture)) {
            let stalled: StallingProxy | undefined;
            const { restic, recorder } = withRecorder({ reads: 'native' });
            if (phase === 'while silent') {
              stalled = await startStallingProxy();
              restic.repository = `rest:http://127.0.0.1:${stalled.port}/repo`;
            }
            try {
              const stream = call.open(restic);
              const ready = stalled ? () => stalled!.held() : () => settle();
              await scenario(`native ${call.method} ${phase}`, box.repo, recorder, [], () => leave(`native ${call.method}`, stream, phase, ready));
              assert.deepEqual(recorder.commands(), [], 'the reader ran no restic');
            } finally {
              restic.close();
              await stalled?.close();
            }
          }
        }
      });
    });
  }

  test('ResticReader: left at every moment', { timeout }, async (t) => {
    const box = sandbox(t, newest);
    const fixture = await backedUp(box);
    const server: RestServer = await startRestServer(box.dir);
    t.after(() => server.stop());
    for (const phase of READER_PHASES) {
      for (const call of readerCalls(fixture)) {
        const proxy = await startStallingProxy(server.port);
        const reader = await ResticReader.open({ repository: `rest:http://127.0.0.1:${proxy.port}/repo`, password: TEST_PASSWORD });
        try {
          const stream = call.open(reader);
          if (phase === 'while silent') {
            // lsStream's first message, the snapshot, needs no read: the walk after it does.
            if (!(stream instanceof Readable)) await stream.next();
            proxy.stall();
          }
          const recorder = spawnRecorder();
          await scenario(`reader ${call.method} ${phase}`, box.repo, recorder, [], () => leave(`reader ${call.method}`, stream, phase, phase === 'while silent' ? () => proxy.held() : settle));
        } finally {
          reader.close();
          await proxy.close();
        }
      }
    }
  });
});
