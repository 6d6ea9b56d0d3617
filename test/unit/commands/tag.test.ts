import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTagOutput, tag, tagArgs } from '../../../src/commands/tag.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fakeContext, keptText } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const HEX64 = /^[0-9a-f]{64}$/;

test('tag: add, remove and set (one flag each), the filters, IDs after --', () => {
  assert.deepEqual(tagArgs({ add: ['a', 'b'], remove: 'c', snapshotIds: ['latest'] }, OLD), ['tag', '--add=a', '--add=b', '--remove=c', '--', 'latest']);
  assert.deepEqual(tagArgs({ set: 'x', host: 'h' }, OLD), ['tag', '--set=x', '--host=h']);
  assert.deepEqual(tagArgs({ set: ['x', 'y'], tags: [['a', 'b']], paths: '/d', snapshotIds: ['abc1'] }, NEW), ['tag', '--set=x', '--set=y', '--tag=a,b', '--path=/d', '--', 'abc1']);
  assert.deepEqual(tagArgs({ remove: ['old'], add: [] }, NEW), ['tag', '--remove=old']);
});

test('tag: set not with add or remove, an empty set refused (restic ignores it), something to change', () => {
  refuses(() => tagArgs({ set: [] }, NEW), 'set');
  refuses(() => tagArgs({ set: 'x', add: 'y' }, NEW), 'set');
  refuses(() => tagArgs({ set: 'x', remove: [] }, NEW), 'set');
  refuses(() => tagArgs({}, NEW), 'add');
  refuses(() => tagArgs({ add: [], remove: [] }, NEW), 'add');
  refuses(() => tagArgs(undefined as never, NEW), 'options');
  refuses(() => tagArgs({ add: 'a,b' }, NEW), 'add[0]');
  refuses(() => tagArgs({ add: 'a', snapshotIds: ['x y'] }, NEW), 'snapshotIds[0]');
  assert.throws(() => tagArgs({ add: 'a', tag: 'b' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'tags'/.test(e.message));
});

test('tag: the text of restic before 0.18 and the JSON of 0.18+', () => {
  assert.deepEqual(parseTagOutput('create exclusive lock for repository\nmodified tags on 2 snapshots\n', false), { changedSnapshots: 2, changed: undefined });
  assert.deepEqual(parseTagOutput('no snapshots were modified\n', false), { changedSnapshots: 0, changed: undefined });
  const json = '{"message_type":"changed","old_snapshot_id":"aa","new_snapshot_id":"bb"}\n{"message_type":"summary","changed_snapshots":1}';
  assert.deepEqual(parseTagOutput(json, true), { changedSnapshots: 1, changed: [{ oldSnapshotId: 'aa', newSnapshotId: 'bb' }] });
});

for (const series of SERIES) {
  test(`restic ${series}: tag reports the changed snapshot`, async () => {
    const run = fixture(series, 'tag');
    const id = run.args.at(-1) as string;
    const ctx = fakeContext(run.restic, { tag: run.stdout });
    const result = await tag(ctx, { add: 'extra', snapshotIds: [id] });
    assert.deepEqual(ctx.invocations.map((i) => [i.args, i.json]), [[['tag', '--add=extra', '--', id], series !== '0.14']]);
    assert.equal(result.changedSnapshots, 1);
    assert.equal(result.log, keptText(run.stdout));
    if (series === '0.14') {
      assert.equal(result.changed, undefined);
    } else {
      assert.deepEqual(result.changed?.map((c) => c.oldSnapshotId), [id]);
      assert.match(result.changed?.[0]?.newSnapshotId ?? '', HEX64);
    }
  });
}
