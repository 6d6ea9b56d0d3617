import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InvalidArgumentError, WrongPasswordError } from '../../src/index.js';
import { ResticReader } from '../../src/reader/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { collect, lsCore } from '../helpers/reader-parity.js';
import { sandbox } from '../helpers/sandbox.js';
import { spawnRecorder } from '../helpers/spawn-recorder.js';

for (const binary of resticBinaries().filter((b) => b.series !== '0.18')) {
  describe(`reads: 'native' on restic ${binary.series}`, () => {
    test('snapshots, ls, lsStream, find, cat and dump come from the reader, with the results restic gives; writes still run restic', async (t) => {
      const box = sandbox(t, binary);
      const data = box.writeData({ 'a.txt': 'alpha\n', 'docs/b.txt': 'bravo\n', 'docs/big.bin': Buffer.alloc(3 << 20, 7) });
      const cli = box.restic;
      await cli.init();
      await cli.backup({ paths: [data], tags: ['first'] });
      const recorder = spawnRecorder();
      const native = box.with({ reads: 'native', spawn: recorder.spawn });
      t.after(() => native.close());

      assert.deepEqual(await native.snapshots(), await cli.snapshots());
      assert.deepEqual(await native.snapshots({ tags: ['first'] }), await cli.snapshots({ tags: ['first'] }));
      const nativeLs = await native.ls('latest');
      const cliLs = await cli.ls('latest');
      assert.deepEqual(nativeLs.nodes.map(lsCore), cliLs.nodes.map(lsCore));
      if (binary.series !== '0.14') assert.deepEqual(nativeLs.nodes, cliLs.nodes, 'every field');
      const streamedNodes = async (restic: typeof cli): Promise<unknown[]> => {
        const nodes = [];
        for await (const message of restic.lsStream('latest', { paths: [join(data, 'docs')] })) if (message.message_type === 'node') nodes.push(lsCore(message));
        return nodes;
      };
      const streamed = await streamedNodes(native);
      assert.equal(streamed.length, 3, 'the folder and its two files');
      assert.deepEqual(streamed, await streamedNodes(cli));
      const nativeFind = await native.find('b.txt');
      assert.deepEqual(nativeFind.map((r) => r.matches.map((m) => m.path)), (await cli.find('b.txt')).map((r) => r.matches.map((m) => m.path)));
      assert.deepEqual(await collect(native.dump('latest', join(data, 'docs', 'big.bin'))), readFileSync(join(data, 'docs', 'big.bin')));
      // cat: the same objects as restic prints (IDs learnt through restic before counting).
      const [snapshot] = await cli.snapshots();
      const [indexId] = await cli.list.index();
      const [keyId] = await cli.list.keys();
      const dataBlob = (await cli.list.blobs()).find((b) => b.type === 'data')!.id;
      const callsBefore = recorder.calls.length;
      assert.deepEqual(await native.cat.config(), await cli.cat.config());
      assert.deepEqual(await native.cat.snapshot(snapshot!.short_id), await cli.cat.snapshot(snapshot!.short_id));
      assert.deepEqual(await native.cat.index(indexId!.slice(0, 8)), await cli.cat.index(indexId!.slice(0, 8)));
      assert.deepEqual(await native.cat.key(keyId!), await cli.cat.key(keyId!));
      assert.deepEqual(await native.cat.tree(snapshot!.tree), await cli.cat.tree(snapshot!.tree));
      assert.ok((await native.cat.blob(dataBlob)).equals(await cli.cat.blob(dataBlob)));
      await assert.rejects(native.cat.index('not-hex'), InvalidArgumentError, 'the same argument checks as the restic path');
      assert.equal(recorder.calls.length, callsBefore, 'cat through the reader runs no restic');
      // No restic process for any of these reads: only the version check the option checks use.
      assert.deepEqual(recorder.commands(), []);

      // A write goes through restic, and the next read sees it.
      await native.backup({ paths: [data], tags: ['second'] });
      assert.equal((await native.snapshots()).length, 2);
      assert.deepEqual(recorder.commands(), ['backup']);

      // Grouping runs restic, and so does a folder as a tar archive (the reader's tar refuses ACLs
      // and names that are not UTF-8, which it would meet only part way through).
      const groups = await native.snapshots({ groupBy: 'host' });
      assert.equal(groups.length, 1);
      const tar = await collect(native.dump('latest', join(data, 'docs')));
      assert.equal(tar.subarray(257, 262).toString(), 'ustar', 'a tar archive from restic');
      assert.deepEqual(recorder.commands(), ['backup', 'snapshots', 'dump']);

      // close() ends the reader (zeroing its key); the next read opens a new one.
      const opened: string[] = [];
      const open = ResticReader.open;
      ResticReader.open = (options) => (opened.push(options.repository), open.call(ResticReader, options));
      t.after(() => (ResticReader.open = open));
      assert.equal((await native.snapshots()).length, 2);
      assert.equal(opened.length, 0, 'the open reader serves');
      native.close();
      assert.equal((await native.snapshots()).length, 2);
      assert.equal(opened.length, 1, 'after close() a new reader is opened');
    });

    test('a wrong password is a WrongPasswordError from the reader too', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      await assert.rejects(box.with({ reads: 'native', password: 'not the password' }).snapshots(), WrongPasswordError);
    });

    test('readerIdleTimeoutMs: the reader closes when idle, and the next read opens it again', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      // Count the reader's opens for this repository rather than time them: a slow machine
      // blurs a warm read and a fresh open, a count does not.
      const opened: string[] = [];
      const open = ResticReader.open;
      ResticReader.open = (options) => (opened.push(options.repository), open.call(ResticReader, options));
      t.after(() => (ResticReader.open = open));
      const native = box.with({ reads: 'native', readerIdleTimeoutMs: 1_500 });
      t.after(() => native.close());
      const opens = (): number => opened.filter((repository) => repository === box.repo).length;
      assert.deepEqual(await native.snapshots(), []);
      assert.deepEqual(await native.snapshots(), []);
      assert.equal(opens(), 1, 'a second read within the timeout uses the open reader');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.deepEqual(await native.snapshots(), []);
      assert.equal(opens(), 2, 'after the idle timeout the reader is opened again');
    });
  });
}
