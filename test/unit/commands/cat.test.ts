import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catArgs, catCommands } from '../../../src/commands/cat.js';
import type { CommandContext, Invocation, RunResult } from '../../../src/executor.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../../src/index.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const WHOLE = 'ab'.repeat(32);

/** A context that answers with `stdout` and records the argv of each run. */
function fakeContext(installed: string, stdout = '{}'): { ctx: CommandContext; runs: (readonly string[])[] } {
  const runs: (readonly string[])[] = [];
  const exec = async (invocation: Invocation): Promise<RunResult> => {
    runs.push(invocation.args);
    return { exitCode: 0, signal: null, aborted: false, spawnError: undefined, stderr: '', args: invocation.args, stdoutText: stdout, stdoutBuffer: Buffer.from(stdout) } as RunResult;
  };
  return { ctx: { resticVersion: async () => installed, exec } as unknown as CommandContext, runs };
}

test('cat: the object, then its ID after --', () => {
  assert.deepEqual(catArgs('config', undefined, {}, OLD), ['cat', 'config']);
  assert.deepEqual(catArgs('masterkey', undefined, { signal: AbortSignal.timeout(1000) }, NEW), ['cat', 'masterkey']);
  assert.deepEqual(catArgs('blob', WHOLE, {}, NEW), ['cat', 'blob', '--', WHOLE]);
  assert.deepEqual(catArgs('tree', 'abc1:/data', {}, NEW), ['cat', 'tree', '--', 'abc1:/data']);
});

test('cat: no options of its own, so unknown ones are refused, before restic runs', async () => {
  assert.throws(() => catArgs('config', undefined, { bogus: 1 } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'bogus');
  const { ctx, runs } = fakeContext(NEW);
  const cat = catCommands(() => ctx);
  const bogus = { bogus: 1 } as never;
  for (const call of [() => cat.config(bogus), () => cat.masterkey(bogus), () => cat.snapshot('abc1', bogus), () => cat.blob(WHOLE, bogus), () => cat.tree(WHOLE, bogus)]) {
    await assert.rejects(call(), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'bogus');
  }
  // Short IDs are looked up with `restic list`: not before the options are checked.
  for (const call of [() => cat.pack('ab', bogus), () => cat.index('ab', bogus), () => cat.key('ab', bogus), () => cat.lock('ab', bogus)]) {
    await assert.rejects(call(), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'bogus');
  }
  await assert.rejects(cat.config({ id: 'x' } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'id');
  assert.deepEqual(runs, []);
});

test('cat tree: a folder of a snapshot (<id>:<folder>) needs restic 0.16 and a snapshot ID', async () => {
  const { ctx, runs } = fakeContext('0.16.0', '{"nodes":[]}');
  assert.deepEqual(await catCommands(() => ctx).tree('abc1:/data'), { nodes: [] });
  assert.deepEqual(runs, [['cat', 'tree', '--', 'abc1:/data']]);
  const old = catCommands(() => fakeContext(OLD).ctx);
  await assert.rejects(old.tree('abc1:/data'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0');
  // restic's `cat tree` finds no snapshot named latest.
  await assert.rejects(catCommands(() => ctx).tree('latest:/data'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'id');
  await assert.rejects(catCommands(() => ctx).tree('abc1:'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'id');
  await assert.rejects(catCommands(() => ctx).tree('abc1'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'id');
});

for (const series of SERIES) {
  test(`restic ${series}: cat config, masterkey and snapshot, parsed`, async () => {
    const config = fixture(series, 'cat-config');
    const { ctx, runs } = fakeContext(config.restic, config.stdout);
    const read = await catCommands(() => ctx).config();
    assert.deepEqual(runs, [config.args]);
    assert.match(read.id, /^[0-9a-f]{64}$/);
    assert.equal(read.version, 2);
    assert.match(String(read['chunker_polynomial']), /^[0-9a-f]+$/);

    const masterkey = fixture(series, 'cat-masterkey');
    const key = await catCommands(() => fakeContext(masterkey.restic, masterkey.stdout).ctx).masterkey();
    assert.equal(Buffer.from(key.encrypt, 'base64').length, 32);
    assert.equal(Buffer.from(key.mac.k, 'base64').length, 16);

    const snapshot = fixture(series, 'cat-snapshot');
    const id = snapshot.args.at(-1) as string;
    const fake = fakeContext(snapshot.restic, snapshot.stdout);
    const record = await catCommands(() => fake.ctx).snapshot(id);
    assert.deepEqual(fake.runs, [['cat', 'snapshot', '--', id]]);
    assert.equal(record.hostname, 'fixturehost');
    assert.deepEqual(record.paths, ['/tmp/FIXTURE/data']);
    assert.equal(typeof record['summary'], series === '0.14' ? 'undefined' : 'object', 'snapshot summaries from 0.17');
  });
}
