import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repairCommands, repairIndexArgs, repairPacksArgs, repairSnapshotsArgs } from '../../../src/commands/repair.js';
import { UnsupportedFeatureError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const PACK = 'a'.repeat(64);

test('repair index: rebuild-index before 0.16, repair index after; readAllPacks on both', () => {
  assert.deepEqual(repairIndexArgs({}, OLD), ['rebuild-index']);
  assert.deepEqual(repairIndexArgs({ readAllPacks: true }, OLD), ['rebuild-index', '--read-all-packs']);
  assert.deepEqual(repairIndexArgs({ readAllPacks: true }, '0.15.2'), ['rebuild-index', '--read-all-packs']);
  assert.deepEqual(repairIndexArgs({ readAllPacks: true }, '0.16.0'), ['repair', 'index', '--read-all-packs']);
  assert.deepEqual(repairIndexArgs({}, NEW), ['repair', 'index']);
  refuses(() => repairIndexArgs({ readAllPacks: 'yes' as unknown as boolean }, NEW), 'readAllPacks');
  refuses(() => repairIndexArgs({ readAll: true } as never, NEW), 'readAll');
});

test('repair snapshots (0.16+): dry run, forget, the filters, IDs after --', () => {
  assert.deepEqual(repairSnapshotsArgs({ dryRun: true, forget: true, tags: ['t'], snapshotIds: ['abcd'] }, NEW), ['repair', 'snapshots', '--dry-run', '--forget', '--tag=t', '--', 'abcd']);
  assert.deepEqual(repairSnapshotsArgs({ host: 'h', paths: ['/a', '/b'] }, '0.16.0'), ['repair', 'snapshots', '--host=h', '--path=/a', '--path=/b']);
  needs(() => repairSnapshotsArgs({}, '0.15.2'), '0.16.0');
  assert.throws(() => repairSnapshotsArgs({}, '0.15.2'), /restic repair snapshots/);
  refuses(() => repairSnapshotsArgs({ snapshotIds: ['x'] }, NEW), 'snapshotIds[0]');
});

test('repair packs (0.17+): whole pack IDs after --', () => {
  assert.deepEqual(repairPacksArgs([PACK], {}, NEW), ['repair', 'packs', '--', PACK]);
  assert.deepEqual(repairPacksArgs(PACK, {}, '0.17.0'), ['repair', 'packs', '--', PACK]);
  refuses(() => repairPacksArgs('abcd', {}, NEW), 'packIds');
  refuses(() => repairPacksArgs([], {}, NEW), 'packIds');
  refuses(() => repairPacksArgs(undefined as never, {}, NEW), 'packIds');
  refuses(() => repairPacksArgs([PACK], { packIds: [PACK] } as never, NEW), 'packIds');
  needs(() => repairPacksArgs([PACK], {}, '0.16.4'), '0.17.0');
  assert.throws(() => repairPacksArgs([PACK], {}, '0.16.4'), /restic repair packs/);
});

test('repair: each call runs its argv and returns restic\'s log', async () => {
  const ctx = fakeContext(OLD, { 'repair index': 'rebuilt' });
  const repair = repairCommands(() => ctx);
  assert.deepEqual(await repair.index({ readAllPacks: true }), { log: 'rebuilt' });
  await assert.rejects(repair.snapshots(), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0');
  await assert.rejects(repair.packs([PACK]), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.17.0');
  assert.deepEqual(ctx.invocations.map((i) => i.args), [['rebuild-index', '--read-all-packs']]);
});
