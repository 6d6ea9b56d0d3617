import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restore, restoreArgs, type RestoreOptions } from '../../../src/commands/restore.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const V18 = '0.18.0';
const OLD = '0.14.0';

test('restore: snapshot ID defaults to latest and goes after --; target required', () => {
  assert.deepEqual(restoreArgs({ targetDir: '/t' }, NEW), ['restore', '--target=/t', '--', 'latest']);
  assert.deepEqual(restoreArgs({ targetDir: '/t', snapshotId: 'abc', include: '/x', exclude: ['*.o'], host: 'h', verify: true }, NEW), [
    'restore',
    '--target=/t',
    '--include=/x',
    '--exclude=*.o',
    '--verify',
    '--host=h',
    '--',
    'abc',
  ]);
  refuses(() => restoreArgs({} as { targetDir: string }, NEW), 'targetDir');
  refuses(() => restoreArgs(undefined as never, NEW), 'targetDir');
  refuses(() => restoreArgs({ targetDir: '' }, NEW), 'targetDir');
  refuses(() => restoreArgs({ targetDir: '/t', snapshotId: 'LATEST' }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ targetDir: '/t', snapshotId: 'latest:' }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ targetDir: '/t', overwrite: 'sometimes' as 'never' }, NEW), 'overwrite');
  refuses(() => restoreArgs({ targetDir: '/t', onProgress: 'yes' as never }, NEW), 'onProgress');
  assert.throws(() => restoreArgs({ targetDir: '/t', target: '/x' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'target');
});

test("restore: '<id>:<folder>' restores that folder (0.16+)", () => {
  assert.deepEqual(restoreArgs({ targetDir: '/t', snapshotId: 'abc1:/data/docs' }, NEW), ['restore', '--target=/t', '--', 'abc1:/data/docs']);
  assert.deepEqual(restoreArgs({ targetDir: '/t', snapshotId: 'latest:/docs' }, '0.16.0'), ['restore', '--target=/t', '--', 'latest:/docs']);
  needs(() => restoreArgs({ targetDir: '/t', snapshotId: 'latest:/docs' }, OLD), '0.16.0');
});

test('restore: every pattern option, the flags, the filters', () => {
  assert.deepEqual(
    restoreArgs(
      {
        targetDir: '/t',
        include: ['/a', '/b'],
        exclude: '*.o',
        iinclude: '/C',
        iexclude: '*.TMP',
        includeFile: 'in.txt',
        excludeFile: 'ex.txt',
        iincludeFile: 'i.txt',
        iexcludeFile: 'e.txt',
        includeXattr: 'user.*',
        excludeXattr: ['security.*'],
        ownershipByName: true,
        verify: true,
        sparse: true,
        dryRun: true,
        overwrite: 'if-newer',
        host: 'h',
        tags: [['a', 'b']],
        paths: '/d',
        snapshotId: 'abcd1234',
      },
      NEW,
    ),
    [
      'restore',
      '--target=/t',
      '--include=/a',
      '--include=/b',
      '--exclude=*.o',
      '--iinclude=/C',
      '--iexclude=*.TMP',
      '--include-file=in.txt',
      '--exclude-file=ex.txt',
      '--iinclude-file=i.txt',
      '--iexclude-file=e.txt',
      '--include-xattr=user.*',
      '--exclude-xattr=security.*',
      '--ownership-by-name',
      '--verify',
      '--sparse',
      '--dry-run',
      '--overwrite=if-newer',
      '--host=h',
      '--tag=a,b',
      '--path=/d',
      '--',
      'abcd1234',
    ],
  );
});

test('restore: version gates of each newer option', () => {
  needs(() => restoreArgs({ targetDir: '/t', sparse: true }, OLD), '0.15.0');
  needs(() => restoreArgs({ targetDir: '/t', onProgress: () => {} }, OLD), '0.16.0');
  for (const option of ['includeFile', 'excludeFile', 'iincludeFile', 'iexcludeFile'] as const) needs(() => restoreArgs({ targetDir: '/t', [option]: 'f' }, '0.16.4'), '0.17.0');
  needs(() => restoreArgs({ targetDir: '/t', dryRun: true }, '0.16.4'), '0.17.0');
  needs(() => restoreArgs({ targetDir: '/t', delete: true, snapshotId: 'abcd' }, OLD), '0.17.0');
  needs(() => restoreArgs({ targetDir: '/t', overwrite: 'never' }, '0.16.4'), '0.17.0');
  needs(() => restoreArgs({ targetDir: '/t', includeXattr: 'user.*' }, '0.17.3'), '0.18.0');
  needs(() => restoreArgs({ targetDir: '/t', excludeXattr: 'user.*' }, '0.17.3'), '0.18.0');
  needs(() => restoreArgs({ targetDir: '/t', ownershipByName: true }, V18), '0.19.0');
  // Not given: no gate (false and empty lists are not uses).
  assert.deepEqual(restoreArgs({ targetDir: '/t', includeXattr: [], sparse: false }, OLD), ['restore', '--target=/t', '--', 'latest']);
});

test("restore delete: true needs an explicit snapshot, or 'latest' narrowed to one host and paths", () => {
  const base: RestoreOptions = { targetDir: '/t', delete: true };
  refuses(() => restoreArgs(base, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, snapshotId: 'latest' }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, snapshotId: 'latest:/data' }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, host: 'h' }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, paths: ['/data'] }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, host: ['h1', 'h2'], paths: ['/data'] }, NEW), 'snapshotId');
  refuses(() => restoreArgs({ ...base, host: [], paths: ['/data'] }, NEW), 'snapshotId');
  assert.deepEqual(restoreArgs({ ...base, snapshotId: 'abc12345' }, NEW), ['restore', '--target=/t', '--delete', '--', 'abc12345']);
  assert.deepEqual(restoreArgs({ ...base, host: 'h', paths: '/data' }, NEW), ['restore', '--target=/t', '--delete', '--host=h', '--path=/data', '--', 'latest']);
  // Without delete, latest alone stays the default.
  assert.deepEqual(restoreArgs({ targetDir: '/t' }, NEW), ['restore', '--target=/t', '--', 'latest']);
});

for (const series of SERIES) {
  test(`restic ${series}: restore's summary (0.16+), and nothing countable before`, async () => {
    const read = async (name: string, options: RestoreOptions): Promise<unknown> => {
      const run = fixture(series, name);
      const ctx = fakeContext(run.restic, { restore: run.stdout });
      const summary = await restore(ctx, options);
      assert.equal(ctx.invocations[0]?.json, series !== '0.14');
      return summary;
    };
    const all = await read('restore-json', { targetDir: '/tmp/FIXTURE/restore-json' });
    const one = await read('restore-include', { targetDir: '/tmp/FIXTURE/restore-include', include: '/tmp/FIXTURE/data/docs/alpha.txt' });
    if (series === '0.14') {
      assert.deepEqual([all, one], [undefined, undefined]);
    } else {
      assert.deepEqual(all, { message_type: 'summary', total_files: 9, files_restored: 9, total_bytes: 3145758, bytes_restored: 3145758 });
      // The parent folders count as restored files.
      assert.deepEqual(one, { message_type: 'summary', total_files: 1, files_restored: 5, total_bytes: 6, bytes_restored: 6 });
    }
  });

  test(`restic ${series}: restore's progress reaches onProgress (0.16+)`, async () => {
    const run = fixture(series, 'restore-json');
    const ctx = fakeContext(run.restic, { restore: `{"message_type":"status","percent_done":0.5,"total_files":9,"files_restored":4}\n${run.stdout}` });
    const progress: unknown[] = [];
    if (series === '0.14') {
      await assert.rejects(restore(ctx, { targetDir: '/t', onProgress: (s) => progress.push(s) }), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0');
      assert.equal(ctx.invocations.length, 0);
    } else {
      await restore(ctx, { targetDir: '/t', onProgress: (s) => progress.push(s) });
      assert.deepEqual(progress, [{ message_type: 'status', percent_done: 0.5, total_files: 9, files_restored: 4 }]);
    }
  });
}
