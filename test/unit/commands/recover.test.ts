import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRecoverLog, recover, recoverCommand } from '../../../src/commands/recover.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fakeContext, keptText } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';

test('recover: argv, and unknown option names refused before restic runs', async () => {
  assert.deepEqual(argvOf(recoverCommand, {}, '0.14.0'), ['recover']);
  const ctx = fakeContext('0.19.1');
  await assert.rejects(recover(ctx, { dryRun: true } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'dryRun');
  assert.equal(ctx.invocations.length, 0);
});

test('recover: the log read, with a root saved and with nothing to save', () => {
  assert.deepEqual(parseRecoverLog('found 2 unreferenced roots\nsaved new snapshot 1a2b3c4d\n'), { unreferencedRoots: 2, snapshotId: '1a2b3c4d' });
  assert.deepEqual(parseRecoverLog('found 0 unreferenced roots\nno snapshot to write.\n'), { unreferencedRoots: 0, snapshotId: undefined });
});

for (const series of SERIES) {
  test(`restic ${series}: recover saves the one unreferenced root`, async () => {
    const run = fixture(series, 'recover');
    const ctx = fakeContext(run.restic, { recover: run.stdout });
    const result = await recover(ctx);
    assert.equal(result.unreferencedRoots, 1);
    assert.match(result.snapshotId ?? '', /^[0-9a-f]{8}$/);
    assert.equal(result.log, keptText(run.stdout));
    assert.deepEqual(ctx.invocations.map((i) => i.args), [run.args]);
  });
}
