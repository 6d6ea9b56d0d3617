import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { InvalidArgumentError, ObjectNotFoundError, ReaderClosedError, RepositoryCorruptError, ResticAbortedError, ResticReader, WrongPasswordError, type ReaderWarning, type ResticReaderOptions } from '../../src/reader/index.js';
import { newestRestic, projectRoot, resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD, type Sandbox } from '../helpers/sandbox.js';
import { collect, compareDecodingWithCli, compareWithCli, flipByte, packFiles, sha, writeTree } from '../helpers/reader-parity.js';

function open(box: Sandbox, more: Partial<ResticReaderOptions> = {}): Promise<ResticReader> {
  return ResticReader.open({ repository: box.repo, password: TEST_PASSWORD, ...more });
}

for (const binary of resticBinaries()) {
  describe(`ResticReader against restic ${binary.series}`, { concurrency: 2 }, () => {
    test('parity with the restic CLI: snapshots, ls, find, cat, dump (format 2, default compression)', { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = writeTree(box);
      await restic.backup({ paths: [data], tags: ['first'] });
      writeFileSync(join(data, 'plain.txt'), 'changed\n');
      writeFileSync(join(data, 'added.txt'), 'added later');
      await restic.backup({ paths: [data], host: 'other-host', tags: ['second', 'x'] });

      const reader = await open(box);
      t.after(() => reader.close());
      assert.equal(reader.repositoryVersion, 2);
      await compareWithCli(restic, reader, binary, data);
      // Filters as restic applies them.
      assert.deepEqual(await reader.snapshots({ host: 'other-host' }), await restic.snapshots({ host: 'other-host' }));
      assert.deepEqual(await reader.snapshots({ tags: [['second', 'x']] }), await restic.snapshots({ tags: [['second', 'x']] }));
      assert.deepEqual(await reader.snapshots({ tags: ['first', 'none'] }), await restic.snapshots({ tags: ['first', 'none'] }));
      assert.deepEqual(await reader.snapshots({ paths: [data] }), await restic.snapshots({ paths: [data] }));
      assert.equal((await reader.ls('latest')).snapshot.hostname, 'other-host');

      // refresh() sees a new snapshot.
      writeFileSync(join(data, 'third.txt'), 'third');
      await restic.backup({ paths: [data] });
      assert.equal((await reader.snapshots()).length, 2);
      await reader.refresh();
      assert.deepEqual(await reader.snapshots(), await restic.snapshots());
      assert.equal((await collect(reader.dump('latest', join(data, 'third.txt')))).toString(), 'third');

      // Errors are typed.
      await assert.rejects(collect(reader.dump('latest', join(data, 'nope'))), ObjectNotFoundError);
      await assert.rejects(reader.ls('ffffffff'), ObjectNotFoundError);
      await assert.rejects(reader.cat.blob('0'.repeat(64)), ObjectNotFoundError);
    });

    test('format 1, and format 2 with compression off and max: trees, files and tar decoded as restic decodes them', { timeout: 600_000 }, async (t) => {
      for (const variant of [{ version: 1 as const }, { version: 2 as const, compression: 'off' as const }, { version: 2 as const, compression: 'max' as const }]) {
        const box = sandbox(t, binary, variant.compression ? { compression: variant.compression } : {});
        const { restic } = box;
        await restic.init({ repositoryVersion: variant.version });
        const data = writeTree(box);
        await restic.backup({ paths: [data] });
        const reader = await open(box);
        try {
          assert.equal(reader.repositoryVersion, variant.version, JSON.stringify(variant));
          await compareDecodingWithCli(restic, reader);
        } finally {
          reader.close();
        }
      }
    });

    test('a file name that is not UTF-8: listed as restic prints it, its folder still read; a tar of the folder is refused, never written with a wrong name', { timeout: 120_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'fine.txt': 'fine' });
      const badName = Buffer.concat([Buffer.from('bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);
      writeFileSync(Buffer.concat([Buffer.from(`${data}/`), badName]), 'bytes under a name that is not UTF-8');
      await restic.backup({ paths: [data] });
      const reader = await open(box);
      t.after(() => reader.close());
      const { nodes } = await reader.ls('latest', data);
      const bad = nodes.find((n) => n.name.startsWith('bad-'))!;
      assert.equal(bad.name, 'bad-\uFFFD\uFFFD.txt');
      assert.ok((await restic.ls('latest', { paths: [data] })).nodes.some((n) => n.name === bad.name), 'as restic prints it in JSON');
      assert.equal((await collect(reader.dump('latest', join(data, 'fine.txt')))).toString(), 'fine');
      await assert.rejects(collect(reader.dump('latest', data)), /not UTF-8/);
    });

    test('forget --prune while the reader reads: the right bytes or a typed error, never wrong data or a hang; refresh() catches up', { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary, { compression: 'off' });
      const { restic } = box;
      await restic.init();
      const old = randomBytes(12 * 1024 * 1024);
      const data = box.writeData({ 'old.bin': old, 'kept.txt': 'kept' });
      const first = await restic.backup({ paths: [data] });
      rmSync(join(data, 'old.bin'));
      await restic.backup({ paths: [data] });
      const reader = await open(box);
      t.after(() => reader.close());
      // A second reader that has the index but has touched no pack yet.
      const stale = await open(box);
      t.after(() => stale.close());

      // A dump under way when the prune deletes the packs it reads (the packs it has open stay readable).
      const chunks: Buffer[] = [];
      const stream = reader.dump(first.snapshot_id!, join(data, 'old.bin'));
      const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const head = await iterator.next();
      assert.ok(!head.done);
      chunks.push(head.value);
      await restic.forget({ keepLast: 1, prune: true });
      const outcome = await (async () => {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) chunks.push(next.value);
      })().then(
        () => 'complete',
        (error: unknown) => error,
      );
      if (outcome === 'complete') assert.ok(Buffer.concat(chunks).equals(old), 'bytes read before the prune are the right ones');
      else {
        assert.ok(outcome instanceof RepositoryCorruptError || outcome instanceof ObjectNotFoundError, String(outcome));
        assert.ok(old.subarray(0, Buffer.concat(chunks).length).equals(Buffer.concat(chunks)), 'what arrived before the error is right');
      }
      // A read that starts after the prune, on the index as it was: the packs are gone.
      await assert.rejects(collect(stale.dump(first.snapshot_id!, join(data, 'old.bin'))), (error: unknown) => error instanceof RepositoryCorruptError && /missing/.test(error.message));
      await reader.refresh();
      assert.deepEqual(await reader.snapshots(), await restic.snapshots());
      await assert.rejects(reader.ls(first.snapshot_id!), ObjectNotFoundError);
      assert.equal((await collect(reader.dump('latest', join(data, 'kept.txt')))).toString(), 'kept');
    });

    test('a wrong password, a changed byte in a pack, index or snapshot file: typed errors, never wrong data', { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = writeTree(box);
      await restic.backup({ paths: [data] });

      const wrong = await open(box, { password: 'not the password' }).catch((e: unknown) => e);
      assert.ok(wrong instanceof WrongPasswordError, String(wrong));
      assert.ok(!wrong.message.includes('not the password'));

      // A changed byte in the middle of the largest pack: with pack hashes checked (the default), and with only blob MACs and IDs.
      const largest = packFiles(box.repo).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
      flipByte(largest, Math.floor(statSync(largest).size / 2));
      for (const verifyPacks of [true, false]) {
        const reader = await open(box, { verifyPacks });
        try {
          let failures = 0;
          for (const node of (await reader.ls('latest')).nodes.filter((n) => n.type === 'file')) {
            const result = await collect(reader.dump('latest', node.path)).catch((e: unknown) => e);
            if (result instanceof Buffer) assert.equal(sha(result), sha(readFileSync(node.path)), `${node.path}: right data or an error`);
            else {
              assert.ok(result instanceof RepositoryCorruptError, String(result));
              failures++;
            }
          }
          assert.ok(failures >= 1, `verifyPacks ${verifyPacks}: the damaged file fails`);
        } finally {
          reader.close();
        }
      }

      // A changed byte in an index file: at open, and at refresh when it appears later.
      const reader = await open(box);
      t.after(() => reader.close());
      const indexDir = join(box.repo, 'index');
      const before = new Set(readdirSync(indexDir));
      writeFileSync(join(data, 'later.txt'), 'later');
      await restic.backup({ paths: [data] });
      const added = readdirSync(indexDir).filter((f) => !before.has(f));
      assert.equal(added.length, 1);
      flipByte(join(indexDir, added[0]!), 40);
      await assert.rejects(reader.refresh(), RepositoryCorruptError);
      await assert.rejects(open(box), RepositoryCorruptError);
      flipByte(join(indexDir, added[0]!), 40);
      await reader.refresh();

      // A changed byte in a snapshot file: skipped with a warning, as restic skips it.
      const snapshotFile = join(box.repo, 'snapshots', readdirSync(join(box.repo, 'snapshots'))[0]!);
      flipByte(snapshotFile, 20);
      const skipping = await open(box);
      assert.equal((await skipping.snapshots()).length, 1);
      assert.ok(skipping.warnings.length === 1 && skipping.warnings[0]!.error instanceof RepositoryCorruptError);
      skipping.close();
      flipByte(snapshotFile, 20);
      (await open(box)).close();
    });

    test('a junk or damaged snapshot file is skipped with a warning, as restic lists the others; a damaged index fails as in restic', { timeout: 120_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'a.txt': 'a' });
      await restic.backup({ paths: [data] });
      await restic.backup({ paths: [data], tags: ['second'] });
      await restic.backup({ paths: [data], tags: ['third'] });
      const snapshotsDir = join(box.repo, 'snapshots');
      const damaged = readdirSync(snapshotsDir).sort()[1]!;
      flipByte(join(snapshotsDir, damaged), 40);
      // Anyone who may append (an append-only server) can add a file named by its own hash.
      const junk = randomBytes(200);
      writeFileSync(join(snapshotsDir, sha(junk)), junk);

      const seen: ReaderWarning[] = [];
      const reader = await open(box, { onWarning: (w) => seen.push(w) });
      t.after(() => reader.close());
      // Without restic's cache, which keeps the undamaged copy.
      const cli = await box.with({ noCache: true }).snapshots();
      assert.equal(cli.length, 2, 'restic lists the two readable snapshots');
      assert.deepEqual(await reader.snapshots(), cli);
      assert.deepEqual(seen.map((w) => w.file).sort(), [`snapshots/${damaged}`, `snapshots/${sha(junk)}`].sort());
      assert.deepEqual(reader.warnings, seen);
      for (const warning of seen) assert.ok(warning.error instanceof RepositoryCorruptError, String(warning.error));
      const native = box.with({ reads: 'native', noCache: true });
      t.after(() => native.close());
      assert.deepEqual(await native.snapshots(), cli, 'reads: native lists what restic lists');
      // A refresh reports them again (restic warns on every command); a removed file no longer.
      rmSync(join(snapshotsDir, sha(junk)));
      await reader.refresh();
      assert.deepEqual(reader.warnings.map((w) => w.file), [`snapshots/${damaged}`]);
      // A callback that throws makes the load fail with what it threw.
      await assert.rejects(open(box, { onWarning: () => { throw new Error('strict'); } }), /strict/);

      // A junk index file: restic's ls, find and dump fail on it; so does the reader.
      writeFileSync(join(box.repo, 'index', sha(junk)), junk);
      await assert.rejects(box.with({ noCache: true }).ls('latest'));
      await assert.rejects(open(box), RepositoryCorruptError);
    });

    test('snapshots() as restic snapshots --json prints it: paths sorted, tags as stored; ls keeps the stored order as restic ls does', { timeout: 120_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'c/f': 'c', 'a/f': 'a', 'b/f': 'b', 'B/f': 'B' });
      const paths = ['c', 'a', 'B', 'b'].map((d) => join(data, d));
      await restic.backup({ paths, tags: ['zeta', 'alpha', 'mid'] });
      await restic.backup({ paths: paths.slice(0, 2), tags: ['b', 'a'], host: 'h' });
      const reader = await open(box);
      t.after(() => reader.close());
      const cli = await restic.snapshots();
      assert.deepEqual((await reader.cat.snapshot(cli[0]!.id)).paths, paths, 'stored in the order given');
      assert.deepEqual(await reader.snapshots(), cli);
      assert.deepEqual(cli[0]!.paths, [...paths].sort(), 'restic sorts the paths');
      assert.deepEqual(cli[0]!.tags, ['zeta', 'alpha', 'mid'], 'and keeps the tags');
      for (const filter of [{ tags: ['a'] }, { paths: [paths[1]!] }, { host: 'h' }]) assert.deepEqual(await reader.snapshots(filter), await restic.snapshots(filter), JSON.stringify(filter));
      for (const snapshot of cli) {
        const mine = (await reader.ls(snapshot.id)).snapshot;
        const theirs = (await restic.ls(snapshot.id)).snapshot;
        assert.deepEqual(mine.paths, theirs.paths, 'ls: the stored order');
        if (binary.series !== '0.14') assert.deepEqual(mine, theirs);
      }
      const native = box.with({ reads: 'native' });
      t.after(() => native.close());
      assert.deepEqual(await native.snapshots(), cli);
      assert.deepEqual((await native.find('f')).map((r) => r.snapshot).sort(), (await restic.find('f')).map((r) => r.snapshot).sort());
    });

    test('password file and command, hostile key files, the key never shown, close() ends use', { timeout: 120_000 }, async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      await restic.backup({ paths: [box.writeData({ 'a.txt': 'a' })] });
      const master = await restic.cat.masterkey();

      const passwordFile = join(box.dir, 'password');
      writeFileSync(passwordFile, `\uFEFF${TEST_PASSWORD}\n`);
      (await ResticReader.open({ repository: box.repo, passwordFile })).close();
      (await ResticReader.open({ repository: `local:${box.repo}`, passwordCommand: `cat '${passwordFile}'` })).close();

      // A key file asking scrypt for 128 GiB is refused without running scrypt; the real key still opens.
      const hostile = Buffer.from(JSON.stringify({ created: '2024-01-01T00:00:00Z', username: 'x', hostname: 'x', kdf: 'scrypt', N: 2 ** 30, r: 8, p: 1, salt: randomBytes(64).toString('base64'), data: randomBytes(80).toString('base64') }));
      writeFileSync(join(box.repo, 'keys', sha(hostile)), hostile);
      const started = Date.now();
      const reader = await open(box);
      t.after(() => reader.close());
      assert.ok(Date.now() - started < 20_000);
      const refused = await open(box, { password: 'wrong' }).catch((e: unknown) => e);
      assert.ok(refused instanceof WrongPasswordError);
      assert.match(refused.message, /refused/);

      // Key files within the limits but dearer than the real key, named to come first in the
      // listing: the cheapest is tried first, so with one try the real key still opens; the hint still goes first.
      const realKey = readdirSync(join(box.repo, 'keys')).find((id) => id !== sha(hostile))!;
      const dear: string[] = [];
      while (dear.length < 3) {
        const file = Buffer.from(JSON.stringify({ created: '2099-01-01T00:00:00Z', username: 'x', hostname: 'x', kdf: 'scrypt', N: 2 ** 16, r: 8, p: 16, salt: randomBytes(64).toString('base64'), data: randomBytes(80).toString('base64') }));
        if (sha(file) < realKey) {
          writeFileSync(join(box.repo, 'keys', sha(file)), file);
          dear.push(sha(file));
        }
      }
      (await open(box, { maxKeys: 1 })).close();
      await assert.rejects(open(box, { maxKeys: 1, keyHint: dear[0]!.slice(0, 8) }), WrongPasswordError);
      // An abort while a key is derived ends the search there.
      const controller = new AbortController();
      const aborted = open(box, { password: 'wrong', signal: controller.signal });
      setImmediate(() => controller.abort());
      await assert.rejects(aborted, ResticAbortedError);
      for (const id of dear) rmSync(join(box.repo, 'keys', id));

      const shown = [inspect(reader), JSON.stringify(reader), inspect(reader, { showHidden: true, depth: 10 }), String(reader)].join('\n');
      for (const secret of [master.encrypt, master.mac.k, master.mac.r, TEST_PASSWORD]) assert.ok(!shown.includes(secret), 'the key is not shown');
      assert.equal((await reader.snapshots()).length, 1);
      reader.close();
      await assert.rejects(reader.snapshots(), ReaderClosedError);
      await assert.rejects(collect(reader.dump('latest', '/a.txt')), ReaderClosedError);
    });
  });
}

test('the built bundles: resticjs/reader stays out of the main entry and shares its error classes (ESM and CommonJS)', async (t) => {
  const esmMain = readFileSync(join(projectRoot, 'dist/esm/index.js'), 'utf8');
  const cjsMain = readFileSync(join(projectRoot, 'dist/cjs/index.js'), 'utf8');
  for (const main of [esmMain, cjsMain]) {
    assert.ok(!main.includes('fzstd') && !main.includes('class ResticReader') && !main.includes('poly1305'), 'the main bundle holds no reader code');
    // reads: 'native' reaches the reader only through its own bundle, loaded when first used.
    assert.match(main, /import\("\.\/reader\.js"\)/);
  }
  const binary = newestRestic();
  const box = sandbox(t, binary);
  await box.restic.init();
  const main = (await import(pathToFileURL(join(projectRoot, 'dist/esm/index.js')).href)) as typeof import('../../src/index.js');
  const esm = (await import(pathToFileURL(join(projectRoot, 'dist/esm/reader.js')).href)) as typeof import('../../src/reader/index.js');
  const require = createRequire(import.meta.url);
  const cjsMainModule = require(join(projectRoot, 'dist/cjs/index.js')) as typeof import('../../src/index.js');
  const cjs = require(join(projectRoot, 'dist/cjs/reader.js')) as typeof import('../../src/reader/index.js');
  const esmError = await esm.ResticReader.open({ repository: box.repo, password: 'wrong' }).catch((e: unknown) => e);
  assert.ok(esmError instanceof main.WrongPasswordError && esmError instanceof main.ResticError);
  const cjsError = await cjs.ResticReader.open({ repository: box.repo, password: 'wrong' }).catch((e: unknown) => e);
  assert.ok(cjsError instanceof cjsMainModule.WrongPasswordError && cjsError instanceof cjsMainModule.ResticError);
  const reader = await cjs.ResticReader.open({ repository: box.repo, password: TEST_PASSWORD });
  assert.deepEqual(await reader.snapshots(), []);
  reader.close();
});

test('idleTimeoutMs: the reader closes itself when unused and says why; use keeps it open', { timeout: 120_000 }, async (t) => {
  const box = sandbox(t, newestRestic());
  await box.restic.init();
  const data = box.writeData({ 'a.txt': 'a' });
  await box.restic.backup({ paths: [data] });
  await assert.rejects(open(box, { idleTimeoutMs: 0 }), InvalidArgumentError);
  const reader = await open(box, { idleTimeoutMs: 2_000 });
  t.after(() => reader.close());
  // Calls every 400 ms for four seconds, twice the timeout, keep it open.
  for (let i = 0; i < 10; i++) {
    assert.equal((await reader.snapshots()).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  assert.equal(reader.closed, true);
  await assert.rejects(reader.snapshots(), (error: unknown) => error instanceof ReaderClosedError && /without use \(idleTimeoutMs\)/.test(error.message));
});

test('idleTimeoutMs never closes a reader while it is still loading', { timeout: 120_000 }, async (t) => {
  const box = sandbox(t, newestRestic());
  await box.restic.init();
  await box.restic.backup({ paths: [box.writeData({ 'a.txt': 'a' })] });
  // A junk snapshot file makes the load call onWarning, which here holds the load up for 100 ms,
  // ten times the idle timeout, between reading the snapshots and the index.
  writeFileSync(join(box.repo, 'snapshots', sha(Buffer.from('junk'))), 'junk');
  const busy = (ms: number): void => {
    const until = Date.now() + ms;
    while (Date.now() < until);
  };
  const reader = await open(box, { idleTimeoutMs: 10, onWarning: () => busy(100) });
  t.after(() => reader.close());
  assert.equal(reader.stats().snapshots, 1);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(reader.closed, true, 'once loaded and unused, it closes itself');
});

test('the packed package: resticjs/reader through ESM import, CommonJS require and its type declarations', { timeout: 180_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'resticjs-reader-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  // An empty npm cache of its own, as on a fresh machine: the install must not lean on what this one kept.
  const npmEnv = { ...process.env, npm_config_cache: join(work, 'npm-cache') };
  const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // --ignore-scripts: the test runner has built dist already.
  npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', work], projectRoot);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  npm(['install', '--silent', '--no-audit', '--no-fund', join(work, tarball)], app);

  const box = sandbox(t, newestRestic());
  await box.restic.init();
  await box.restic.backup({ paths: [box.writeData({ 'a.txt': 'from the package' })] });
  const settings = JSON.stringify({ repository: box.repo, password: TEST_PASSWORD });
  writeFileSync(
    join(app, 'esm.mjs'),
    `import { ResticReader, RepositoryCorruptError } from 'resticjs/reader';
     import { ResticError } from 'resticjs';
     const reader = await ResticReader.open(${settings});
     const { nodes } = await reader.ls('latest');
     const file = nodes.find((n) => n.name === 'a.txt');
     const chunks = [];
     for await (const c of reader.dump('latest', file.path)) chunks.push(c);
     reader.close();
     if (!(new RepositoryCorruptError('x', 'y') instanceof ResticError)) throw new Error('classes');
     console.log('esm', Buffer.concat(chunks).toString());`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `const { ResticReader, WrongPasswordError } = require('resticjs/reader');
     ResticReader.open({ ...${settings}, password: 'wrong' }).catch((e) => console.log('cjs', e instanceof WrongPasswordError && e instanceof require('resticjs').ResticError));`,
  );
  writeFileSync(
    join(app, 'types.mts'),
    `import { ResticReader, type LsNode, type Snapshot } from 'resticjs/reader';
     async function f(): Promise<number> {
       const reader: ResticReader = await ResticReader.open({ repository: '/r', passwordFile: '/p' });
       const snapshots: Snapshot[] = await reader.snapshots({ host: 'h' });
       const nodes: LsNode[] = (await reader.ls(snapshots[0]!.id, '/home', { recursive: true })).nodes;
       return nodes.length + (await reader.find('*.txt')).length;
     }
     void f;`,
  );
  writeFileSync(join(app, 'types-cjs.cts'), `import reader = require('resticjs/reader'); const open: typeof reader.ResticReader.open = reader.ResticReader.open; void open;`);
  assert.equal(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' }).trim(), 'esm from the package');
  assert.equal(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' }).trim(), 'cjs true');
  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const typeRoots = join(projectRoot, 'node_modules', '@types');
  for (const file of ['types.mts', 'types-cjs.cts']) {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', typeRoots, '--types', 'node', file], { cwd: app, encoding: 'utf8' });
  }
});
