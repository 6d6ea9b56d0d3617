import assert from 'node:assert/strict';
import { symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { InvalidArgumentError, ResticNotFoundError, type BackupOptions } from '../../src/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { hasExited, spawnRecorder } from '../helpers/spawn-recorder.js';

for (const binary of resticBinaries().filter((b) => b.series !== '0.18')) {
  describe(`call safety on restic ${binary.series}`, () => {
    test('a stdin that is no readable source is refused before restic starts', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const recorder = spawnRecorder();
      const r = box.with({ spawn: recorder.spawn });
      const bad: unknown[] = [true, 42, null, {}, () => 'data'];
      for (const stdin of bad) {
        await assert.rejects(r.backup({ stdin } as unknown as BackupOptions), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'stdin', inspect(stdin));
      }
      await assert.rejects(r.backup({ paths: [box.dir], onProgress: 'log' } as unknown as BackupOptions), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'onProgress');
      assert.deepEqual(recorder.commands(), [], 'no backup was started');
      assert.ok(recorder.children.every(hasExited));
      // What is a source still goes through: an iterable of chunks.
      const summary = await r.backup({ stdin: [Buffer.from('a'), 'b'], stdinFilename: 'ab.txt' });
      assert.equal(summary.total_bytes_processed, 2);
    });

    test('a binary that cannot be started: nothing secret in the error, however deep it is inspected', async (t) => {
      const box = sandbox(t, binary);
      // The version is read while the binary is there; the call after it finds it gone.
      const path = join(box.dir, 'restic-gone');
      symlinkSync(binary.path, path);
      const urlSecret = 'url-secret-in-an-option';
      const r = box.with({ binaryPath: path, options: { 'rest.connections': `http://user:${urlSecret}@127.0.0.1/` } });
      await r.version();
      unlinkSync(path);
      const error = await r.backup({ paths: [join(box.dir, TEST_PASSWORD)] }).catch((e: unknown) => e);
      assert.ok(error instanceof ResticNotFoundError, String(error));
      const cause = error.cause as NodeJS.ErrnoException & { spawnargs?: string[] };
      assert.equal(cause.code, 'ENOENT');
      assert.ok(cause.spawnargs?.some((arg) => arg.includes('***')), 'the argv is kept, redacted');
      const shown = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), JSON.stringify(cause), String(error.stack)].join('\n');
      for (const secret of [urlSecret, TEST_PASSWORD]) assert.ok(!shown.includes(secret), `"${secret}" leaked:\n${shown}`);
    });
  });
}
