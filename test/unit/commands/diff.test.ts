import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffArgs, parseDiffLine } from '../../../src/commands/diff.js';
import type { DiffMessage } from '../../../src/index.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('diff: the two snapshots after --, metadata as a flag', () => {
  assert.deepEqual(diffArgs('abc1', 'def2', {}, OLD), ['diff', '--', 'abc1', 'def2']);
  assert.deepEqual(diffArgs('abc1', 'def2', { metadata: true }, NEW), ['diff', '--metadata', '--', 'abc1', 'def2']);
  assert.deepEqual(diffArgs('latest', 'abc1', { metadata: false }, NEW), ['diff', '--', 'latest', 'abc1']);
});

test('diff: snapshots checked, unknown options refused', () => {
  refuses(() => diffArgs('--help', 'def2', {}, NEW), 'snapshotA');
  refuses(() => diffArgs('abc1', 'LATEST', {}, NEW), 'snapshotB');
  refuses(() => diffArgs('abc1', 'def2', { metadata: 'yes' as unknown as boolean }, NEW), 'metadata');
  refuses(() => diffArgs('abc1', 'def2', { snapshotA: 'abc' } as never, NEW), 'snapshotA');
  refuses(() => diffArgs('abc1', 'def2', { meta: true } as never, NEW), 'meta');
});

test('diff: a folder of a snapshot (<id>:<folder>) needs restic 0.16', () => {
  assert.deepEqual(diffArgs('abc1:/data', 'def2:/data', {}, '0.16.0'), ['diff', '--', 'abc1:/data', 'def2:/data']);
  needs(() => diffArgs('abc1:/data', 'def2', {}, OLD), '0.16.0');
  needs(() => diffArgs('abc1', 'def2:/data', {}, '0.15.2'), '0.16.0');
});

for (const series of SERIES) {
  test(`restic ${series}: diff's changes and statistics`, () => {
    const run = fixture(series, 'diff');
    const messages = run.stdout.split('\n').map(parseDiffLine).filter((m): m is DiffMessage => m !== undefined);
    assert.deepEqual(
      messages.map((m) => m.message_type),
      ['change', 'statistics'],
    );
    const [change, statistics] = messages;
    assert.equal(change?.['path'], '/tmp/FIXTURE/data/notes/gamma.txt');
    assert.equal(change?.['modifier'], 'M');
    assert.equal(statistics?.['changed_files'], 1);
    assert.equal(statistics?.['source_snapshot'], run.args.at(-2));
    assert.equal(statistics?.['target_snapshot'], run.args.at(-1));
    assert.equal(parseDiffLine(''), undefined);
    assert.equal(parseDiffLine('{"message_type":"status"}'), undefined);
  });
}
