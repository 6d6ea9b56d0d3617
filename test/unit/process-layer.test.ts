import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { ResticProcess } from '../../src/process/restic-process.js';

// The process layer knows nothing about restic; these check its guarantees with plain shell
// programs, where a real restic cannot be made to misbehave on purpose.
const identity = (text: string): string => text;
const shell = (script: string, extra: { signal?: AbortSignal; killGracePeriodMs?: number } = {}): ResticProcess =>
  ResticProcess.start({ binary: '/bin/sh', args: ['-c', script], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, redact: identity, ...extra });

/** stdout line by line. */
async function* lines(child: ResticProcess): AsyncGenerator<string, void, undefined> {
  for await (const batch of child.lineBatches()) yield* batch;
}

/** Reads stdout to its end, for tests that need only the outcome. */
async function drain(child: ResticProcess): Promise<void> {
  for await (const _batch of child.lineBatches()) {
    // discarded
  }
}

test('a grandchild that keeps stdout open does not keep the call alive after the child exits', async () => {
  const started = Date.now();
  const child = shell('sleep 30 & echo $!');
  const output: string[] = [];
  for await (const line of lines(child)) output.push(line);
  const outcome = await child.finished;
  const grandchild = Number(output[0]);
  process.kill(grandchild, 'SIGKILL');
  assert.ok(grandchild > 0);
  assert.equal(outcome.exitCode, 0);
  assert.ok(Date.now() - started < 5_000, `released after ${Date.now() - started} ms`);
});

test('a slow consumer still receives every line after the child has exited', async () => {
  const child = shell('seq 1 100000');
  let count = 0;
  let last = '';
  for await (const line of lines(child)) {
    count++;
    last = line;
    if (count % 20_000 === 0) await sleep(1_200); // the child is long gone by the end
  }
  assert.equal(count, 100_000);
  assert.equal(last, '100000');
  assert.equal((await child.finished).exitCode, 0);
});

test('abort: SIGINT first, SIGKILL after the grace period when the child ignores SIGINT', async () => {
  const controller = new AbortController();
  const child = shell('trap "" INT; echo ready; exec sleep 30', { signal: controller.signal, killGracePeriodMs: 300 });
  for await (const line of lines(child)) if (line === 'ready') controller.abort();
  const outcome = await child.finished;
  assert.equal(outcome.aborted, true);
  assert.equal(outcome.signal, 'SIGKILL');
});

test('leaving the loop early stops the child', async () => {
  const child = shell('i=0; while true; do i=$((i+1)); echo $i; done');
  for await (const line of lines(child)) if (line === '1000') break;
  const outcome = await child.finished;
  assert.ok(outcome.signal === 'SIGINT' || outcome.exitCode !== 0, JSON.stringify(outcome));
});

test('stderr is kept within a bound, head and tail', async () => {
  const child = shell('i=0; while [ $i -lt 5000 ]; do echo "warning number $i about a file that could not be read" >&2; i=$((i+1)); done; echo "Fatal: the end" >&2');
  await drain(child);
  const { stderr } = await child.finished;
  assert.ok(stderr.length < 70_000, String(stderr.length));
  assert.match(stderr, /^warning number 0 /);
  assert.match(stderr, /bytes of stderr omitted/);
  assert.match(stderr, /Fatal: the end$/);
});

test('a stderr callback that throws stops the child and the error is reported, not thrown into the event loop', async () => {
  const child = ResticProcess.start({
    binary: '/bin/sh',
    args: ['-c', 'echo first >&2; exec sleep 30'],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    redact: identity,
    onStderrLine: () => {
      throw new Error('callback failed');
    },
  });
  await drain(child);
  const outcome = await child.finished;
  assert.equal((outcome.callbackError as Error).message, 'callback failed');
  assert.equal(outcome.signal, 'SIGINT');
});

test('spawn failures that throw at once become a spawn error outcome', async () => {
  const child = ResticProcess.start({ binary: '/etc/passwd/restic', args: [], env: {}, redact: identity });
  await drain(child);
  const outcome = await child.finished;
  assert.ok(outcome.spawnError, 'ENOTDIR is reported as the binary not starting');
});

test('an abort after the child has exited does not turn its outcome into an abort', async () => {
  const controller = new AbortController();
  const child = shell('sleep 30 & echo $!', { signal: controller.signal });
  const output: string[] = [];
  for await (const line of lines(child)) {
    output.push(line);
    await sleep(1_000); // the shell has exited by now (pipes held by a grandchild are let go only after ~2 s)
    controller.abort();
  }
  const outcome = await child.finished;
  process.kill(Number(output[0]), 'SIGKILL');
  assert.equal(outcome.aborted, false);
  assert.equal(outcome.exitCode, 0);
});
