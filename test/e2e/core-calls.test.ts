import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvalidArgumentError, RepositoryAlreadyExistsError, UnsupportedFeatureError, type Snapshot, type SnapshotGroup } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';

for (const binary of resticBinaries()) {
  describe(`core calls on restic ${binary.series}`, { concurrency: 2 }, () => {
    test('version() reads the installed binary', async (t) => {
      const { restic } = sandbox(t, binary);
      const v = await restic.version();
      assert.ok(v.restic_version.startsWith(binary.series + '.'), v.restic_version);
      assert.match(v.go_version, /^\d+\.\d+/);
      assert.equal(v.platform_version, process.platform);
      assert.equal(v.architecture, process.arch === 'x64' ? 'amd64' : process.arch);
    });

    test('init resolves to the full repository ID, and refuses an existing repository', async (t) => {
      const { restic } = sandbox(t, binary);
      const id = await restic.init();
      assert.match(id, /^[0-9a-f]{64}$/);
      await assert.rejects(restic.init(), RepositoryAlreadyExistsError);
    });

    test('backup, snapshots (flat and grouped), tags, find, restore, stats, forget', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'docs/a.txt': 'alpha', 'docs/b.txt': 'bravo', 'music/song.mp3': 'la la la', 'skip.tmp': 'x' });

      const first = await restic.backup({ paths: [data], host: 'host-one', tags: ['nightly', 'docs'], excludePatterns: ['*.tmp'] });
      assert.equal(first.message_type, 'summary');
      assert.equal(first.files_new, 3, 'the *.tmp file is excluded');
      assert.match(first.snapshot_id ?? '', binary.series === '0.14' ? /^[0-9a-f]{8}$/ : /^[0-9a-f]{64}$/);
      await restic.backup({ paths: [join(data, 'docs')], host: 'host-two', tags: ['weekly'] });

      const all = await restic.snapshots();
      assert.equal(all.length, 2);
      const mine = all.find((s) => s.hostname === 'host-one') as Snapshot;
      assert.deepEqual([...(mine.tags ?? [])].sort(), ['docs', 'nightly']);
      assert.match(mine.id, /^[0-9a-f]{64}$/);
      assert.equal(mine.short_id, mine.id.slice(0, 8));
      assert.ok(mine.id.startsWith(first.snapshot_id as string));

      const byHost: SnapshotGroup[] = await restic.snapshots({ groupBy: 'host' });
      assert.deepEqual(byHost.map((g) => g.group_key.hostname).sort(), ['host-one', 'host-two']);
      assert.equal(byHost[0]?.group_key.paths, null);
      const byHostPaths = await restic.snapshots({ groupBy: ['host', 'paths'] });
      assert.ok(byHostPaths.every((g) => Array.isArray(g.group_key.paths)));
      // restic does not order groups; compare them as sets.
      const keys = (groups: SnapshotGroup[]): string[] => groups.map((g) => JSON.stringify(g.group_key)).sort();
      assert.deepEqual(keys(await restic.snapshots({ groupBy: 'host,paths' })), keys(byHostPaths));
      assert.equal((await restic.snapshots({ groupBy: '' })).length, 2, 'empty groupBy: flat list');
      assert.equal((await restic.snapshots({ host: 'host-two' })).length, 1);
      assert.equal((await restic.snapshots({ latest: 1, host: 'host-one' })).length, 1);

      // tags: ['a', 'b'] is a OR b; [['a', 'b']] is a AND b.
      assert.equal((await restic.snapshots({ tags: ['nightly', 'weekly'] })).length, 2);
      assert.equal((await restic.snapshots({ tags: [['nightly', 'docs']] })).length, 1);
      assert.equal((await restic.snapshots({ tags: [['nightly', 'weekly']] })).length, 0);

      const found = await restic.find('a.txt');
      assert.equal(found.length, 2, 'a.txt is in both snapshots');
      assert.equal(found[0]?.hits, 1);
      assert.ok(found[0]?.matches[0]?.path.endsWith('/docs/a.txt'));
      assert.equal(found[0]?.matches[0]?.type, 'file');
      assert.equal((await restic.find(['a.txt', 'song.mp3'], { host: 'host-one' }))[0]?.hits, 2);
      assert.deepEqual(await restic.find('no-such-file-anywhere'), []);

      const target = join(box.dir, 'restored');
      const restored = await restic.restore({ snapshotId: mine.id, targetDir: target, include: [join(data, 'docs')] });
      if (binary.series === '0.14') assert.equal(restored, undefined);
      else assert.ok((restored?.files_restored ?? 0) >= 2, `restored ${String(restored?.files_restored)} files`);
      assert.equal(readFileSync(join(target, data, 'docs', 'a.txt'), 'utf8'), 'alpha');
      // `<id>:<folder>` restores that folder as the target's root (restic 0.16+).
      const sub = join(box.dir, 'restored-subfolder');
      const subfolder = restic.restore({ snapshotId: `${mine.short_id}:${join(data, 'docs')}`, targetDir: sub });
      if (binary.series === '0.14') await assert.rejects(subfolder, UnsupportedFeatureError);
      else {
        await subfolder;
        assert.equal(readFileSync(join(sub, 'b.txt'), 'utf8'), 'bravo');
      }

      for (const mode of ['restore-size', 'files-by-contents', 'blobs-per-file', 'raw-data'] as const) {
        const s = await restic.stats({ mode });
        assert.ok(s.total_size > 0, mode);
      }
      assert.equal(typeof (await restic.stats({ snapshotIds: [mine.id] })).total_file_count, 'number');

      const dry = await restic.forget({ keepLast: 1, groupBy: '', dryRun: true });
      assert.equal(dry.length, 1, 'empty groupBy: one group');
      assert.equal(dry[0]?.keep?.length, 1);
      assert.equal(dry[0]?.remove?.length, 1);
      assert.equal((await restic.snapshots()).length, 2, 'dry run removed nothing');
      const gone = await restic.forget({ snapshotIds: [mine.short_id] });
      assert.deepEqual(gone, []);
      assert.equal((await restic.snapshots()).length, 1);
    });

    test('forget with a policy per group, keepLast: 0 passed as a value, and prune', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'f.txt': 'one' });
      await restic.backup({ paths: [data], host: 'h' });
      box.writeData({ 'f.txt': 'two' });
      await restic.backup({ paths: [data], host: 'h' });
      const groups = await restic.forget({ keepLast: 1, prune: true });
      assert.equal(groups.length, 1);
      assert.equal(groups[0]?.host, 'h');
      assert.equal(groups[0]?.keep?.length, 1);
      assert.equal(groups[0]?.remove?.length, 1);
      assert.ok(Array.isArray(groups[0]?.reasons));
      assert.equal((await restic.snapshots()).length, 1);
      // keepLast: 0 is a value: beside another rule it reaches restic; alone it is no policy and is refused on every version.
      const withZero = await restic.forget({ keepLast: 0, keepDaily: 1, dryRun: true });
      assert.equal(withZero[0]?.keep?.length, 1);
      await assert.rejects(restic.forget({ keepLast: 0, dryRun: true }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'policy');
    });

    test('check: summary with num_errors on every version, readData and readDataSubset', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: [box.writeData({ 'x.bin': Buffer.alloc(100_000, 7) })] });
      // Snapshot filters on check arrived in restic 0.19.0.
      const filtered = box.restic.check({ host: 'no-such-host' });
      if (binary.series === '0.19') assert.equal((await filtered).num_errors, 0);
      else await assert.rejects(filtered, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.19.0');
      for (const options of [{}, { readData: true }, { readDataSubset: '1/2' }]) {
        const summary = await restic.check(options);
        assert.equal(summary.message_type, 'summary');
        assert.equal(summary.num_errors, 0);
        assert.equal(summary.suggest_prune, false);
      }
    });
  });
}
