import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox } from '../helpers/sandbox.js';

// resticpy's own end-to-end scenario "basic backup and restore", through resticjs.
for (const binary of resticBinaries()) {
  describe(`resticpy scenario on restic ${binary.series}`, () => {
    test('basic backup and restore', async (t) => {
      const box = sandbox(t, binary);
      const { restic } = box;
      await restic.init();
      const data = box.writeData({ 'mydata.txt': 'some data to back up' });
      const file = join(data, 'mydata.txt');

      const first = await restic.backup({ paths: [file] });
      assert.equal(first.files_new, 1);

      const found = await restic.find('mydata.txt');
      assert.equal(found.length, 1);
      assert.equal(found[0]?.matches[0]?.path, file);

      const target = join(box.dir, 'restored');
      await restic.restore({ targetDir: target });
      assert.equal(readFileSync(join(target, file), 'utf8'), 'some data to back up');

      const groups = await restic.snapshots({ groupBy: 'host' });
      assert.equal(groups.length, 1);
      assert.equal(groups[0]?.snapshots.length, 1);

      writeFileSync(file, 'some changed data');
      const second = await restic.backup({ paths: [file] });
      assert.equal(second.files_changed, 1);

      const stats = await restic.stats({ mode: 'blobs-per-file' });
      assert.ok(stats.total_size > 0);

      const check = await restic.check({ readData: true });
      assert.equal(check.num_errors, 0);
    });
  });
}
