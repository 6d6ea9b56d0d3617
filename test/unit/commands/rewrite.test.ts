import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRewriteLog, rewrite, rewriteArgs } from '../../../src/commands/rewrite.js';
import { UnsupportedFeatureError } from '../../../src/index.js';
import { fakeContext, keptText } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const V18 = '0.18.0';

test('rewrite: excludes (0.15+), forget, dry run, the filters, IDs after --', () => {
  assert.deepEqual(rewriteArgs({ exclude: ['*.tmp', '-x'], excludeFile: 'e.txt', iexclude: '*.BAK', iexcludeFile: ['i.txt'], forget: true, dryRun: true, host: 'h', tags: 't', paths: '/d', snapshotIds: ['latest'] }, '0.15.0'), [
    'rewrite',
    '--exclude=*.tmp',
    '--exclude=-x',
    '--exclude-file=e.txt',
    '--iexclude=*.BAK',
    '--iexclude-file=i.txt',
    '--forget',
    '--dry-run',
    '--host=h',
    '--tag=t',
    '--path=/d',
    '--',
    'latest',
  ]);
});

test('rewrite: includes (0.19+), new host and time (0.17+), snapshot summary (0.18+)', () => {
  assert.deepEqual(rewriteArgs({ include: '/keep', includeFile: 'k.txt', iinclude: '/KEEP', iincludeFile: 'i.txt', newHost: 'h2', newTime: '2024-01-02 03:04:05', snapshotSummary: true, snapshotIds: ['abcd'] }, NEW), [
    'rewrite',
    '--include=/keep',
    '--include-file=k.txt',
    '--iinclude=/KEEP',
    '--iinclude-file=i.txt',
    '--new-host=h2',
    '--new-time=2024-01-02 03:04:05',
    '--snapshot-summary',
    '--',
    'abcd',
  ]);
  assert.deepEqual(rewriteArgs({ snapshotSummary: true }, V18), ['rewrite', '--snapshot-summary']);
  needs(() => rewriteArgs({ include: '/x' }, V18), '0.19.0');
  needs(() => rewriteArgs({ iincludeFile: 'i.txt' }, V18), '0.19.0');
  needs(() => rewriteArgs({ snapshotSummary: true }, '0.17.3'), '0.18.0');
  needs(() => rewriteArgs({ newHost: 'h' }, '0.16.0'), '0.17.0');
  needs(() => rewriteArgs({ newTime: '2024-01-02 03:04:05' }, '0.16.0'), '0.17.0');
  needs(() => rewriteArgs({ exclude: '/x' }, '0.14.0'), '0.15.0');
});

test('rewrite: something to change is required; bad values and names refused', () => {
  refuses(() => rewriteArgs({ dryRun: true }, NEW), 'exclude');
  refuses(() => rewriteArgs({ exclude: [], snapshotSummary: false }, NEW), 'exclude');
  refuses(() => rewriteArgs({ newHost: '' }, NEW), 'newHost');
  refuses(() => rewriteArgs({ exclude: '/x', snapshotIds: ['latest:/d'] }, NEW), 'snapshotIds[0]');
  refuses(() => rewriteArgs({ excludes: '/x' } as never, NEW), 'excludes');
});

test('rewrite: the log read, without forget', () => {
  const log = 'snapshot 1a2b3c4d of [/d] at 2024-01-02 by u@h\nsaved new snapshot 5e6f7a8b\n\nsnapshot 9c0d1e2f of [/e] at 2024-01-03 by u@h\nsnapshot 9c0d1e2f not modified\n';
  assert.deepEqual(parseRewriteLog(log), { rewritten: [{ source: '1a2b3c4d', target: '5e6f7a8b' }], removed: [] });
});

for (const series of SERIES) {
  test(`restic ${series}: rewrite --forget reports the snapshot written and the one removed`, async () => {
    const run = fixture(series, 'rewrite');
    const ctx = fakeContext(run.restic, { rewrite: run.stdout });
    const options = { forget: true, exclude: '/tmp/FIXTURE/data/notes/gamma.txt', tags: 'extra' };
    if (series === '0.14') {
      // restic 0.14 has no rewrite (the fixture's exit 1): refused before it runs.
      assert.equal(run.exitCode, 1);
      await assert.rejects(rewrite(ctx, options), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.15.0');
      assert.equal(ctx.invocations.length, 0);
      return;
    }
    const result = await rewrite(ctx, options);
    assert.deepEqual(ctx.invocations.map((i) => i.args), [['rewrite', '--exclude=/tmp/FIXTURE/data/notes/gamma.txt', '--forget', '--tag=extra']]);
    assert.equal(result.rewritten.length, 1);
    const [{ source, target }] = result.rewritten as [{ source: string; target: string }];
    assert.match(source, /^[0-9a-f]{8}$/);
    assert.match(target, /^[0-9a-f]{8}$/);
    assert.notEqual(source, target);
    assert.deepEqual(result.removed, [source]);
    assert.equal(result.log, keptText(run.stdout));
  });
}
