import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forgetArgs } from '../../../src/commands/forget.js';
import { parseJsonDocument } from '../../../src/json.js';
import { InvalidArgumentError, type ForgetGroup } from '../../../src/index.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('forget: every keep option, 0 as a value, durations checked, grouping off with an empty value', () => {
  assert.deepEqual(
    forgetArgs({
      keepLast: 0,
      keepHourly: 1,
      keepDaily: 2,
      keepWeekly: 3,
      keepMonthly: 4,
      keepYearly: 5,
      keepWithin: '1y2m',
      keepWithinHourly: '3d',
      keepWithinDaily: '4d',
      keepWithinWeekly: '5d',
      keepWithinMonthly: '6m',
      keepWithinYearly: '7y',
      groupBy: '',
      dryRun: true,
      prune: true,
      maxUnused: '5%',
      host: 'h',
    }, NEW),
    [
      'forget',
      '--keep-last=0',
      '--keep-hourly=1',
      '--keep-daily=2',
      '--keep-weekly=3',
      '--keep-monthly=4',
      '--keep-yearly=5',
      '--keep-within=1y2m',
      '--keep-within-hourly=3d',
      '--keep-within-daily=4d',
      '--keep-within-weekly=5d',
      '--keep-within-monthly=6m',
      '--keep-within-yearly=7y',
      '--group-by=',
      '--dry-run',
      '--prune',
      '--max-unused=5%',
      '--host=h',
    ],
  );
  assert.deepEqual(forgetArgs({ snapshotIds: ['abcd1234'] }, NEW), ['forget', '--', 'abcd1234']);
  refuses(() => forgetArgs({}, NEW), 'policy');
  refuses(() => forgetArgs({ keepLast: 0 }, NEW), 'policy');
  refuses(() => forgetArgs({ keepLast: -1 }, NEW), 'keepLast');
  refuses(() => forgetArgs({ keepWithin: '1 year' }, NEW), 'keepWithin');
  refuses(() => forgetArgs({ keepLast: 1, maxUnused: '5%' }, NEW), 'maxUnused');
});

test('forget: snapshot IDs and a policy together are refused (restic would ignore the policy)', () => {
  refuses(() => forgetArgs({ snapshotIds: ['abcd'], keepLast: 1 }, NEW), 'snapshotIds');
  assert.deepEqual(forgetArgs({ keepLast: 1, prune: true, maxUnused: 'unlimited', maxRepackSize: 1024 }, NEW), ['forget', '--keep-last=1', '--prune', '--max-unused=unlimited', '--max-repack-size=1024']);
  refuses(() => forgetArgs({ keepLast: 1, prune: true, maxUnused: {} as string }, NEW), 'maxUnused');
  refuses(() => forgetArgs({ keepLast: 1, prune: true, maxRepackSize: '1.5G' }, NEW), 'maxRepackSize');
});

test('forget: unlimited counts (0.16+), prune tuning only with prune, unsafeAllowRemoveAll (flag on 0.17+)', () => {
  assert.deepEqual(forgetArgs({ keepLast: 'unlimited', keepDaily: 7 }, NEW), ['forget', '--keep-last=unlimited', '--keep-daily=7']);
  needs(() => forgetArgs({ keepLast: 'unlimited' }, OLD), '0.16.0');
  refuses(() => forgetArgs({ keepDaily: 1, repackSmall: true }, NEW), 'repackSmall');
  assert.deepEqual(forgetArgs({ keepDaily: 1, prune: true, repackUncompressed: true, unsafeAllowRemoveAll: true }, NEW), [
    'forget',
    '--keep-daily=1',
    '--unsafe-allow-remove-all',
    '--prune',
    '--repack-uncompressed',
  ]);
  // Before 0.17 restic has no such flag: the option only turns resticjs's own check off (see forget()).
  assert.deepEqual(forgetArgs({ keepTags: ['x'], unsafeAllowRemoveAll: true }, '0.16.4'), ['forget', '--keep-tag=x']);
  refuses(() => forgetArgs({ keepTags: ['x'], unsafeAllowRemoveAll: 'yes' as unknown as boolean }, '0.16.4'), 'unsafeAllowRemoveAll');
});

test('forget: tag filters and kept tags, OR as a list and AND as a nested list', () => {
  assert.deepEqual(forgetArgs({ keepTags: [['x', 'y']], tags: ['z'] }, NEW), ['forget', '--keep-tag=x,y', '--tag=z']);
  assert.deepEqual(forgetArgs({ keepTags: ['x', 'y'], tags: [['a', 'b'], 'c'] }, NEW), ['forget', '--keep-tag=x', '--keep-tag=y', '--tag=a,b', '--tag=c']);
  refuses(() => forgetArgs({ keepTags: ['x,y'] }, NEW), 'keepTags[0]');
});

test('forget: unknown option names are refused, with a suggestion', () => {
  assert.throws(
    () => forgetArgs({ keepDaily: 7, keep_weekly: 4 } as never, NEW),
    (e: unknown) => e instanceof InvalidArgumentError && e.option === 'keep_weekly' && /did you mean 'keepWeekly'/.test(e.message),
  );
  assert.throws(() => forgetArgs({ keepDaily: 7, keepTag: 'x' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /keepTags/.test(e.message));
});

for (const series of SERIES) {
  test(`restic ${series}: forget, and forget --prune with prune's text after the JSON`, () => {
    const groups = parseJsonDocument<ForgetGroup[]>(fixture(series, 'forget').stdout, 'forget');
    assert.equal(groups[0]?.keep?.length, 1);
    const reasons = groups[0]?.reasons ?? [];
    assert.ok(reasons.length > 0);
    // restic 0.14 says which counters kept a snapshot; later ones do not.
    assert.equal(typeof reasons[0]?.counters, series === '0.14' ? 'object' : 'undefined');
    const pruneFixture = fixture(series, 'forget-prune');
    const lines = pruneFixture.stdout.trim().split('\n').length;
    // Up to 0.18 prune's text follows the JSON on stdout; 0.19 prints the JSON alone.
    if (series === '0.19') assert.equal(lines, 1);
    else assert.ok(lines > 1, `got ${lines} line(s)`);
    const pruned = parseJsonDocument<ForgetGroup[]>(pruneFixture.stdout, 'forget');
    assert.equal(pruned[0]?.keep?.length, 1);
  });
}
