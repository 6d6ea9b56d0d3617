import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupArgs } from '../../src/commands/backup.js';
import { checkArgs } from '../../src/commands/check.js';
import { diffArgs } from '../../src/commands/diff.js';
import { dumpArgs } from '../../src/commands/dump.js';
import { pruneArgs } from '../../src/commands/prune.js';
import { findArgs } from '../../src/commands/find.js';
import { forgetArgs } from '../../src/commands/forget.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../src/index.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

function refuses(fn: () => unknown, option: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidArgumentError && e.option === option, option);
}

test('backup: values attached with =, paths after --, so nothing is read as a flag', () => {
  assert.deepEqual(
    backupArgs({ paths: ['-rf', '/data/my files'], excludePatterns: ['-x', '*.tmp'], excludeFiles: 'ex.txt', tags: ['a', 'b'], host: 'h', dryRun: true }, NEW),
    ['backup', '--exclude=-x', '--exclude=*.tmp', '--exclude-file=ex.txt', '--tag=a', '--tag=b', '--dry-run', '--host=h', '--', '-rf', '/data/my files'],
  );
});

test('backup: the common flags', () => {
  const args = backupArgs(
    {
      paths: '/d',
      filesFrom: ['list.txt'],
      iexclude: '*.JPG',
      excludeCaches: true,
      excludeIfPresent: ['.nobackup'],
      excludeLargerThan: '1G',
      oneFileSystem: true,
      parent: 'abcdef12',
      force: true,
      time: '2024-01-02 03:04:05',
      groupBy: ['host'],
      skipIfUnchanged: true,
    },
    NEW,
  );
  assert.deepEqual(args, [
    'backup',
    '--iexclude=*.JPG',
    '--files-from=list.txt',
    '--exclude-caches',
    '--exclude-if-present=.nobackup',
    '--exclude-larger-than=1G',
    '--one-file-system',
    '--parent=abcdef12',
    '--force',
    '--time=2024-01-02 03:04:05',
    '--group-by=host',
    '--skip-if-unchanged',
    '--',
    '/d',
  ]);
  assert.deepEqual(backupArgs({ filesFrom: 'list.txt' }, NEW), ['backup', '--files-from=list.txt']);
  assert.deepEqual(backupArgs({ paths: '/d', time: new Date(2024, 0, 2, 3, 4, 5) }, NEW), ['backup', '--time=2024-01-02 03:04:05', '--', '/d']);
  assert.deepEqual(backupArgs({ paths: '/d', excludeLargerThan: 0 }, NEW), ['backup', '--exclude-larger-than=0', '--', '/d']);
});

test('backup: refused input and version gates', () => {
  refuses(() => backupArgs({}, NEW), 'paths');
  refuses(() => backupArgs({ paths: [] }, NEW), 'paths');
  refuses(() => backupArgs({ paths: ['/a', 3 as unknown as string] }, NEW), 'paths[1]');
  refuses(() => backupArgs({ paths: ['/a\0b'] }, NEW), 'paths[0]');
  refuses(() => backupArgs({ paths: '/a', tags: ['x,y'] }, NEW), 'tags[0]');
  refuses(() => backupArgs({ paths: '/a', parent: 'not-an-id' }, NEW), 'parent');
  refuses(() => backupArgs({ paths: '/a', excludeLargerThan: 'big' }, NEW), 'excludeLargerThan');
  refuses(() => backupArgs({ paths: '/a', dryRun: 'yes' as unknown as boolean }, NEW), 'dryRun');
  assert.throws(() => backupArgs({ paths: '/a', skipIfUnchanged: true }, OLD), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.17.0');
  assert.throws(() => backupArgs({ paths: '/a', groupBy: 'host' }, OLD), UnsupportedFeatureError);
});

test('tag filters: a nested list is AND (one --tag with commas)', () => {
  assert.deepEqual(forgetArgs({ keepTags: [['x', 'y']], tags: ['z'] }, NEW), ['forget', '--keep-tag=x,y', '--tag=z']);
});

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

test('find and check', () => {
  assert.deepEqual(findArgs('-name', { ignoreCase: true, snapshotIds: ['latest'] }, NEW), ['find', '--ignore-case', '--snapshot=latest', '--', '-name']);
  assert.deepEqual(findArgs(['a', 'b'], { tags: [['t1', 't2']], reverse: true }, NEW), ['find', '--reverse', '--tag=t1,t2', '--', 'a', 'b']);
  assert.throws(() => findArgs('a', { reverse: true }, '0.17.3'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.18.0');
  refuses(() => findArgs([], {}, NEW), 'pattern');
  assert.deepEqual(checkArgs({ readData: true }, NEW), ['check', '--read-data']);
  assert.deepEqual(checkArgs({ readDataSubset: '10%' }, NEW), ['check', '--read-data-subset=10%']);
  assert.deepEqual(checkArgs({ readDataSubset: '2/5', host: 'h' }, NEW), ['check', '--read-data-subset=2/5', '--host=h']);
  assert.throws(() => checkArgs({ host: 'h' }, '0.18.0'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.19.0');
});

test('unknown option names are refused, with a suggestion', () => {
  assert.throws(
    () => forgetArgs({ keepDaily: 7, keep_weekly: 4 } as never, NEW),
    (e: unknown) => e instanceof InvalidArgumentError && e.option === 'keep_weekly' && /did you mean 'keepWeekly'/.test(e.message),
  );
  assert.throws(() => forgetArgs({ keepDaily: 7, keepTag: 'x' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /keepTags/.test(e.message));
  assert.throws(() => backupArgs({ paths: '/d', exclude: ['*.tmp'] } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'exclude');
  assert.doesNotThrow(() => backupArgs({ paths: '/d', signal: AbortSignal.timeout(1000), onProgress: () => {} }, NEW));
});

test('forget: snapshot IDs and a policy together are refused (restic would ignore the policy)', () => {
  refuses(() => forgetArgs({ snapshotIds: ['abcd'], keepLast: 1 }, NEW), 'snapshotIds');
  assert.deepEqual(forgetArgs({ keepLast: 1, prune: true, maxUnused: 'unlimited', maxRepackSize: 1024 }, NEW), ['forget', '--keep-last=1', '--prune', '--max-unused=unlimited', '--max-repack-size=1024']);
  refuses(() => forgetArgs({ keepLast: 1, prune: true, maxUnused: {} as string }, NEW), 'maxUnused');
  refuses(() => forgetArgs({ keepLast: 1, prune: true, maxRepackSize: '1.5G' }, NEW), 'maxRepackSize');
});

test('sizes as restic parses them: whole numbers with k, m, g or t', () => {
  assert.deepEqual(backupArgs({ paths: '/d', excludeLargerThan: '500M' }, NEW), ['backup', '--exclude-larger-than=500M', '--', '/d']);
  refuses(() => backupArgs({ paths: '/d', excludeLargerThan: '1.5G' }, NEW), 'excludeLargerThan');
  refuses(() => backupArgs({ paths: '/d', excludeLargerThan: '1KB' }, NEW), 'excludeLargerThan');
  refuses(() => checkArgs({ readDataSubset: '1.5G' }, NEW), 'readDataSubset');
  assert.deepEqual(checkArgs({ readDataSubset: '2.5%' }, NEW), ['check', '--read-data-subset=2.5%']);
  refuses(() => backupArgs({ paths: '/d', parent: 'latest' }, NEW), 'parent');
});

test('diff, dump and prune: IDs and paths after --', () => {
  assert.deepEqual(diffArgs('abc1', 'def2', { metadata: true }, NEW), ['diff', '--metadata', '--', 'abc1', 'def2']);
  refuses(() => diffArgs('--help', 'def2', {}, NEW), 'snapshotA');
  assert.deepEqual(dumpArgs('latest', '/a:b/-file', { archive: 'zip', tags: ['t'] }), ['dump', '--archive=zip', '--tag=t', '--', 'latest', '/a:b/-file']);
  refuses(() => dumpArgs('latest', '/x', { archive: 'rar' as 'zip' }), 'archive');
  refuses(() => dumpArgs('latest', '', {}), 'path');
  assert.deepEqual(pruneArgs({ dryRun: true, maxUnused: '10%', maxRepackSize: '1G', repackUncompressed: true }, NEW), ['prune', '--dry-run', '--max-unused=10%', '--max-repack-size=1G', '--repack-uncompressed']);
  refuses(() => pruneArgs({ maxUnused: 'lots' }, NEW), 'maxUnused');
});
