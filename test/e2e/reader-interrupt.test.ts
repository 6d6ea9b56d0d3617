import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { projectRoot, resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

const run = promisify(execFile);

/** Small files of many sizes, so that the dump pauses at every kind of point of the tar (a header, a blob, a padding). */
function smallFiles(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 48; i++) files[`many/f${String(i).padStart(2, '0')}`] = Buffer.alloc((i * 337) % 1500, i);
  return files;
}

for (const binary of resticBinaries().filter((b) => b.series !== '0.18')) {
  describe(`a native dump interrupted while paused, restic ${binary.series}`, () => {
    test('close(), the idle timeout or an abort end the stream with a typed error, never an unhandled rejection', { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ ...smallFiles(), 'big.bin': randomBytes(4 * 1024 * 1024) });
      await box.restic.backup({ paths: [data] });
      const child = join(projectRoot, 'build', 'test', 'helpers', 'dump-interrupt-child.js');
      const expected: Record<string, string> = { close: 'ReaderClosedError', idle: 'ReaderClosedError', abort: 'ResticAbortedError', 'restic-abort': 'ResticAbortedError' };
      for (const [mode, rounds] of [['abort', 40], ['close', 6], ['idle', 6], ['restic-abort', 4]] as const) {
        // restic's own dump of a folder is not the reader's: the Restic instance only reads files natively.
        const paths = mode === 'restic-abort' ? [join(data, 'big.bin')] : [join(data, 'many'), join(data, 'big.bin')];
        const job = { repository: box.repo, password: TEST_PASSWORD, binaryPath: binary.path, paths, mode, rounds };
        const result = await run(process.execPath, [child, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
        // An unhandled rejection prints the error and ends the child with exit code 1.
        assert.doesNotMatch(result.stderr!, /unhandled|^\S*Error/im, `${mode}: no unhandled rejection:\n${result.stderr}`);
        assert.ok(!('code' in result) || result.code === undefined, `${mode}: the child exits 0:\n${result.stderr}`);
        const outcomes = result.stdout!.trim().split('\n').map((line) => JSON.parse(line) as { path: string; k: number; outcome: string });
        for (const { path, k, outcome } of outcomes) assert.ok(outcome === expected[mode] || outcome === 'complete', `${mode} ${path} after ${k} chunks: ${outcome}`);
        for (const path of paths) assert.ok(outcomes.some((o) => o.path === path && o.outcome === expected[mode]), `${mode} ${path}: interrupted at least once`);
      }
    });
  });
}
