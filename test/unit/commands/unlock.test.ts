import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unlock, unlockCommand } from '../../../src/commands/unlock.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('unlock: argv without options and with removeAll', () => {
  assert.deepEqual(argvOf(unlockCommand, {}, OLD), ['unlock']);
  assert.deepEqual(argvOf(unlockCommand, { removeAll: true }, OLD), ['unlock', '--remove-all']);
  assert.deepEqual(argvOf(unlockCommand, { removeAll: false }, NEW), ['unlock']);
});

test('unlock: bad values and unknown names are refused before restic runs', async () => {
  const ctx = fakeContext(NEW);
  await assert.rejects(unlock(ctx, { removeAll: 'yes' as unknown as boolean }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'removeAll');
  await assert.rejects(unlock(ctx, { remove_all: true } as never), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'removeAll'/.test(e.message));
  assert.equal(ctx.invocations.length, 0);
  await unlock(ctx, { removeAll: true });
  assert.deepEqual(ctx.invocations.map((i) => i.args), [['unlock', '--remove-all']]);
});

for (const series of SERIES) {
  test(`restic ${series}: unlock runs as recorded, and resolves to nothing`, async () => {
    const run = fixture(series, 'unlock');
    assert.equal(run.exitCode, 0);
    const ctx = fakeContext(run.restic, { unlock: run.stdout });
    assert.equal(await unlock(ctx), undefined);
    assert.deepEqual(ctx.invocations.map((i) => i.args), [run.args]);
  });
}
