import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import {
  IncompleteBackupError,
  InvalidArgumentError,
  RepositoryLockedError,
  RepositoryNotFoundError,
  ResticAbortedError,
  ResticError,
  ResticNotFoundError,
  UnsupportedFeatureError,
  WrongPasswordError,
  type BackupSummary,
} from '../../src/index.js';
import { newestRestic, resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { hasExited, spawnRecorder } from '../helpers/spawn-recorder.js';

async function writeRandomFile(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < megabytes; i++) if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

for (const binary of resticBinaries()) {
  describe(`failures on restic ${binary.series}`, { concurrency: 2 }, () => {
    test('wrong password: WrongPasswordError, no password in message, args or stderr', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const wrong = 'hunter2-wrong-password';
      const error = await box.with({ password: wrong }).snapshots().catch((e: unknown) => e);
      assert.ok(error instanceof WrongPasswordError, String(error));
      assert.equal(error.exitCode, binary.series === '0.14' ? 1 : 12);
      for (const text of [error.message, error.stderr, error.args.join(' '), String(error.stack)]) {
        assert.ok(!text.includes(wrong) && !text.includes(TEST_PASSWORD), text);
      }
    });

    test('missing repository: RepositoryNotFoundError', async (t) => {
      const box = sandbox(t, binary);
      const error = await box.restic.snapshots().catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryNotFoundError, String(error));
      assert.equal(error.exitCode, binary.series === '0.14' ? 1 : 10);
    });

    test('missing or non-executable binary: ResticNotFoundError', async (t) => {
      const box = sandbox(t, binary);
      await assert.rejects(box.with({ binaryPath: join(box.dir, 'no-such-restic') }).version(), ResticNotFoundError);
      const notExecutable = join(box.dir, 'restic-not-executable');
      writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
      const error = await box.with({ binaryPath: notExecutable }).snapshots().catch((e: unknown) => e);
      assert.ok(error instanceof ResticNotFoundError, String(error));
      assert.match(error.message, /restic-not-executable/);
    });

    test('no repository configured, bad options: refused before restic runs', async (t) => {
      const box = sandbox(t, binary);
      const recorder = spawnRecorder();
      await assert.rejects(box.with({ repository: undefined, env: { RESTIC_REPOSITORY: undefined, RESTIC_REPOSITORY_FILE: undefined } }).snapshots(), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'repository');
      const r = box.with({ spawn: recorder.spawn });
      const refusals: [() => Promise<unknown>, string][] = [
        [() => r.backup({ paths: [] }), 'paths'],
        [() => r.restore({ targetDir: undefined as unknown as string }), 'targetDir'],
        [() => r.restore({ targetDir: box.dir, snapshotId: '--delete' }), 'snapshotId'],
        [() => r.forget({ keepLast: -1 }), 'keepLast'],
        [() => r.forget({ keepDaily: 1.5 }), 'keepDaily'],
        [() => r.forget({}), 'policy'],
        [() => r.stats({ mode: 'everything' as 'raw-data' }), 'mode'],
        [() => r.snapshots({ groupBy: 'hostname' }), 'groupBy'],
        [() => r.snapshots({ tags: ['a,b'] }), 'tags[0]'],
        [() => r.find([]), 'pattern'],
        [() => r.check({ readDataSubset: 'half' }), 'readDataSubset'],
        [() => box.with({ password: 'a', passwordFile: '/x' }).snapshots(), 'password/passwordFile'],
      ];
      for (const [call, option] of refusals) {
        await assert.rejects(call(), (e: unknown) => e instanceof InvalidArgumentError && e.option === option, option);
      }
      // Only version detection may have run.
      assert.ok(recorder.calls.every((c) => c.args.includes('version')), recorder.calls.map((c) => c.args.join(' ')).join('\n'));
    });

    test('options newer than the installed restic: UnsupportedFeatureError before anything runs', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'a.txt': 'a' });
      const old = binary.series === '0.14';
      const recorder = spawnRecorder();
      const r = box.with({ spawn: recorder.spawn });
      await r.version(); // detection done; what follows must not spawn on 0.14
      const before = recorder.calls.length;
      const calls: [() => Promise<unknown>, string][] = [
        [() => r.backup({ paths: [data], skipIfUnchanged: true }), '0.17.0'],
        [() => box.with({ retryLock: '1s', spawn: recorder.spawn }).snapshots(), '0.16.0'],
        [() => r.restore({ targetDir: join(box.dir, 't'), dryRun: true }), '0.17.0'],
      ];
      for (const [call, since] of calls) {
        if (old) await assert.rejects(call(), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === since && e.installedVersion === '0.14.0');
        else await call();
      }
      if (old) assert.equal(recorder.calls.length, before, 'nothing was spawned');
    });

    test('a source that does not exist: IncompleteBackupError with the summary and the missing path (restic before 0.19 exits 0 here)', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'a.txt': 'a' });
      const missing = join(box.dir, 'not-there');
      const seen: string[] = [];
      const error = await box.restic.backup({ paths: [data, missing], onError: (e) => seen.push(e.item) }).catch((e: unknown) => e);
      assert.ok(error instanceof IncompleteBackupError, String(error));
      assert.equal(error.exitCode, binary.series === '0.19' ? 3 : 0, 'restic before 0.19 exits 0 and only warns');
      assert.deepEqual(error.errors.map((e) => e.item), [missing]);
      assert.deepEqual(seen, [missing]);
      const summary = error.summary as BackupSummary;
      assert.equal(summary.files_new, 1);
      assert.ok(summary.snapshot_id, 'the snapshot was written');
      assert.equal((await box.restic.snapshots()).length, 1);
    });

    test('a callback that throws rejects the call with its error and stops restic', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'a.txt': 'a' });
      const recorder = spawnRecorder();
      const failure = new Error('my onError failed');
      const error = await box
        .with({ spawn: recorder.spawn })
        .backup({
          paths: [data, join(box.dir, 'missing')],
          onError: () => {
            throw failure;
          },
        })
        .catch((e: unknown) => e);
      assert.equal(error, failure);
      const child = recorder.calls.find((c) => c.args.includes('backup'))?.child;
      assert.ok(hasExited(child), 'restic has exited');
    });

    test("one caller's abort does not fail another caller waiting for the same version detection", async (t) => {
      const box = sandbox(t, binary);
      // A binary path no other test uses, so that the detection is not cached yet.
      const { symlinkSync } = await import('node:fs');
      const alias = join(box.dir, 'restic-alias');
      symlinkSync(binary.path, alias);
      const controller = new AbortController();
      const first = box.with({ binaryPath: alias }).version();
      const second = box.with({ binaryPath: alias }).snapshots({ signal: controller.signal });
      const third = box.with({ binaryPath: alias, repository: join(box.dir, 'none') }).snapshots();
      controller.abort();
      const [a, b, c] = await Promise.allSettled([first, second, third]);
      assert.ok(a.status === 'fulfilled' && a.value.restic_version.startsWith(binary.series), 'the first caller got its version');
      assert.ok(b.status === 'rejected' && b.reason instanceof ResticAbortedError, 'the aborted caller was aborted');
      assert.ok(c.status === 'rejected' && c.reason instanceof RepositoryNotFoundError, 'the third caller ran: ' + String(c.status === 'rejected' && c.reason));
    });

    test('abort: SIGINT stops restic, the call rejects with ResticAbortedError, no process and no lock remain', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      await writeRandomFile(join(data, 'big.bin'), 400);
      const recorder = spawnRecorder();
      const controller = new AbortController();
      const started = Date.now();
      const error = await box
        .with({ spawn: recorder.spawn })
        .backup({ paths: [data], signal: controller.signal, onProgress: (s) => (s.bytes_done ?? 0) > 0 && controller.abort() })
        .catch((e: unknown) => e);
      assert.ok(error instanceof ResticAbortedError, String(error));
      assert.ok(Date.now() - started < 30_000);
      const backupCall = recorder.calls.find((c) => c.args.includes('backup'));
      assert.ok(hasExited(backupCall?.child), 'restic has exited');
      assert.deepEqual(readdirSync(join(box.repo, 'locks')), [], 'restic removed its lock');
      assert.equal((await box.restic.check()).num_errors, 0);
      // A signal that has already fired: nothing starts.
      await assert.rejects(box.restic.snapshots({ signal: AbortSignal.abort() }), ResticAbortedError);
    });

    test('a lock left by a killed restic: RepositoryLockedError naming the holder', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      await writeRandomFile(join(data, 'big.bin'), 300);
      const recorder = spawnRecorder();
      const killed = await box
        .with({ spawn: recorder.spawn })
        .backup({
          paths: [data],
          onProgress: (s) => {
            if ((s.bytes_done ?? 0) > 0) recorder.calls.find((c) => c.args.includes('backup'))?.child.kill('SIGKILL');
          },
        })
        .catch((e: unknown) => e);
      assert.ok(killed instanceof ResticError && killed.signal === 'SIGKILL', String(killed));
      assert.equal(readdirSync(join(box.repo, 'locks')).length, 1, 'the killed restic left its lock');
      const error = await box.restic.forget({ keepLast: 1 }).catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryLockedError, String(error));
      assert.equal(error.exitCode, binary.series === '0.14' ? 1 : 11);
      assert.equal(error.lock?.exclusive, false);
      assert.equal(typeof error.lock?.pid, 'number');
    });
  });
}

describe('secrets and the environment', () => {
  const binary = newestRestic();

  test('the password reaches restic through its environment only, and inherited RESTIC_* variables do not compete', async (t) => {
    const box = sandbox(t, binary);
    const recorder = spawnRecorder();
    const saved = { ...process.env };
    t.after(() => {
      for (const key of ['RESTIC_PASSWORD_COMMAND', 'RESTIC_REPOSITORY', 'RESTIC_PASSWORD_FILE']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });
    // What a stray shell profile could leave behind: each would win over, or clash with, the instance's settings.
    process.env['RESTIC_PASSWORD_COMMAND'] = 'echo wrong-password';
    process.env['RESTIC_PASSWORD_FILE'] = '/nonexistent/password';
    process.env['RESTIC_REPOSITORY'] = '/nonexistent/repository';
    const r = box.with({ spawn: recorder.spawn });
    await r.init();
    await r.backup({ paths: [box.writeData({ 'a.txt': 'a' })] });
    assert.equal((await r.snapshots()).length, 1);
    for (const call of recorder.calls) {
      assert.ok(!call.args.some((a) => a.includes(TEST_PASSWORD)), 'no password in argv');
      if (!call.args.includes('version')) {
        assert.equal(call.env['RESTIC_PASSWORD'], TEST_PASSWORD);
        assert.equal(call.env['RESTIC_PASSWORD_COMMAND'], undefined);
        assert.equal(call.env['RESTIC_PASSWORD_FILE'], undefined);
        assert.equal(call.env['RESTIC_REPOSITORY'], box.repo);
      }
    }
    assert.ok(existsSync(join(box.repo, 'config')));
    assert.ok(!JSON.stringify(r).includes(TEST_PASSWORD), 'JSON.stringify(instance) masks the password');
  });
});
