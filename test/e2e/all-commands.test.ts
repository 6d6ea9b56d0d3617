import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ResticError, UnsupportedFeatureError, type SpawnFunction } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';

const HEX64 = /^[0-9a-f]{64}$/;
const atLeast = (series: string, wanted: string): boolean => Number(series.split('.')[1]) >= Number(wanted.split('.')[1]);
const unsupported = (since: string) => (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === since;

/** FUSE needs the device, fusermount, and the right to mount (root or a setuid fusermount). */
function fuseUnavailable(): string | undefined {
  if (!existsSync('/dev/fuse')) return 'no /dev/fuse on this machine';
  const which = spawnSync('sh', ['-c', 'command -v fusermount || command -v fusermount3'], { encoding: 'utf8' });
  if (which.status !== 0) return 'no fusermount on PATH (Debian package fuse3)';
  return undefined;
}

for (const binary of resticBinaries()) {
  const series = binary.series;
  describe(`restic's other commands on restic ${series}`, { concurrency: 3 }, () => {
    test('tag: add, remove, set; full IDs of the changes on 0.18+; nothing matched is 0', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: box.writeData({ a: 'a' }), tags: ['old'] });
      const added = await restic.tag({ add: ['x', 'y'], remove: 'old' });
      assert.equal(added.changedSnapshots, 1);
      if (atLeast(series, '0.18')) {
        assert.equal(added.changed?.length, 1);
        assert.match(added.changed?.[0]?.newSnapshotId ?? '', HEX64);
      } else {
        assert.equal(added.changed, undefined);
      }
      assert.deepEqual((await restic.snapshots())[0]?.tags?.sort(), ['x', 'y']);
      await restic.tag({ set: 'only', snapshotIds: ['latest'] });
      assert.deepEqual((await restic.snapshots())[0]?.tags, ['only']);
      const cleared = await restic.tag({ remove: 'only' });
      assert.equal(cleared.changedSnapshots, 1);
      assert.equal((await restic.snapshots())[0]?.tags, undefined);
      const none = await restic.tag({ add: 'z', host: 'no-such-host' });
      assert.equal(none.changedSnapshots, 0);
    });

    test('repair index (rebuild-index before 0.16), repair snapshots (0.16+), repair packs (0.17+), recover', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: box.writeData({ a: 'one', b: 'two' }) });
      const index = await restic.repair.index({ readAllPacks: true });
      assert.match(index.log, /done|rebuilding index/);
      if (atLeast(series, '0.16')) {
        const repaired = await restic.repair.snapshots({ dryRun: true });
        assert.deepEqual(repaired.repaired, []);
        assert.match(repaired.log, /no snapshots (would be|were) modified/);
      } else {
        await assert.rejects(restic.repair.snapshots(), unsupported('0.16.0'));
      }
      const packs = await restic.list.packs();
      if (atLeast(series, '0.17')) {
        await assert.rejects(restic.repair.packs('abcd'), (e: unknown) => e instanceof Error && /64 hex digits/.test(e.message));
      } else {
        await assert.rejects(restic.repair.packs(packs), unsupported('0.17.0'));
      }
      // A snapshot forgotten without prune leaves its tree unreferenced: recover saves it again.
      await restic.forget({ snapshotIds: ['latest'] });
      const recovered = await restic.recover();
      assert.equal(recovered.unreferencedRoots, 1);
      assert.match(recovered.snapshotId ?? '', /^[0-9a-f]{8,}$/);
      assert.equal((await restic.snapshots()).length, 1);
      assert.equal((await restic.check()).num_errors, 0);
    });

    test('migrations and migrate: upgrade a format 1 repository; an unknown name is an error, not a silent success', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init({ repositoryVersion: 1 });
      assert.deepEqual((await restic.migrations()).map((m) => m.name), ['upgrade_repo_v2']);
      const done = await restic.migrate('upgrade_repo_v2');
      assert.deepEqual(done.applied, ['upgrade_repo_v2']);
      assert.equal((await restic.cat.config()).version, 2);
      assert.deepEqual(await restic.migrations(), []);
      await assert.rejects(restic.migrate('no_such_migration'), (e: unknown) => e instanceof ResticError && /did not apply migration no_such_migration/.test(e.message));
    });

    test('cache: one folder after a backup, removed by a cleanup with maxAge 0; features (0.17+) and extended options', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: box.writeData({ a: 'a' }) });
      const listed = await restic.cache();
      assert.equal(listed.entries.length, 1);
      assert.match(listed.entries[0]?.size ?? '', /\d+(\.\d+)? (B|KiB|MiB)/);
      assert.equal(listed.directory, join(box.dir, 'cache'));
      assert.equal((await restic.cache({ noSize: true })).entries[0]?.size, undefined);
      const cleaned = await restic.cache({ cleanup: true, maxAge: 0 });
      assert.equal(cleaned.removed, 1);
      assert.deepEqual(cleaned.entries, []);
      if (atLeast(series, '0.17')) {
        const flags = await restic.features();
        assert.ok(flags.some((f) => f.name === 'device-id-for-hardlinks' && typeof f.default === 'boolean'), JSON.stringify(flags));
      } else {
        await assert.rejects(restic.features(), unsupported('0.17.0'));
      }
      const options = await restic.extendedOptions();
      assert.ok(options.some((o) => o.name === 'sftp.command'));
    });

    test('findObjects: where a tree and a blob are used, with the pack; ls sort/reverse (0.18+); lsNcdu and dumpToFile (0.17+)', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const summary = await restic.backup({ paths: box.writeData({ 'big.txt': 'x'.repeat(3000), 'small.txt': 's' }) });
      const snapshotId = summary.snapshot_id ?? '';
      const blob = (await restic.list.blobs()).find((b) => b.type === 'data');
      assert.ok(blob);
      const uses = await restic.findObjects(blob.id, { type: 'blob', showPackId: true });
      assert.equal(uses.length, 1, JSON.stringify(uses));
      assert.match(String(uses[0]?.path), /(big|small)\.txt$/);
      assert.ok(String(uses[0]?.snapshot).startsWith(snapshotId), 'restic 0.14 reports a short snapshot ID after backup');
      assert.ok((await restic.list.packs()).includes(String(uses[0]?.pack_id)), 'the pack that holds the blob');
      // The folder that holds the file (restic 0.14 cannot find a snapshot's root tree).
      const trees = await restic.findObjects(String(uses[0]?.parent_tree), { type: 'tree' });
      assert.ok(trees.length >= 1, JSON.stringify(trees));
      assert.equal(trees[0]?.object_type, 'tree');
      assert.equal(trees[0]?.snapshot, uses[0]?.snapshot);

      if (atLeast(series, '0.18')) {
        const bySize = await restic.ls('latest', { sort: 'size', reverse: true });
        const files = bySize.nodes.filter((n) => n.type === 'file').map((n) => n.name);
        assert.deepEqual(files, ['big.txt', 'small.txt']);
      } else {
        await assert.rejects(restic.ls('latest', { sort: 'size' }), unsupported('0.18.0'));
      }
      const data = join(box.dir, 'data');
      if (atLeast(series, '0.17')) {
        const chunks: Buffer[] = [];
        for await (const chunk of restic.lsNcdu('latest')) chunks.push(chunk as Buffer);
        const ncdu = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[];
        assert.equal(ncdu[0], 1, 'ncdu export format version 1');
        assert.match(JSON.stringify(ncdu), /"name":"big.txt","asize":3000/);
        const target = join(box.dir, 'small-copy.txt');
        await restic.dumpToFile('latest', join(data, 'small.txt'), { target });
        assert.equal(readFileSync(target, 'utf8'), 's');
      } else {
        const stream = restic.lsNcdu('latest');
        await assert.rejects(async () => {
          for await (const chunk of stream) void chunk;
        }, unsupported('0.17.0'));
        await assert.rejects(restic.dumpToFile('latest', join(data, 'small.txt'), { target: join(box.dir, 'x') }), unsupported('0.17.0'));
      }
    });

    test('rewrite newHost (0.17+) and snapshotSummary (0.18+); prune with repack tuning; forget keeps unlimited (0.16+)', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: box.writeData({ a: 'a' }), host: 'first' });
      if (atLeast(series, '0.17')) {
        const result = await restic.rewrite({ newHost: 'second', forget: true });
        assert.equal(result.rewritten.length, 1);
        assert.deepEqual((await restic.snapshots()).map((s) => s.hostname), ['second']);
      } else {
        await assert.rejects(restic.rewrite({ newHost: 'second' }), unsupported(series === '0.14' ? '0.15.0' : '0.17.0'));
      }
      const pruned = await restic.prune({ repackUncompressed: true, repackSmall: true, ...(atLeast(series, '0.18') ? { repackSmallerThan: '1M' } : {}) });
      assert.match(pruned.log, /(repacking|done|remaining)/);
      if (atLeast(series, '0.16')) {
        const groups = await restic.forget({ keepLast: 'unlimited', dryRun: true });
        assert.equal(groups[0]?.remove, null);
      } else {
        await assert.rejects(restic.forget({ keepLast: 'unlimited' }), unsupported('0.16.0'));
      }
    });

    test('global flags reach restic from the settings: compression, pack size, limits, user agent, no lock', async (t) => {
      const argv: string[][] = [];
      const recorded: SpawnFunction = (command, args, options) => {
        argv.push([...args]);
        return spawn(command, args, options);
      };
      const box = sandbox(t, binary, { spawn: recorded });
      await box.restic.init();
      const tuned = box.with({
        spawn: recorded,
        compression: 'max',
        packSize: 16,
        limitUpload: 100_000,
        limitDownload: 100_000,
        cleanupCache: true,
        ...(atLeast(series, '0.17') ? { httpUserAgent: 'resticjs-test', stuckRequestTimeout: '2m' } : {}),
      });
      await tuned.backup({ paths: box.writeData({ a: 'a' }) });
      const backupArgv = argv.find((a) => a.includes('backup')) ?? [];
      for (const flag of ['--compression=max', '--pack-size=16', '--limit-upload=100000', '--limit-download=100000', '--cleanup-cache']) assert.ok(backupArgv.includes(flag), flag);
      // --no-lock lets a read run without writing a lock file.
      const locksBefore = readdirSync(join(box.repo, 'locks')).length;
      assert.equal((await box.with({ noLock: true }).snapshots()).length, 1);
      assert.equal(readdirSync(join(box.repo, 'locks')).length, locksBefore);
      if (!atLeast(series, '0.17')) {
        await assert.rejects(box.with({ httpUserAgent: 'x' }).snapshots(), unsupported('0.17.0'));
      }
      if (!atLeast(series, '0.19')) {
        await assert.rejects(box.with({ compression: 'fastest' }).snapshots(), unsupported('0.19.0'));
      }
    });

    test('key add with an empty password (0.17+) and passwd with host and user (0.19+)', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      if (!atLeast(series, '0.17')) {
        await assert.rejects(restic.key.add({ newInsecureNoPassword: true }), unsupported('0.17.0'));
        return;
      }
      await restic.key.add({ newInsecureNoPassword: true, user: 'nobody' });
      const empty = box.with({ password: undefined, insecureNoPassword: true });
      assert.equal((await empty.key.list()).length, 2);
      if (atLeast(series, '0.19')) {
        await empty.key.passwd({ newPassword: 'now with a password', user: 'somebody', host: 'somewhere' });
        const keys = await box.with({ password: 'now with a password' }).key.list();
        const changed = keys.find((k) => k.current);
        assert.equal(changed?.userName, 'somebody');
        assert.equal(changed?.hostName, 'somewhere');
      } else {
        await assert.rejects(empty.key.passwd({ newPassword: 'p', user: 'u' }), unsupported('0.19.0'));
      }
    });

    const noFuse = fuseUnavailable();
    test('mount: serves the snapshots as files, and close() unmounts', { skip: noFuse ?? false }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: box.writeData({ 'hello.txt': 'hello from the mount' }) });
      const mountpoint = join(box.dir, 'mnt');
      mkdirSync(mountpoint);
      const handle = await restic.mount(mountpoint);
      try {
        const latest = join(mountpoint, 'snapshots', 'latest', ...join(box.dir, 'data', 'hello.txt').split('/').filter(Boolean));
        assert.equal(readFileSync(latest, 'utf8'), 'hello from the mount');
      } finally {
        await handle.close();
      }
      await handle.closed;
      assert.deepEqual(readdirSync(mountpoint), [], 'unmounted: the folder is empty again');
    });

    test('mount: an abort before restic serves rejects and leaves no process', { skip: noFuse ?? false }, async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const mountpoint = join(box.dir, 'mnt');
      mkdirSync(mountpoint);
      await assert.rejects(box.restic.mount(mountpoint, { signal: AbortSignal.abort() }), (e: unknown) => e instanceof ResticError && e.name === 'ResticAbortedError');
      await assert.rejects(box.restic.mount(join(box.dir, 'no-such-folder')), ResticError);
    });
  });
}
