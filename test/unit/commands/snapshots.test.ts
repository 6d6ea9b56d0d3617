import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshots, snapshotsArgs } from '../../../src/commands/snapshots.js';
import { InvalidArgumentError, type Snapshot, type SnapshotGroup } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const HEX64 = /^[0-9a-f]{64}$/;

test('snapshots: grouping as string or array, empty turns it off', () => {
  assert.deepEqual(snapshotsArgs({}, OLD), ['snapshots']);
  assert.deepEqual(snapshotsArgs({ groupBy: 'host,paths' }, NEW), ['snapshots', '--group-by=host,paths']);
  assert.deepEqual(snapshotsArgs({ groupBy: ['host', 'tags'] }, NEW), ['snapshots', '--group-by=host,tags']);
  assert.deepEqual(snapshotsArgs({ groupBy: '' }, NEW), ['snapshots']);
  assert.deepEqual(snapshotsArgs({ groupBy: [] }, NEW), ['snapshots']);
  refuses(() => snapshotsArgs({ groupBy: 'hostname' }, NEW), 'groupBy');
});

test('snapshots: filters, latest (0 is a value) and IDs after --', () => {
  assert.deepEqual(snapshotsArgs({ host: 'h', paths: ['/a', '/b'], latest: 0, snapshotIds: ['latest', 'abc123'] }, NEW), [
    'snapshots',
    '--host=h',
    '--path=/a',
    '--path=/b',
    '--latest=0',
    '--',
    'latest',
    'abc123',
  ]);
  assert.deepEqual(snapshotsArgs({ groupBy: 'host', host: ['h1', 'h2'], tags: 't', latest: 2 }, OLD), ['snapshots', '--group-by=host', '--host=h1', '--host=h2', '--tag=t', '--latest=2']);
  refuses(() => snapshotsArgs({ latest: -2 }, NEW), 'latest');
  refuses(() => snapshotsArgs({ latest: 1.5 }, NEW), 'latest');
  refuses(() => snapshotsArgs({ snapshotIds: ['-x'] }, NEW), 'snapshotIds[0]');
});

test('tag filters: a list is OR (one --tag each), a nested list is AND (one --tag with commas)', () => {
  assert.deepEqual(snapshotsArgs({ tags: ['a', 'b'] }, NEW), ['snapshots', '--tag=a', '--tag=b']);
  assert.deepEqual(snapshotsArgs({ tags: [['a', 'b']] }, NEW), ['snapshots', '--tag=a,b']);
  assert.deepEqual(snapshotsArgs({ tags: [['a', 'b'], 'c'] }, NEW), ['snapshots', '--tag=a,b', '--tag=c']);
  assert.deepEqual(snapshotsArgs({ tags: 'a' }, NEW), ['snapshots', '--tag=a']);
  refuses(() => snapshotsArgs({ tags: [[]] }, NEW), 'tags[0]');
  refuses(() => snapshotsArgs({ tags: ['a,b'] }, NEW), 'tags[0]');
});

test('snapshots: unknown option names are refused, with a suggestion', () => {
  assert.throws(() => snapshotsArgs({ group_by: 'host' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /groupBy/.test(e.message));
});

const DATA = '/tmp/FIXTURE/data';
const ALPHA = '/tmp/FIXTURE/data/docs/alpha.txt';

for (const series of SERIES) {
  test(`restic ${series}: snapshots, grouped snapshots, the latest, an empty repository`, async () => {
    const read = async (name: string, options = {}): Promise<unknown> => {
      const run = fixture(series, name);
      const ctx = fakeContext(run.restic, { snapshots: run.stdout });
      const result = await snapshots(ctx, options);
      assert.equal(ctx.invocations[0]?.json, true);
      return result;
    };
    const flat = (await read('snapshots')) as Snapshot[];
    assert.deepEqual(
      flat.map((s) => [s.paths, s.tags ?? null, s.hostname]),
      [
        [[DATA], null, 'fixturehost'],
        [[ALPHA], ['a', 'b', 'c'], 'fixturehost'],
        [[DATA], null, 'fixturehost'],
      ],
    );
    for (const s of flat) {
      assert.match(s.id, HEX64);
      assert.equal(s.short_id, s.id.slice(0, 8));
    }
    // Snapshot summaries came with restic 0.17.
    assert.deepEqual(flat.map((s) => typeof s.summary), Array(3).fill(series === '0.14' ? 'undefined' : 'object'));
    const groups = (await read('snapshots-group-host', { groupBy: 'host' })) as SnapshotGroup[];
    assert.deepEqual(groups.map((g) => [g.group_key, g.snapshots.length]), [[{ hostname: 'fixturehost', paths: null, tags: null }, 3]]);
    // The order of groups changes from one recording to the next.
    const byPaths = (await read('snapshots-group-host-paths', { groupBy: 'host,paths' })) as SnapshotGroup[];
    assert.deepEqual(byPaths.map((g) => [g.group_key.paths, g.snapshots.length]).sort(), [[[ALPHA], 1], [[DATA], 2]].sort());
    const latest = (await read('snapshots-latest', { latest: 1 })) as Snapshot[];
    assert.deepEqual(latest.map((s) => s.paths).sort(), [[ALPHA], [DATA]].sort(), 'the newest of each host and paths');
    assert.deepEqual(await read('snapshots-empty'), []);
  });
}
