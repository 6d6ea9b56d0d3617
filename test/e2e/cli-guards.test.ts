import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { InvalidArgumentError, RemoveAllRefusedError, Restic, ResticError } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';

const refusedRemoveAll = (e: unknown): boolean => e instanceof RemoveAllRefusedError;

for (const binary of resticBinaries()) {
  const before017 = binary.series === '0.14' || binary.series === '0.15' || binary.series === '0.16';

  describe(`guards on the CLI path, restic ${binary.series}`, { concurrency: 2 }, () => {
    test('forget refuses a policy that would empty a group, removes nothing, and still forgets what a policy keeps a group for', async (t) => {
      const recorder = spawnRecorder();
      const box = sandbox(t, binary, { spawn: recorder.spawn });
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'f.txt': 'one' });
      const tagged = await restic.backup({ paths: [data], host: 'h1', tags: ['keep'] });
      box.writeData({ 'f.txt': 'two' });
      await restic.backup({ paths: [data], host: 'h1' });
      await restic.backup({ paths: [data], host: 'h2' });
      const count = async (): Promise<number> => (await restic.snapshots()).length;

      // A typo in keepTags: every group would be emptied (restic 0.14 to 0.16 removed all).
      const typo = await restic.forget({ keepTags: ['typo'] }).catch((e: unknown) => e);
      assert.ok(typo instanceof RemoveAllRefusedError, String(typo));
      assert.ok(typo instanceof ResticError);
      if (before017) assert.deepEqual(typo.groups.map((g) => g.host).sort(), ['h1', 'h2'], 'every emptied group is named');
      else assert.match(typo.message, /snapshot group/);
      assert.equal(await count(), 3);
      // One group kept by the tag, the other emptied: refused as a whole.
      await assert.rejects(restic.forget({ keepTags: ['keep'] }), refusedRemoveAll);
      assert.equal(await count(), 3);
      // A dry run reports the same refusal on every version.
      await assert.rejects(restic.forget({ keepTags: ['typo'], dryRun: true }), refusedRemoveAll);

      // Narrowed to h1, the policy keeps the tagged snapshot and removes the other one.
      recorder.calls.length = 0;
      const groups = await restic.forget({ keepTags: ['keep'], host: 'h1' });
      assert.equal(groups.length, 1);
      assert.equal(groups[0]?.keep?.length, 1);
      // restic 0.14's backup summary holds the short ID.
      assert.ok(groups[0]?.keep?.[0]?.id.startsWith(tagged.snapshot_id as string), 'the tagged snapshot is kept');
      assert.equal(groups[0]?.remove?.length, 1);
      assert.ok(Array.isArray(groups[0]?.reasons));
      assert.equal(await count(), 2);
      const forgets = recorder.calls.map((c) => c.args).filter((args) => args.includes('forget'));
      if (before017) {
        // The dry run chose; the real run forgot exactly those IDs, with no policy to judge anew.
        assert.equal(forgets.length, 2);
        assert.ok(forgets[0]?.includes('--dry-run'));
        const real = forgets[1] as string[];
        assert.deepEqual(real.slice(real.indexOf('--') + 1), [groups[0]?.remove?.[0]?.id]);
        assert.ok(!real.some((a) => a.startsWith('--keep-') || a.startsWith('--host')), real.join(' '));
      } else {
        assert.equal(forgets.length, 1, 'restic 0.17+ checks by itself, under its lock');
      }

      // Explicit IDs are not a policy: no guard.
      const h2 = (await restic.snapshots({ host: 'h2' }))[0];
      assert.deepEqual(await restic.forget({ snapshotIds: [h2?.id as string] }), []);
      assert.equal(await count(), 1);

      if (before017) {
        // restic 0.14 to 0.16 lack the flag: the option turns the check off, and restic does what the policy says.
        const all = await restic.forget({ keepTags: ['typo'], unsafeAllowRemoveAll: true });
        assert.equal(all[0]?.keep, null);
        assert.equal(await count(), 0);
      } else {
        // restic 0.17+ refuses such a policy even with --unsafe-allow-remove-all.
        await assert.rejects(restic.forget({ keepTags: ['typo'], unsafeAllowRemoveAll: true }), refusedRemoveAll);
        assert.equal(await count(), 1);
      }
    });

    test('a password with @ in the repository URL and extended option values never show', async (t) => {
      const recorder = spawnRecorder();
      const restic = new Restic({
        binaryPath: binary.path,
        repository: 'rest:http://alice:p@ss-Word9@127.0.0.1:1/repo',
        password: 'repo-password',
        options: { 'sftp.command': 'sshpass -p S3cretPw ssh host -s sftp', 'x.key': 'k9' },
        spawn: recorder.spawn,
      });
      // restic 0.17+ retries a dead server for minutes: the call is aborted after a moment; the
      // error (whichever it is) must not hold a secret either way.
      const error = await restic.snapshots({ signal: AbortSignal.timeout(3_000) }).catch((e: unknown) => e);
      assert.ok(error instanceof ResticError, String(error));
      assert.ok(recorder.calls.length > 0, 'restic ran');
      assert.ok(error.args.includes('--option=sftp.command=***'), error.args.join(' '));
      const shown = [
        error.message,
        error.stderr,
        error.args.join(' '),
        inspect(error, { depth: Infinity }),
        JSON.stringify(error),
        JSON.stringify(restic.toJSON()),
        inspect(restic, { depth: Infinity }),
      ];
      for (const text of shown) {
        for (const secret of ['ss-Word9', 'p@ss-Word9', 'S3cretPw', 'k9', 'repo-password']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
      }
      assert.ok(inspect(restic).includes('alice:***@127.0.0.1:1'), inspect(restic));
    });

    test('restore with delete refuses latest of any host before restic runs', async (t) => {
      const recorder = spawnRecorder();
      const box = sandbox(t, binary, { spawn: recorder.spawn });
      await box.restic.version();
      recorder.calls.length = 0;
      await assert.rejects(box.restic.restore({ targetDir: box.dir, delete: true }), (e: unknown) => {
        // restic 0.14 to 0.16 have no --delete: UnsupportedFeatureError comes first there.
        return e instanceof (before017 ? ResticError : InvalidArgumentError);
      });
      assert.equal(recorder.calls.length, 0, 'restic did not run');
    });
  });
}
