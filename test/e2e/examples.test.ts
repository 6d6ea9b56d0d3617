import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { projectRoot, resticBinaries } from '../helpers/binaries.js';

const run = promisify(execFile);
const example = (name: string): string => join(projectRoot, 'examples', name);

// The examples are part of the documentation: they run here, as the README says, so none can rot.
for (const binary of resticBinaries().filter((b) => b.series !== '0.18')) {
  describe(`examples on restic ${binary.series}`, () => {
    const env = { ...process.env, RESTIC_BIN: binary.path };

    test('basic-backup.mjs: backup, snapshots, restore, check', async () => {
      const { stdout } = await run(process.execPath, [example('basic-backup.mjs')], { env });
      assert.match(stdout, new RegExp(`^restic ${binary.series.replace('.', '\\.')}\\.\\d+ at `));
      assert.match(stdout, /backed up .* new files/);
      assert.match(stdout, /snapshots:\n {2}[0-9a-f]{8} /);
      assert.match(stdout, /restored latest into /);
      assert.match(stdout, /check: no errors found/);
    });

    test('progress-bar.mjs: a bar for the backup, and for the restore where restic reports one', async () => {
      const { stdout } = await run(process.execPath, [example('progress-bar.mjs'), '--size', '48'], { env });
      assert.match(stdout, /backup {2}\[#+-*\] +\d+\.\d%/);
      assert.match(stdout, /backup {2}\[#{30}\] 100\.0%/);
      assert.match(stdout, /snapshot [0-9a-f]{8}: 6 new files/);
      if (binary.series === '0.14') assert.match(stdout, /restore progress needs restic 0\.16\.0/);
      else assert.match(stdout, /restored \d+ files, 48\.0 MiB/);
    });
  });
}
