import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { IncompleteBackupError, InvalidArgumentError, Restic, ResticAbortedError, ResticNotFoundError, WrongPasswordError, type CommandEvent, type ResticOptions } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';

// The onCommand hook, with a shell script for restic: per command word, what it prints and
// how it exits. Real processes, so that spawning, exit codes and timing are the real ones.

interface Answer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Seconds to wait before answering. */
  sleep?: number;
  /** After the output, wait until stopped (as restic mount, or a stalled backup): `exec sleep`, so that a signal reaches it. */
  hang?: boolean;
}

function fakeBinary(t: TestContext, answers: Record<string, Answer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-hook-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases = Object.entries(answers).map(([command, a]) => {
    writeFileSync(join(dir, `${command}.stdout`), a.stdout ?? '');
    writeFileSync(join(dir, `${command}.stderr`), a.stderr ?? '');
    const end = a.hang ? 'exec sleep 30' : `exit ${a.exitCode ?? 0}`;
    return `  ${command}) ${a.sleep ? `sleep ${a.sleep}; ` : ''}cat '${dir}/${command}.stdout'; cat '${dir}/${command}.stderr' >&2; ${end};;`;
  });
  const binary = join(dir, 'restic');
  writeFileSync(
    binary,
    [
      '#!/bin/sh',
      'for a in "$@"; do case "$a" in -*) ;; *) cmd="$a"; break;; esac; done',
      'case "$cmd" in',
      '  version) echo "restic 0.19.1 compiled with go1.22.0 on linux/amd64";;',
      ...cases,
      '  *) echo "unknown command $cmd" >&2; exit 1;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(binary, 0o755);
  return binary;
}

function recorded(options: ResticOptions): { repo: Restic; events: CommandEvent[] } {
  const events: CommandEvent[] = [];
  const repo = new Restic({ repository: '/nonexistent/repo', password: 'pw-for-tests', ...options, onCommand: (event) => void events.push(event) });
  return { repo, events };
}

type End = Extract<CommandEvent, { type: 'end' }>;
const ends = (events: CommandEvent[]): End[] => events.filter((e): e is End => e.type === 'end');

test('each run: a start, then an end with the same id, command, argv and start time', async (t) => {
  const binaryPath = fakeBinary(t, { snapshots: { stdout: '[]' }, unlock: {} });
  const { repo, events } = recorded({ binaryPath });
  assert.deepEqual(await repo.snapshots(), []);
  await repo.unlock();
  // A turn of the event loop: ends wait for their call to settle.
  await sleep(10);
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.command}`),
    // snapshots asks for restic's version first (its options depend on it), once per binary.
    ['start version', 'end version', 'start snapshots', 'end snapshots', 'start unlock', 'end unlock'],
  );
  const [start, end] = events.slice(2) as [CommandEvent, End];
  assert.equal(end.id, start.id);
  assert.equal(end.startedAt.getTime(), start.startedAt.getTime());
  assert.notEqual(end.startedAt, start.startedAt, "each event has its own Date");
  assert.deepEqual(end.argv, start.argv);
  assert.deepEqual(start.argv, [binaryPath, '--json', 'snapshots']);
  assert.ok((events[4] as CommandEvent).id > start.id && start.id > (events[0] as CommandEvent).id, 'ids increase');
  for (const e of ends(events)) {
    assert.equal(e.exitCode, 0);
    assert.equal(e.error, undefined);
    assert.equal('error' in e, false);
    assert.equal('signal' in e, false);
    assert.ok(e.durationMs >= 0, String(e.durationMs));
  }
  for (const e of events) {
    assert.ok(Object.isFrozen(e) && Object.isFrozen(e.argv), 'an event cannot be changed by one hook for the next');
    assert.ok(e.startedAt instanceof Date);
  }
});

test('the version probe of a feature gate is a run too, and the duration is the run\'s', async (t) => {
  const binaryPath = fakeBinary(t, { backup: { ...fixture('0.19', 'backup'), sleep: 0.3 } });
  const { repo, events } = recorded({ binaryPath });
  await repo.backup({ paths: ['/data'] });
  await sleep(10);
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.command}`),
    ['start version', 'end version', 'start backup', 'end backup'],
  );
  const backup = ends(events)[1] as End;
  assert.ok(backup.durationMs >= 250 && backup.durationMs < 5_000, `${backup.durationMs} ms`);
});

test('every secret is masked in argv as errors mask it: a URL password, option values, the passwords by value', async (t) => {
  const binaryPath = fakeBinary(t, { backup: { stderr: 'Fatal: wrong password or no key found', exitCode: 12 } });
  const { repo, events } = recorded({
    binaryPath,
    repository: 'rest:http://alice:url-secret-77@127.0.0.1:1/repo',
    password: 'instance-secret-55',
    options: { 'sftp.command': 'sshpass -p opt-secret-33 ssh host' },
  });
  const paths = ['/data/instance-secret-55', 'sftp://bob:path-secret-11@host/x', '/data/url-secret-77'];
  const error = await repo.backup({ paths }).catch((e: unknown) => e);
  assert.ok(error instanceof WrongPasswordError, String(error));
  await sleep(10);
  const shown = JSON.stringify(events);
  for (const secret of ['url-secret-77', 'instance-secret-55', 'opt-secret-33', 'path-secret-11']) assert.ok(!shown.includes(secret), `${secret} in ${shown}`);
  const end = ends(events).at(-1) as End;
  assert.equal(end.command, 'backup');
  assert.equal(end.error, 'WrongPasswordError');
  assert.equal(end.exitCode, 12);
  assert.equal(end.argv[0], binaryPath);
  assert.deepEqual(end.argv.slice(1), error.args, 'the same masking as the error');
  assert.ok(end.argv.includes('--option=sftp.command=***'));
  assert.ok(end.argv.includes('sftp://bob:***@host/x'));
  assert.ok(end.argv.includes('/data/***'));
});

test('the error is the one the call rejects with: exit 3 of backup is an IncompleteBackupError', async (t) => {
  const binaryPath = fakeBinary(t, { backup: fixture('0.19', 'backup-partial') });
  const { repo, events } = recorded({ binaryPath });
  await assert.rejects(repo.backup({ paths: ['/data'] }), IncompleteBackupError);
  await sleep(10);
  const end = ends(events).at(-1) as End;
  assert.equal(end.command, 'backup');
  assert.equal(end.exitCode, 3);
  assert.equal(end.error, 'IncompleteBackupError');
});

test('a binary that cannot be started: a start, then an end with ResticNotFoundError and no exit code', async (t) => {
  const missing = recorded({ binaryPath: join(tmpdir(), 'resticjs-no-such-dir', 'restic') });
  await assert.rejects(missing.repo.version(), ResticNotFoundError);
  // spawn() itself throwing (ENOTDIR, E2BIG, or an instrumented spawn) is reported the same way.
  const throwing = recorded({
    binaryPath: fakeBinary(t, {}),
    spawn: () => {
      throw Object.assign(new Error('spawn restic ENOENT'), { code: 'ENOENT' });
    },
  });
  await assert.rejects(throwing.repo.version(), ResticNotFoundError);
  await sleep(10);
  for (const { events } of [missing, throwing]) {
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.command}`),
      ['start version', 'end version'],
    );
    const end = events[1] as End;
    assert.equal(end.exitCode, null);
    assert.equal(end.error, 'ResticNotFoundError');
  }
});

test('a stream left early ends without an error; restic is stopped', async (t) => {
  const lines = Array.from({ length: 3 }, (_, i) => JSON.stringify({ message_type: 'node', name: `f${i}`, type: 'file', path: `/f${i}` }));
  const stdout = [JSON.stringify({ message_type: 'snapshot', id: 'a'.repeat(64), short_id: 'aaaaaaaa', paths: ['/'], time: '2024-01-01T00:00:00Z', tree: 'b'.repeat(64) }), ...lines].join('\n');
  const binaryPath = fakeBinary(t, { ls: { stdout, sleep: 0 } });
  const { repo, events } = recorded({ binaryPath });
  for await (const message of repo.lsStream('a'.repeat(64))) if (message.message_type === 'snapshot') break;
  await sleep(10);
  const end = ends(events).find((e) => e.command === 'ls');
  assert.ok(end, JSON.stringify(events));
  assert.equal(end.error, undefined);
});

test('mount: its end comes at unmount, without an error when close() unmounted it', async (t) => {
  // A stand-in for restic mount: says it serves, then waits for SIGINT.
  const binaryPath = fakeBinary(t, { mount: { stdout: 'Now serving the repository at /mnt\n', hang: true } });
  const mountpoint = mkdtempSync(join(tmpdir(), 'resticjs-hook-mnt-'));
  t.after(() => rmSync(mountpoint, { recursive: true, force: true }));
  const { repo, events } = recorded({ binaryPath });
  const handle = await repo.mount(mountpoint);
  await sleep(20);
  assert.equal(ends(events).find((e) => e.command === 'mount'), undefined, 'no end while it serves');
  await handle.close();
  await sleep(10);
  const end = ends(events).find((e) => e.command === 'mount');
  assert.ok(end, JSON.stringify(events));
  assert.equal(end.error, undefined);
  assert.equal(end.signal, 'SIGINT');
  assert.equal(end.exitCode, null);
});

test('an aborted call: its run ends with ResticAbortedError, after the unlock that follows it', async (t) => {
  const binaryPath = fakeBinary(t, { backup: { hang: true }, unlock: {} });
  const { repo, events } = recorded({ binaryPath, killGracePeriodMs: 500 });
  await assert.rejects(repo.backup({ paths: ['/data'], signal: AbortSignal.timeout(200) }), ResticAbortedError);
  await sleep(10);
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.command}`),
    ['start version', 'end version', 'start backup', 'start unlock', 'end unlock', 'end backup'],
  );
  const backup = ends(events).at(-1) as End;
  assert.equal(backup.error, 'ResticAbortedError');
  assert.equal(backup.signal, 'SIGINT');
  assert.equal((ends(events)[1] as End).error, undefined, 'the unlock succeeded');
});

function warnings(t: TestContext): Error[] {
  const seen: Error[] = [];
  const listener = (warning: Error): void => void seen.push(warning);
  process.on('warning', listener);
  t.after(() => process.off('warning', listener));
  return seen;
}

test('a hook that throws: the call goes on and its result is unchanged; one warning, once', async (t) => {
  const seen = warnings(t);
  const binaryPath = fakeBinary(t, { snapshots: { stdout: '[]' } });
  let calls = 0;
  const repo = new Restic({
    binaryPath,
    repository: '/nonexistent/repo',
    password: 'pw-for-tests',
    onCommand: () => {
      calls++;
      throw new TypeError('the hook is broken');
    },
  });
  assert.deepEqual(await repo.snapshots(), []);
  assert.deepEqual(await repo.snapshots(), []);
  await sleep(20);
  // version, then two snapshots: a start and an end each.
  assert.equal(calls, 6);
  const ours = seen.filter((w) => (w as { code?: string }).code === 'RESTICJS_ONCOMMAND_FAILED');
  assert.equal(ours.length, 1);
  assert.match(ours[0]!.message, /TypeError: the hook is broken/);
  assert.equal(ours[0]!.name, 'ResticjsWarning');
});

test('a hook whose promise rejects: caught, one warning, no unhandled rejection', async (t) => {
  const seen = warnings(t);
  const binaryPath = fakeBinary(t, { snapshots: { stdout: '[]' } });
  const repo = new Restic({
    binaryPath,
    repository: '/nonexistent/repo',
    password: 'pw-for-tests',
    onCommand: async () => {
      await sleep(1);
      throw new Error('rejected later');
    },
  });
  assert.deepEqual(await repo.snapshots(), []);
  await sleep(50);
  const ours = seen.filter((w) => (w as { code?: string }).code === 'RESTICJS_ONCOMMAND_FAILED');
  assert.equal(ours.length, 1);
  assert.match(ours[0]!.message, /rejected later/);
  // The test guard (scripts/test-guard.mjs) fails this file on any unhandled rejection.
});

test('onCommand must be a function; toJSON and inspect leave it out', async () => {
  await assert.rejects(new Restic({ repository: '/r', onCommand: 'log' as never }).version(), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'onCommand');
  const repo = new Restic({ repository: '/r', onCommand: () => undefined });
  assert.equal('onCommand' in repo.toJSON(), false);
});

test('a hook that changes the start time it got changes no other event; ids go on across builds', async (t) => {
  const binaryPath = fakeBinary(t, { snapshots: { stdout: '[]' } });
  const events: CommandEvent[] = [];
  const repo = new Restic({ repository: '/nonexistent/repo', password: 'pw-for-tests', binaryPath, onCommand: (event) => {
    events.push(event);
    if (event.type === 'start') event.startedAt.setTime(0);
  } });
  await repo.snapshots();
  const [start, end] = events.filter((e) => e.command === 'snapshots');
  assert.equal(start?.startedAt.getTime(), 0);
  assert.ok(end !== undefined && end.startedAt.getTime() > 0, `end started at ${end?.startedAt.toISOString()}`);
  // The counter is shared through globalThis, as the CommonJS build in the same process shares it.
  const counted = (globalThis as unknown as Record<symbol, number>)[Symbol.for('resticjs.commandEvents.lastId')];
  assert.ok(counted !== undefined && counted >= (end?.id ?? Infinity), `counter ${counted}, last id ${end?.id}`);
});
