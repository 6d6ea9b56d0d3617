// A repository written by restic, then its files replaced by FIFOs, folders and a huge sparse
// file: ResticReader.open and reads never hang (nor hang the host's fs calls) and fail typed.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RepositoryCorruptError, ResticAbortedError, ResticError, ResticReader } from '../../src/reader/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';
import { collect } from '../helpers/reader-parity.js';
import { fifoMaker, settled } from '../helpers/hang-guard.js';

/** How `promise` settled, or a failure if it hangs (see settled). */
const outcome = <T>(promise: Promise<T>, what: string): Promise<{ value?: T; error?: unknown }> =>
  settled(promise.then((value) => ({ value }), (error: unknown) => ({ error })), what);

for (const binary of resticBinaries()) {
  describe(`a hostile local repository, written by restic ${binary.series}`, { skip: process.platform === 'win32' && 'no FIFOs on Windows' }, () => {
    test('FIFOs, folders and a 3 GiB sparse file in place of repository files', { timeout: 240_000 }, async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'a.txt': 'some content' });
      for (let i = 0; i < 5; i++) {
        writeFileSync(join(data, 'n.txt'), `run ${i}`);
        await box.restic.backup({ paths: [data] });
      }
      const fifos = fifoMaker();
      // A reader stuck on one (before the fix) is let go, so that the process can end.
      t.after(() => fifos.release());
      /** Replaces a file by something else for the length of `check`, then puts it back. */
      const replaced = async (path: string, by: 'fifo' | 'folder' | 'sparse', check: () => Promise<void>): Promise<void> => {
        const bytes = readFileSync(path);
        rmSync(path);
        if (by === 'fifo') fifos.make(path);
        else if (by === 'folder') mkdirSync(path);
        else {
          writeFileSync(path, '');
          truncateSync(path, 3 * 1024 ** 3);
        }
        try {
          await check();
        } finally {
          rmSync(path, { recursive: true, force: true });
          writeFileSync(path, bytes);
        }
      };
      const files = (type: string): string[] => readdirSync(join(box.repo, type)).map((name) => join(box.repo, type, name));
      const open = (signal?: AbortSignal): Promise<ResticReader> => ResticReader.open({ repository: box.repo, password: TEST_PASSWORD, signal });
      /** Open either skips the damaged snapshot (once the reader does) or fails typed; never hangs. */
      const openSkipsOrFails = async (what: string): Promise<void> => {
        const result = await outcome(open(new AbortController().signal), what);
        if (result.value) result.value.close();
        else assert.ok(result.error instanceof ResticError, `${what}: ${String(result.error)}`);
      };

      // Four snapshots as FIFOs: as many as libuv has threads. Meanwhile the host's fs calls go on.
      const snapshots = files('snapshots').slice(0, 4);
      const [s1, s2, s3, s4] = snapshots as [string, string, string, string];
      await replaced(s1, 'fifo', () =>
        replaced(s2, 'fifo', () =>
          replaced(s3, 'fifo', () =>
            replaced(s4, 'fifo', async () => {
              const opening = openSkipsOrFails('open with FIFO snapshots');
              const unrelated = await outcome(Promise.all(Array.from({ length: 8 }, () => stat(data))), 'stat of an unrelated path');
              assert.equal(unrelated.error, undefined);
              await opening;
            }),
          ),
        ),
      );
      await replaced(s1, 'sparse', () => openSkipsOrFails('open with a 3 GiB snapshot'));
      await replaced(s1, 'folder', () => openSkipsOrFails('open with a folder for a snapshot'));

      for (const by of ['fifo', 'folder'] as const) {
        await replaced(files('keys')[0]!, by, async () => {
          const result = await outcome(open(), `open with a ${by} for the key`);
          assert.ok(result.error instanceof ResticError, String(result.error));
        });
        await replaced(files('index')[0]!, by, async () => {
          const result = await outcome(open(), `open with a ${by} for an index file`);
          assert.ok(result.error instanceof RepositoryCorruptError, String(result.error));
        });
        await replaced(join(box.repo, 'config'), by, async () => {
          const result = await outcome(open(), `open with a ${by} for the config`);
          assert.ok(result.error instanceof RepositoryCorruptError, String(result.error));
        });
        const packs = readdirSync(join(box.repo, 'data'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
        for (const pack of packs) {
          await replaced(join(pack.parentPath ?? pack.path, pack.name), by, async () => {
            const reader = await open();
            t.after(() => reader.close());
            const result = await outcome(collect(reader.dump('latest', join(data, 'a.txt'))), `a dump with a ${by} for a pack`);
            // Only the pack holding the file's blob or a tree on its way fails the dump.
            if (result.error) assert.ok(result.error instanceof RepositoryCorruptError, String(result.error));
          });
        }
      }

      // The signal: an open whose signal has fired ends at once.
      const controller = new AbortController();
      controller.abort();
      assert.ok((await outcome(open(controller.signal), 'aborted open')).error instanceof ResticAbortedError);
      // And the repository, put back, still opens.
      (await open()).close();
    });
  });
}
