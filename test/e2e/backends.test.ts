import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RepositoryAccessDeniedError, ResticAbortedError } from '../../src/index.js';
import { startBackends, startRestServer, type Backends } from '../helpers/backends.js';
import { newestRestic, resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';

const binaries = resticBinaries().filter((b) => b.series !== '0.18');
let backends: Backends;

before(async () => {
  backends = await startBackends();
});
after(async () => {
  await backends?.stop();
});

// The same scenario on every backend: init, backup, change, backup, snapshots, restore and
// compare, forget with prune, check with readData.
describe('every backend, restic 0.14 and 0.19', { concurrency: 3 }, () => {
  for (const binary of binaries) {
    for (const name of ['rest', 'rest with credentials', 'sftp via sshd', 'sftp via sftp-server', 'rclone', 's3']) {
      test(`${name} on restic ${binary.series}`, async (t) => {
        const backend = backends.list.find((b) => b.name === name)!;
        const box = sandbox(t, binary);
        const repo = box.with(backend.settingsFor(`scenario-${binary.series}-${Date.now()}`));
        assert.match(await repo.init(), /^[0-9a-f]{64}$/);
        const data = box.writeData({ 'notes.txt': 'first version', 'blob.bin': randomBytes(256 * 1024) });
        const first = await repo.backup({ paths: [data] });
        assert.equal(first.files_new, 2);
        writeFileSync(join(data, 'notes.txt'), 'second version');
        const second = await repo.backup({ paths: [data] });
        assert.equal(second.files_changed, 1);
        const snapshots = await repo.snapshots();
        assert.equal(snapshots.length, 2);
        const target = join(box.dir, 'restored');
        await repo.restore({ targetDir: target });
        assert.equal(readFileSync(join(target, data, 'notes.txt'), 'utf8'), 'second version');
        assert.ok(readFileSync(join(target, data, 'blob.bin')).equals(readFileSync(join(data, 'blob.bin'))));
        const groups = await repo.forget({ keepLast: 1, prune: true });
        assert.equal(groups[0]?.remove?.length, 1);
        assert.equal((await repo.check({ readData: true })).num_errors, 0);
      });
    }
  }
});

describe('backend failures', () => {
  for (const binary of binaries) {
    test(`restic ${binary.series}: wrong REST credentials give RepositoryAccessDeniedError, without the credentials`, async (t) => {
      const box = sandbox(t, binary);
      const good = box.with(backends.restWithCredentials.settingsFor(`auth-${binary.series}`));
      await good.init();
      const { user, port } = backends.restWithCredentials;
      const wrongPassword = 'wrong-rest-password';
      const bad = box.with({ repository: `rest:http://${user}:${wrongPassword}@127.0.0.1:${port}/auth-${binary.series}` });
      const error = await bad.snapshots().catch((e: unknown) => e);
      assert.ok(error instanceof RepositoryAccessDeniedError, String(error));
      for (const text of [error.message, error.stderr, error.args.join(' ')]) {
        assert.ok(!text.includes(wrongPassword) && !text.includes(backends.restWithCredentials.pass), text);
      }
      // Credentials given through the environment instead of the URL work too, and stay hidden.
      const viaEnv = box.with({
        repository: `rest:http://127.0.0.1:${port}/auth-${binary.series}`,
        env: { RESTIC_REST_USERNAME: user, RESTIC_REST_PASSWORD: backends.restWithCredentials.pass },
      });
      if (binary.series === '0.14') await assert.rejects(viaEnv.snapshots(), RepositoryAccessDeniedError, 'RESTIC_REST_* arrived in 0.16.1');
      else {
        assert.deepEqual(await viaEnv.snapshots(), []);
        const wrongInEnv = box.with({ repository: `rest:http://127.0.0.1:${port}/auth-${binary.series}`, env: { RESTIC_REST_USERNAME: user, RESTIC_REST_PASSWORD: 'env-wrong-password' } });
        const envError = await wrongInEnv.snapshots().catch((e: unknown) => e);
        assert.ok(envError instanceof RepositoryAccessDeniedError, String(envError));
        assert.ok(![envError.message, envError.stderr, envError.args.join(' ')].some((text) => text.includes('env-wrong-password')));
      }
    });
  }

  test('a backend killed mid-call: the call ends within its signal and no restic is left', async (t) => {
    const binary = newestRestic();
    const box = sandbox(t, binary);
    // A REST server of this test's own, to kill.
    const server = await startRestServer(join(box.dir, 'rest'));
    t.after(() => server.stop());
    const settings = { repository: `rest:http://127.0.0.1:${server.port}/dying`, killGracePeriodMs: 2_000 };
    const children: ChildProcess[] = [];
    const repo = box.with({ ...settings, spawn: (c, a, o) => children[children.push(spawn(c, a, o)) - 1] as ChildProcess });
    await repo.init();
    const data = box.writeData({ 'big.bin': randomBytes(64 * 1024 * 1024) });
    const started = Date.now();
    const error = await repo
      .backup({ paths: [data], signal: AbortSignal.timeout(8_000), onProgress: (s) => (s.bytes_done ?? 0) > 0 && server.stop() })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    // restic would retry the dead server for minutes; the signal ends it (SIGINT, then SIGKILL
    // after the grace period), and the clean-up of its lock gets one more grace period.
    assert.ok(error instanceof ResticAbortedError, String(error));
    assert.ok(elapsed < 8_000 + 2 * 2_000 + 1_000 + 4_000, `ended after ${elapsed} ms`);
    assert.ok(children.every((c) => c.exitCode !== null || c.signalCode !== null), 'no restic left');
  });
});
