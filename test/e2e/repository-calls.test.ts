import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvalidArgumentError, ResticError, UnsupportedFeatureError, WrongPasswordError, type SpawnFunction } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

const HEX64 = /^[0-9a-f]{64}$/;

for (const binary of resticBinaries()) {
  const old = binary.series === '0.14';
  describe(`repository calls on restic ${binary.series}`, { concurrency: 2 }, () => {
    test('resticpy scenario "change keys": add, list 2, passwd with the second key, remove the other, list 1', async (t) => {
      const box = sandbox(t, binary);
      const argv: string[][] = [];
      const spawnRecorded: SpawnFunction = (command, args, options) => {
        argv.push([...args]);
        return spawn(command, args, options);
      };
      const restic = box.with({ spawn: spawnRecorded });
      await restic.init();
      const second = 'second password, given as a string';
      const added = await restic.key.add({ newPassword: second, user: 'backup-bot', host: 'robot' });
      if (old) assert.equal(added.id, undefined);
      else assert.match(added.id ?? '', HEX64);
      const keys = await restic.key.list();
      assert.equal(keys.length, 2);
      assert.ok(keys.every((k) => HEX64.test(k.id)), 'whole IDs on every version');
      const bot = keys.find((k) => k.userName === 'backup-bot');
      assert.equal(bot?.hostName, 'robot');
      assert.equal(bot?.current, false);
      if (added.id) assert.equal(bot?.id, added.id);

      // Open with the second key and change its password.
      const viaSecond = box.with({ password: second, spawn: spawnRecorded });
      const third = 'third password';
      const thirdFile = join(box.dir, 'third-password');
      writeFileSync(thirdFile, third + '\n', { mode: 0o600 });
      await viaSecond.key.passwd({ newPasswordFile: thirdFile });
      await assert.rejects(box.with({ password: second }).snapshots(), WrongPasswordError);
      const viaThird = box.with({ password: third });
      const now = await viaThird.key.list();
      assert.equal(now.length, 2);
      const other = now.find((k) => !k.current);
      assert.ok(other);
      await viaThird.key.remove(other.id.slice(0, 8)); // a prefix is completed
      assert.equal((await viaThird.key.list()).length, 1);
      await assert.rejects(restic.snapshots(), WrongPasswordError, 'the first key is gone');

      const viaFile = join(box.dir, 'fourth-password');
      writeFileSync(viaFile, 'fourth password\n', { mode: 0o600 });
      await viaThird.key.add({ newPasswordFile: viaFile });
      assert.equal((await box.with({ password: 'fourth password' }).key.list()).length, 2, 'a key added from a file opens the repository');
      const seen = argv.flat().join('\n');
      for (const secret of [TEST_PASSWORD, second, third]) assert.ok(!seen.includes(secret), 'no password in argv');
      await assert.rejects(restic.key.add({}), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'newPassword/newPasswordFile');
    });

    test('resticpy scenario: print config, masterkey and list locks; cat and list everything', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      const id = await restic.init();
      const content = 'the quick brown fox';
      const data = box.writeData({ 'fox.txt': content });
      const summary = await restic.backup({ paths: [data] });

      const config = await restic.cat.config();
      assert.equal(config.id, id);
      assert.equal(config.version, 2, 'restic 0.14 already creates format 2');
      assert.match(config.chunker_polynomial, /^[0-9a-f]+$/);
      const v1 = box.with({ repository: join(box.dir, 'format-1') });
      await v1.init({ repositoryVersion: 1 });
      assert.equal((await v1.cat.config()).version, 1);
      await assert.rejects(v1.init({ repositoryVersion: 3 as 1 }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'repositoryVersion');
      const master = await restic.cat.masterkey();
      assert.ok(master.encrypt.length > 0 && master.mac.k.length > 0 && master.mac.r.length > 0);
      assert.deepEqual(await restic.list.locks(), []);

      const snapshotIds = await restic.list.snapshots();
      assert.equal(snapshotIds.length, 1);
      assert.match(snapshotIds[0] as string, HEX64);
      assert.ok((snapshotIds[0] as string).startsWith(summary.snapshot_id as string));
      const snap = await restic.cat.snapshot(summary.snapshot_id as string);
      assert.deepEqual(snap.paths, [data]);
      assert.equal(snap['id'], undefined, 'cat snapshot has no id field');

      const tree = await restic.cat.tree(snap.tree);
      assert.ok(Array.isArray(tree.nodes) && tree.nodes.length === 1);
      const blobs = await restic.list.blobs();
      assert.ok(blobs.some((b) => b.type === 'tree') && blobs.some((b) => b.type === 'data'));
      const dataBlob = blobs.find((b) => b.type === 'data');
      assert.equal((await restic.cat.blob(dataBlob?.id as string)).toString('utf8'), content, 'raw bytes of the file');
      if (old) await assert.rejects(restic.cat.tree(`${snapshotIds[0]}:${data}`), UnsupportedFeatureError);
      else assert.equal((await restic.cat.tree(`${snapshotIds[0]}:${data}`)).nodes[0]?.name, 'fox.txt');

      const packs = await restic.list.packs();
      assert.ok(packs.length >= 1);
      const pack = await restic.cat.pack((packs[0] as string).slice(0, 10));
      const onDisk = join(box.repo, 'data', (packs[0] as string).slice(0, 2), packs[0] as string);
      assert.equal(pack.length, statSync(onDisk).size);
      assert.ok(pack.equals(readFileSync(onDisk)), 'a pack comes back byte for byte');

      const index = await restic.cat.index((await restic.list.index())[0] as string);
      assert.ok(index.packs.some((p) => p.blobs.some((b) => b.id === dataBlob?.id)));
      const [keyId] = await restic.list.keys();
      const keyFile = await restic.cat.key((keyId as string).slice(0, 8));
      assert.equal(keyFile.kdf, 'scrypt');
      assert.ok(keyFile.N > 0);
      await assert.rejects(restic.cat.blob('abc'), (e: unknown) => e instanceof InvalidArgumentError);
    });

    test('locks: a killed restic leaves one, cat.lock reads it, unlock removes it', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'big.bin': Buffer.alloc(64 * 1024 * 1024, 1) });
      let victim: ReturnType<typeof spawn> | undefined;
      const r = box.with({
        spawn: (command, args, options) => {
          const child = spawn(command, args, options);
          if (args.includes('backup')) victim = child;
          return child;
        },
      });
      // Killed mid-way: the backup fails, and its lock stays behind.
      await assert.rejects(r.backup({ paths: [data], onProgress: () => victim?.kill('SIGKILL') }), ResticError);
      const locks = await box.restic.list.locks();
      assert.equal(locks.length, 1);
      const lock = await box.restic.cat.lock(locks[0] as string);
      assert.equal(lock.exclusive, false);
      assert.equal(lock.pid, victim?.pid);
      await box.restic.unlock();
      assert.deepEqual(await box.restic.list.locks(), []);
      await box.restic.unlock({ removeAll: true });
    });

    test('resticpy scenario: forget with prune and keepDaily', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'a.txt': 'first' });
      await restic.backup({ paths: [data], time: '2024-01-01 10:00:00' });
      box.writeData({ 'a.txt': 'second' });
      await restic.backup({ paths: [data], time: '2024-01-02 10:00:00' });
      box.writeData({ 'a.txt': 'third' });
      await restic.backup({ paths: [data], time: '2024-01-03 10:00:00' });
      const groups = await restic.forget({ keepDaily: 2, prune: true });
      assert.equal(groups[0]?.keep?.length, 2);
      assert.equal(groups[0]?.remove?.length, 1);
      assert.equal((await restic.snapshots()).length, 2);
      assert.equal((await restic.check()).num_errors, 0);
    });

    test('resticpy scenario: copy into a second repository initialised with the first one\'s chunker parameters', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: [box.writeData({ 'x.txt': 'x', 'y.txt': 'y' })], tags: ['copied'] });
      const sourcePassword = 'the source password';
      const source = box.with({ password: sourcePassword, repository: join(box.dir, 'source') });
      await source.init();
      await source.backup({ paths: [join(box.dir, 'data')], host: 'elsewhere' });

      const destination = box.with({ repository: join(box.dir, 'destination') });
      await destination.init({ copyChunkerParams: true, fromRepo: source.repository, fromPassword: sourcePassword });
      const polynomial = async (r: typeof source): Promise<string> => (await r.cat.config()).chunker_polynomial;
      assert.equal(await polynomial(destination), await polynomial(source));
      assert.notEqual(await polynomial(restic), await polynomial(source));

      const copied = await destination.copy({ fromRepo: source.repository, fromPassword: sourcePassword });
      assert.equal(copied.copied.length, 1);
      const [snapshot] = await destination.snapshots();
      assert.equal(snapshot?.hostname, 'elsewhere');
      assert.equal(snapshot?.short_id, copied.copied[0]?.target);
      assert.equal((await source.snapshots())[0]?.short_id, copied.copied[0]?.source);
      assert.deepEqual((await destination.copy({ fromRepo: source.repository, fromPassword: sourcePassword })).copied, [], 'copied already');

      // A file holding the password works too, and a wrong one is refused.
      const passwordFile = join(box.dir, 'source-password');
      writeFileSync(passwordFile, sourcePassword + '\n');
      await destination.copy({ fromRepo: source.repository, fromPasswordFile: passwordFile });
      await assert.rejects(destination.copy({ fromRepo: source.repository, fromPassword: 'wrong' }), WrongPasswordError);
      await assert.rejects(destination.copy({}), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'fromRepo');
    });

    test('resticpy scenario: rewrite excluding a file (0.15+)', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'keep.txt': 'keep', 'secret.txt': 'remove me' });
      const summary = await restic.backup({ paths: [data] });
      const rewriting = restic.rewrite({ exclude: [join(data, 'secret.txt')] });
      if (old) {
        await assert.rejects(rewriting, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.15.0');
        return;
      }
      const result = await rewriting;
      assert.equal(result.rewritten.length, 1);
      assert.ok((summary.snapshot_id as string).startsWith(result.rewritten[0]?.source as string));
      const rewritten = (await restic.snapshots()).find((s) => s.short_id === result.rewritten[0]?.target);
      assert.equal(rewritten?.original, summary.snapshot_id);
      const found = await restic.find('secret.txt', { snapshotIds: [rewritten?.id as string] });
      assert.deepEqual(found, []);
      const forgotten = await restic.rewrite({ exclude: [join(data, 'keep.txt')], forget: true, snapshotIds: [rewritten?.id as string] });
      assert.equal(forgotten.removed.length, 1);
    });

    test('generate completion scripts and man pages; self-update says plainly why it cannot', async (t) => {
      const box = sandbox(t, binary);
      const out = join(box.dir, 'generated');
      mkdirSync(join(out, 'man'), { recursive: true });
      await box.restic.generate({
        bashCompletionPath: join(out, 'restic.bash'),
        zshCompletionPath: join(out, '_restic'),
        fishCompletionPath: join(out, 'restic.fish'),
        manDirectory: join(out, 'man'),
      });
      assert.match(readFileSync(join(out, 'restic.bash'), 'utf8'), /restic/);
      assert.ok(existsSync(join(out, '_restic')) && existsSync(join(out, 'restic.fish')));
      assert.ok(readdirSync(join(out, 'man')).some((f) => f.endsWith('.1')));
      const powershell = box.restic.generate({ powershellCompletionPath: join(out, 'restic.ps1') });
      if (old) await assert.rejects(powershell, UnsupportedFeatureError);
      else await powershell;
      await assert.rejects(box.restic.generate({}), InvalidArgumentError);

      // Loopback only: any download attempt goes to a proxy on 127.0.0.1 that refuses it.
      const offline = box.with({ env: { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' } });
      const error = await offline.selfUpdate({ output: join(box.dir, 'restic-new') }).catch((e: unknown) => e);
      assert.ok(error instanceof ResticError, String(error));
      if (old) assert.match(error.message, /restic could not update itself: unable to update restic/);
      else assert.match(error.message, /this restic build has no self-update command/);
      assert.ok(!existsSync(join(box.dir, 'restic-new')));
      assert.equal((await box.restic.version()).restic_version.slice(0, binary.series.length), binary.series, 'the binary is untouched');
    });
  });
}
