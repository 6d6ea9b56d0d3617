import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import {
  IncompleteBackupError,
  RepositoryCheckError,
  ResticAbortedError,
  ResticError,
  ResticOutputError,
  UnsupportedFeatureError,
  type Restic,
} from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { hasExited, spawnRecorder } from '../helpers/spawn-recorder.js';

const binaries = resticBinaries().filter((b) => b.series !== '0.18');

const allExited = (children: ChildProcess[]): boolean => children.every(hasExited);

async function randomFile(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < megabytes; i++) if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The repository's lock files (restic writes each under a `-tmp-` name first: that is no lock yet). */
const locksOf = (repo: string): string[] => (existsSync(join(repo, 'locks')) ? readdirSync(join(repo, 'locks')).filter((name) => /^[0-9a-f]{64}$/.test(name)) : []);

/** Aborts as soon as restic holds a lock on the repository: the call is then surely under way. */
function abortWhenLocked(repo: string, controller: AbortController): void {
  const timer = setInterval(() => {
    if (locksOf(repo).length > 0) {
      clearInterval(timer);
      controller.abort();
    }
  }, 5);
  controller.signal.addEventListener('abort', () => clearInterval(timer));
}

for (const binary of binaries) {
  describe(`guarantees on restic ${binary.series}`, { concurrency: 2 }, () => {
    test('abort of restore, check and prune: no process, no lock of its own, and check --read-data passes after', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      await randomFile(join(data, 'one.bin'), 200);
      await box.restic.backup({ paths: [data] });
      await randomFile(join(data, 'two.bin'), 200);
      await box.restic.backup({ paths: [data] });
      const rec = spawnRecorder();
      const r = box.with({ spawn: rec.spawn });
      const calls: [string, (signal: AbortSignal) => Promise<unknown>][] = [
        ['restore', (signal) => r.restore({ targetDir: join(box.dir, 'restored'), signal })],
        ['check', (signal) => r.check({ readData: true, signal })],
        ['prune', (signal) => r.prune({ maxUnused: '0%', signal })],
      ];
      // Something for prune to remove, forgotten before any watch for a lock begins: forget's
      // own lock would otherwise trigger the abort before prune starts.
      await box.restic.forget({ keepLast: 1 });
      for (const [name, call] of calls) {
        const controller = new AbortController();
        abortWhenLocked(box.repo, controller);
        const error = await call(controller.signal).catch((e: unknown) => e);
        controller.abort();
        assert.ok(error instanceof ResticAbortedError, `${name}: ${String(error)}`);
        assert.ok(allExited(rec.children), `${name}: no restic left`);
        assert.deepEqual(locksOf(box.repo), [], `${name}: its lock is gone`);
        assert.equal((await box.restic.check({ readData: true })).num_errors, 0, `${name}: the repository is sound`);
      }
    });

    test('retryLock waits for a lock held by a live restic and succeeds once it is released (0.16+)', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const waiting = box.with({ retryLock: '2m' });
      if (binary.series === '0.14') {
        await assert.rejects(waiting.forget({ keepLast: 1 }), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0');
        return;
      }
      // A backup reading from a stream we hold open keeps its lock until we end the stream.
      const gate = new PassThrough();
      const holder = box.restic.backup({ stdin: gate, stdinFilename: 'held.txt' });
      while (locksOf(box.repo).length === 0) await new Promise((r) => setTimeout(r, 20));
      let done = false;
      const forgetting = waiting.forget({ keepLast: 1 }).finally(() => (done = true));
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(done, false, 'forget waits while the lock is held');
      gate.end('released');
      await holder;
      const groups = await forgetting;
      assert.equal(groups[0]?.keep?.length, 1);
    });

    test('an unreadable source file: IncompleteBackupError with the summary and the file (exit 3)', async (t) => {
      const box = sandbox(t, binary);
      const [uid, gid] = [Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }))];
      // Root reads everything, so this restic runs as nobody, who cannot read a mode-000 file.
      for (const dir of ['', 'home', 'tmp']) {
        mkdirSync(join(box.dir, dir), { recursive: true });
        chownSync(join(box.dir, dir), uid, gid);
      }
      chmodSync(box.dir, 0o755);
      const data = box.writeData({ 'ok.txt': 'fine', 'secret.txt': 'cannot read me' });
      chownSync(data, uid, gid);
      chmodSync(join(data, 'secret.txt'), 0o000);
      const asNobody = box.with({ spawn: spawnRecorder({ uid, gid }).spawn, env: { HOME: join(box.dir, 'home'), TMPDIR: join(box.dir, 'tmp') } });
      await asNobody.init();
      const error = await asNobody.backup({ paths: [data] }).catch((e: unknown) => e);
      assert.ok(error instanceof IncompleteBackupError, String(error));
      assert.equal(error.exitCode, 3);
      assert.equal(error.summary?.files_new, 1);
      assert.ok(error.summary?.snapshot_id, 'the snapshot was written');
      assert.equal(error.errors.length, 1);
      assert.equal(error.errors[0]?.item, join(data, 'secret.txt'));
      assert.match(error.errors[0]?.message ?? '', /permission denied|EACCES/);
      assert.equal((await asNobody.snapshots()).length, 1);
    });

    test('concurrency: four backups into one repository at once, and six repositories with their own passwords side by side', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const sources = [0, 1, 2, 3].map((i) => box.writeData({ [`s${i}/file.txt`]: `source ${i}` }));
      const results = await Promise.all([0, 1, 2, 3].map((i) => box.restic.backup({ paths: [join(sources[i] as string, `s${i}`)], host: `h${i}` })));
      assert.equal(new Set(results.map((r) => r.snapshot_id)).size, 4);
      assert.equal((await box.restic.snapshots()).length, 4);
      assert.equal((await box.restic.check()).num_errors, 0);

      const instances: Restic[] = [0, 1, 2, 3, 4, 5].map((i) => box.with({ repository: join(box.dir, `repo-${i}`), password: `password number ${i}`, cacheDir: join(box.dir, `cache-${i}`) }));
      await Promise.all(
        instances.map(async (r, i) => {
          await r.init();
          await r.backup({ paths: [join(sources[0] as string, 's0')], host: `instance-${i}` });
          const own = await r.snapshots();
          assert.deepEqual(own.map((s) => s.hostname), [`instance-${i}`], `instance ${i} sees only its own repository`);
        }),
      );
      await assert.rejects(box.with({ repository: join(box.dir, 'repo-1'), password: 'password number 2' }).snapshots(), /wrong password/);
    });

    test('hostile names round-trip through backup, find and restore and are never read as flags', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const names = ['-rf', '--help', 'with space', 'quote"s', "it's", '$HOME', 'new\nline', 'tab\there', 'ünïcödé 日本.txt', '*star?[x]'];
      const files: Record<string, string> = {};
      for (const [i, name] of names.entries()) files[name] = `content ${i} of ${name}`;
      const data = box.writeData(files);
      const paths = names.map((n) => join(data, n));
      const summary = await box.restic.backup({ paths, tags: ['with space'], host: '-host' });
      assert.equal(summary.files_new, names.length);
      for (const name of ['-rf', '--help', '$HOME', 'new\nline']) {
        const found = await box.restic.find(name);
        assert.equal(found[0]?.matches[0]?.path, join(data, name), `find ${JSON.stringify(name)}`);
      }
      const target = join(box.dir, 'restored');
      await box.restic.restore({ targetDir: target, host: '-host', tags: ['with space'] });
      for (const name of names) assert.equal(readFileSync(join(target, data, name), 'utf8'), files[name], JSON.stringify(name));
    });

    test('a corrupted pack: check({ readData: true }) rejects with RepositoryCheckError, num_errors > 0', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      await randomFile(join(data, 'payload.bin'), 8);
      await box.restic.backup({ paths: [data] });
      const packs = readdirSync(join(box.repo, 'data'), { recursive: true }).map(String).filter((p) => /[0-9a-f]{64}$/.test(p));
      const largest = packs.map((p) => join(box.repo, 'data', p)).sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
      chmodSync(largest, 0o644);
      const fd = openSync(largest, 'r+');
      writeSync(fd, Buffer.from('corruption!'), 0, 11, Math.floor(statSync(largest).size / 2));
      closeSync(fd);
      const error = await box.restic.check({ readData: true }).catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryCheckError, String(error));
      assert.ok(error.summary.num_errors > 0);
    });

    test('secrets never appear in /proc/<pid>/cmdline, errors, args or stderr', async (t) => {
      const box = sandbox(t, binary);
      const rec = spawnRecorder();
      const awsSecret = 'aws-secret-access-key-value';
      const r = box.with({ spawn: rec.spawn, env: { AWS_SECRET_ACCESS_KEY: awsSecret } });
      await r.init();
      await r.backup({ paths: [box.writeData({ 'a.txt': 'a' })] });
      const newKey = 'a brand new key password';
      await r.key.add({ newPassword: newKey });
      const sourcePassword = 'the source repository password';
      const source = box.with({ repository: join(box.dir, 'source'), password: sourcePassword });
      await source.init();
      await r.copy({ fromRepo: source.repository, fromPassword: sourcePassword });
      const failed = await box.with({ spawn: rec.spawn, password: 'a wrong password', env: { AWS_SECRET_ACCESS_KEY: awsSecret } }).snapshots().catch((e: unknown) => e);
      assert.ok(failed instanceof ResticError);
      assert.ok(rec.calls.length >= 5, `${rec.calls.length} command lines read`);
      const everything = [...rec.calls.map((c) => c.cmdline), failed.message, failed.stderr, failed.args.join(' '), String(failed.stack), JSON.stringify(r)].join('\n');
      for (const secret of [TEST_PASSWORD, newKey, sourcePassword, 'a wrong password', awsSecret]) {
        assert.ok(!everything.includes(secret), `"${secret}" leaked`);
      }
    });

    test('a binary that is not restic, or fails: typed errors, never a hang', async (t) => {
      const box = sandbox(t, binary);
      const echo = await box.with({ binaryPath: '/bin/echo' }).snapshots().catch((e: unknown) => e);
      // echo prints its arguments instead of restic's answer: first those of the version detection, which every call's option check needs.
      assert.ok(echo instanceof ResticOutputError, String(echo));
      assert.match(echo.raw, /^version/);
      await assert.rejects(box.with({ binaryPath: '/bin/echo' }).restore({ targetDir: box.dir }), ResticOutputError, 'version detection reads nonsense');
      const failing = join(box.dir, 'failing-restic');
      writeFileSync(failing, '#!/bin/sh\necho "no such restic here" >&2\nexit 7\n', { mode: 0o755 });
      const error = await box.with({ binaryPath: failing }).version().catch((e: unknown) => e);
      assert.ok(error instanceof ResticError && error.exitCode === 7 && /no such restic here/.test(error.message), String(error));
    });
  });
}
