import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, openSync, closeSync, ftruncateSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { ResticAbortedError, UnsupportedFeatureError, type BackupStatus, type LsNode, type RestoreStatus } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';
import { hasExited, spawnRecorder } from '../helpers/spawn-recorder.js';

async function collect(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const GiB = 1024 ** 3;

for (const binary of resticBinaries()) {
  const old = binary.series === '0.14';
  describe(`progress and streams on restic ${binary.series}`, { concurrency: 2 }, () => {
    test('progress arrives during a 2 GiB sparse-file backup and never goes backwards', { skip: binary.series === '0.18' && 'the same code as 0.19 for progress; two versions suffice for a 2 GiB read' }, async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      const fd = openSync(join(data, 'sparse.img'), 'w');
      ftruncateSync(fd, 2 * GiB);
      closeSync(fd);
      const events: BackupStatus[] = [];
      const summary = await box.restic.backup({ paths: [data], onProgress: (s) => events.push(s) });
      assert.equal(summary.total_bytes_processed, 2 * GiB);
      const during = events.filter((e) => e.percent_done > 0 && e.percent_done < 1);
      assert.ok(during.length >= 2, `progress while reading: ${during.length} events of ${events.length}`);
      for (let i = 1; i < events.length; i++) {
        const [a, b] = [events[i - 1] as BackupStatus, events[i] as BackupStatus];
        assert.ok(b.percent_done >= a.percent_done, `percent_done went back at ${i}: ${a.percent_done} → ${b.percent_done}`);
        assert.ok((b.bytes_done ?? 0) >= (a.bytes_done ?? 0), `bytes_done went back at ${i}`);
      }
      assert.ok(events.every((e) => e.seconds_remaining === undefined || e.seconds_remaining < 1e9), 'no 2^63 ETA');
    });

    test('lsStream yields every node of a 10,000-file snapshot; break stops restic at once', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({});
      for (let d = 0; d < 100; d++) {
        mkdirSync(join(data, `d${d}`));
        for (let f = 0; f < 100; f++) writeFileSync(join(data, `d${d}`, `f${f}.txt`), `${d}/${f}`);
      }
      await box.restic.backup({ paths: [data] });
      let files = 0;
      let first: string | undefined;
      for await (const message of box.restic.lsStream('latest')) {
        first ??= message.message_type;
        if (message.message_type === 'node' && message.type === 'file') files++;
      }
      assert.equal(first, 'snapshot');
      assert.equal(files, 10_000);

      const recorder = spawnRecorder();
      const r = box.with({ spawn: recorder.spawn });
      let seen = 0;
      for await (const message of r.lsStream('latest')) {
        if ((message as LsNode).type === 'file' && ++seen === 50) break;
      }
      const child = recorder.children.find((c) => c.spawnargs.includes('ls'));
      assert.ok(hasExited(child), 'restic ls has exited when the loop is left');
      const locks = readdirSync(join(box.repo, 'locks')).filter((name) => /^[0-9a-f]{64}$/.test(name));
      assert.deepEqual(locks, [], 'and left no lock behind');

      // An abort mid-stream ends the loop with ResticAbortedError, and restic is gone.
      const controller = new AbortController();
      const aborting = box.with({ spawn: recorder.spawn });
      let counted = 0;
      await assert.rejects(async () => {
        for await (const _message of aborting.lsStream('latest', { signal: controller.signal })) if (++counted === 100) controller.abort();
      }, ResticAbortedError);
      assert.ok(recorder.children.filter((c) => c.spawnargs.includes('ls')).every(hasExited), 'no restic ls left');

      const found: string[] = [];
      for await (const result of box.restic.findStream('f7*.txt')) found.push(...result.matches.map((m) => m.path));
      assert.equal(found.length, 1100, 'f7.txt and f70–f79.txt in 100 folders');
      let blobs = 0;
      for await (const blob of box.restic.listStream('blobs')) if (blob.type === 'data') blobs++;
      assert.ok(blobs >= 1);
    });

    test('a 5 MB Buffer and a Readable round-trip through stdin backup and dump, byte for byte', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const payload = randomBytes(5 * 1024 * 1024);
      const fromBuffer = await box.restic.backup({ stdin: payload, stdinFilename: 'buffer.bin' });
      const dumped = await collect(box.restic.dump(fromBuffer.snapshot_id as string, '/buffer.bin'));
      assert.ok(dumped.equals(payload), 'Buffer round trip');

      // A Readable that produces slowly: restic waits, nothing is lost.
      async function* slowly(): AsyncGenerator<Buffer> {
        for (let offset = 0; offset < payload.length; offset += 256 * 1024) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield payload.subarray(offset, offset + 256 * 1024);
        }
      }
      const fromReadable = await box.restic.backup({ stdin: Readable.from(slowly()), stdinFilename: 'stream.bin', tags: ['db'] });
      const hash = createHash('sha256');
      for await (const chunk of box.restic.dump(fromReadable.snapshot_id as string, '/stream.bin')) hash.update(chunk as Buffer);
      assert.equal(hash.digest('hex'), createHash('sha256').update(payload).digest('hex'), 'Readable round trip');

      // A string, and a folder dumped as tar and zip.
      const text = await box.restic.backup({ stdin: 'plain text ✓', stdinFilename: 'note.txt' });
      assert.equal((await collect(box.restic.dump(text.snapshot_id as string, '/note.txt'))).toString('utf8'), 'plain text ✓');
      const folder = box.writeData({ 'a.txt': 'a', 'b/c.txt': 'c' });
      const tree = await box.restic.backup({ paths: [folder] });
      const tar = await collect(box.restic.dump(tree.snapshot_id as string, folder));
      assert.equal(tar.subarray(257, 262).toString('latin1'), 'ustar');
      const zip = await collect(box.restic.dump(tree.snapshot_id as string, folder, { archive: 'zip' }));
      assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');

      // restic's failure arrives as an error on the stream.
      const missing = box.restic.dump('latest', '/no/such/file');
      await assert.rejects(collect(missing), /not found/);
    });

    test('a stdin source that fails stops restic and rejects the backup with its error', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const recorder = spawnRecorder();
      async function* broken(): AsyncGenerator<Buffer> {
        yield Buffer.alloc(1024 * 1024, 1);
        throw new Error('the database went away');
      }
      await assert.rejects(box.with({ spawn: recorder.spawn }).backup({ stdin: Readable.from(broken()), stdinFilename: 'db.sql' }), /the database went away/);
      assert.ok(hasExited(recorder.children.find((c) => c.spawnargs.includes('backup'))));
      assert.equal((await box.restic.snapshots()).length, 0, 'no snapshot of half a dump');
    });

    test('stdinFromCommand (0.17+) and restore progress (0.16+)', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const viaCommand = box.restic.backup({ stdinFromCommand: ['/bin/echo', 'from a command'], stdinFilename: 'cmd.txt' });
      if (old) {
        await assert.rejects(viaCommand, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.17.0');
      } else {
        const summary = await viaCommand;
        assert.equal((await collect(box.restic.dump(summary.snapshot_id as string, '/cmd.txt'))).toString(), 'from a command\n');
      }
      const data = box.writeData({ 'big.bin': randomBytes(8 * 1024 * 1024) });
      await box.restic.backup({ paths: [data] });
      const progress: RestoreStatus[] = [];
      const restoring = box.restic.restore({ targetDir: join(box.dir, 'out'), onProgress: (s) => progress.push(s) });
      if (old) {
        await assert.rejects(restoring, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0');
      } else {
        const summary = await restoring;
        assert.ok((summary?.bytes_restored ?? 0) >= 8 * 1024 * 1024);
        assert.ok(progress.every((p, i) => i === 0 || p.percent_done >= (progress[i - 1] as RestoreStatus).percent_done));
      }
    });
  });
}
