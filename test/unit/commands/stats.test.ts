import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats, statsArgs, type StatsMode } from '../../../src/commands/stats.js';
import { InvalidArgumentError, STATS_MODES, type StatsResult } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('stats: each mode, the filters, IDs after --', () => {
  assert.deepEqual(statsArgs({}, OLD), ['stats']);
  for (const mode of STATS_MODES) assert.deepEqual(statsArgs({ mode }, OLD), ['stats', `--mode=${mode}`]);
  assert.deepEqual(statsArgs({ mode: 'raw-data', snapshotIds: ['latest'] }, NEW), ['stats', '--mode=raw-data', '--', 'latest']);
  assert.deepEqual(statsArgs({ host: 'h', tags: [['a', 'b']], paths: '/d', snapshotIds: ['abc1', 'latest'] }, OLD), [
    'stats',
    '--host=h',
    '--tag=a,b',
    '--path=/d',
    '--',
    'abc1',
    'latest',
  ]);
});

test('stats: bad values and unknown names are refused', () => {
  refuses(() => statsArgs({ mode: 'all' as 'raw-data' }, NEW), 'mode');
  refuses(() => statsArgs({ snapshotIds: ['--json'] }, NEW), 'snapshotIds[0]');
  assert.throws(() => statsArgs({ modes: 'raw-data' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'mode'/.test(e.message));
});

for (const series of SERIES) {
  test(`restic ${series}: stats in every mode`, async () => {
    const read = async (name: string, mode?: StatsMode): Promise<StatsResult> => {
      const run = fixture(series, name);
      const ctx = fakeContext(run.restic, { stats: run.stdout });
      const result = await stats(ctx, mode === undefined ? {} : { mode });
      assert.equal(ctx.invocations[0]?.json, true);
      return result;
    };
    // The same three snapshots of the same files on every version.
    const restoreSize = { total_size: 6291514, total_file_count: 23, snapshots_count: 3 };
    assert.deepEqual(await read('stats'), restoreSize);
    assert.deepEqual(await read('stats-restore-size', 'restore-size'), restoreSize);
    assert.deepEqual(await read('stats-files-by-contents', 'files-by-contents'), { total_size: 3145764, total_file_count: 6, snapshots_count: 3 });
    const blobs = await read('stats-blobs-per-file', 'blobs-per-file');
    assert.deepEqual([blobs.total_size, blobs.total_file_count, blobs.snapshots_count], [3145764, 4, 3]);
    const raw = await read('stats-raw-data', 'raw-data');
    assert.equal(raw.snapshots_count, 3);
    // Compression figures came with restic 0.15 (on repositories of format 2).
    assert.equal(typeof raw.compression_ratio, series === '0.14' ? 'undefined' : 'number');
  });
}
