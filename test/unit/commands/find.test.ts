import assert from 'node:assert/strict';
import { test } from 'node:test';
import { find, findArgs, findObjects, findObjectsArgs, parsePackLines } from '../../../src/commands/find.js';
import type { CommandContext, Invocation, RunResult } from '../../../src/executor.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const HEX64 = /^[0-9a-f]{64}$/;

test('find: each option on argv, the patterns after --', () => {
  assert.deepEqual(findArgs('-name', { ignoreCase: true, snapshotIds: ['latest'] }, NEW), ['find', '--ignore-case', '--snapshot=latest', '--', '-name']);
  assert.deepEqual(findArgs(['a', 'b'], { tags: [['t1', 't2']], reverse: true }, NEW), ['find', '--reverse', '--tag=t1,t2', '--', 'a', 'b']);
  assert.deepEqual(findArgs('*.txt', { oldest: '2024-01-01 00:00:00', newest: '2024-12-31 23:59:59', host: ['h1', 'h2'], paths: '/d' }, OLD), [
    'find',
    '--oldest=2024-01-01 00:00:00',
    '--newest=2024-12-31 23:59:59',
    '--host=h1',
    '--host=h2',
    '--path=/d',
    '--',
    '*.txt',
  ]);
  assert.deepEqual(findArgs('a', { snapshotIds: ['abc1', 'def2'] }, OLD), ['find', '--snapshot=abc1', '--snapshot=def2', '--', 'a']);
});

test('find: refused patterns, values and options; reverse needs restic 0.18', () => {
  refuses(() => findArgs([], {}, NEW), 'pattern');
  refuses(() => findArgs(undefined as never, {}, NEW), 'pattern');
  refuses(() => findArgs([''], {}, NEW), 'pattern[0]');
  refuses(() => findArgs('a', { snapshotIds: ['-x'] }, NEW), 'snapshotIds[0]');
  refuses(() => findArgs('a', { oldest: '' }, NEW), 'oldest');
  refuses(() => findArgs('a', { pattern: 'b' } as never, NEW), 'pattern');
  refuses(() => findArgs('a', { type: 'blob' } as never, NEW), 'type');
  needs(() => findArgs('a', { reverse: true }, '0.17.3'), '0.18.0');
  assert.deepEqual(findArgs('a', { reverse: false }, OLD), ['find', '--', 'a']);
});

test('findObjects: the type picks --blob, --tree or --pack; IDs must be hex; show-pack-id not for packs', () => {
  assert.deepEqual(findObjectsArgs(['abcd'], { type: 'blob', showPackId: true, snapshotIds: ['5e1'] }, OLD), ['find', '--blob', '--show-pack-id', '--snapshot=5e1', '--', 'abcd']);
  assert.deepEqual(findObjectsArgs('ef01', { type: 'pack', host: 'h' }, OLD), ['find', '--pack', '--host=h', '--', 'ef01']);
  assert.deepEqual(findObjectsArgs(['ab', 'cd'], { type: 'tree', oldest: '2024-01-01', reverse: true }, NEW), ['find', '--tree', '--oldest=2024-01-01', '--reverse', '--', 'ab', 'cd']);
  refuses(() => findObjectsArgs('abcd', { type: 'file' as 'blob' }, NEW), 'type');
  refuses(() => findObjectsArgs('-x', { type: 'tree' }, NEW), 'ids');
  refuses(() => findObjectsArgs([], { type: 'tree' }, NEW), 'ids');
  refuses(() => findObjectsArgs('abcd', { type: 'pack', showPackId: true }, NEW), 'showPackId');
  refuses(() => findObjectsArgs('abcd', undefined as never, NEW), 'type');
  refuses(() => findObjectsArgs('abcd', {} as never, NEW), 'type');
  refuses(() => findObjectsArgs('abcd', { type: 'blob', ignoreCase: true } as never, NEW), 'ignoreCase');
  needs(() => findObjectsArgs('abcd', { type: 'blob', reverse: true }, '0.17.3'), '0.18.0');
});

/** A context whose `restic find` prints `stdout`, a few bytes at a time. */
function streaming(stdout: string, installed: string, runs: (readonly string[])[]): CommandContext {
  return {
    resticVersion: async () => installed,
    async *stream(invocation: Invocation) {
      runs.push(invocation.args);
      const bytes = Buffer.from(stdout);
      for (let at = 0; at < bytes.length; at += 97) yield bytes.subarray(at, at + 97);
    },
  } as unknown as CommandContext;
}

for (const series of SERIES) {
  test(`restic ${series}: find's matches, one snapshot at a time`, async () => {
    const run = fixture(series, 'find');
    const runs: (readonly string[])[] = [];
    const found = await find(streaming(run.stdout, run.restic, runs), 'alpha.txt');
    assert.deepEqual(runs, [['find', '--', 'alpha.txt']]);
    assert.ok(found.length >= 2, `got ${found.length}`);
    for (const r of found) {
      assert.match(r.snapshot, HEX64);
      assert.equal(r.hits, r.matches.length);
      assert.equal(r.matches[0]?.type, 'file');
      assert.equal(r.matches[0]?.path, '/tmp/FIXTURE/data/docs/alpha.txt');
      // restic 0.18+ adds the inode.
      assert.equal(typeof r.matches[0]?.['inode'], series === '0.14' ? 'undefined' : 'number');
    }
    assert.deepEqual(await find(streaming(fixture(series, 'find-none').stdout, run.restic, []), 'nothing'), []);
    const multi = await find(streaming(fixture(series, 'find-multi').stdout, run.restic, []), ['alpha.txt', 'gamma.txt']);
    const most = Math.max(...multi.map((r) => r.hits));
    assert.ok(most >= 2, `got ${most}`);
  });
}

// What restic 0.14.0 and 0.19.1 printed for `find --json --blob --show-pack-id <id>` (run by
// hand; there is no recorded fixture): the JSON array, then the packs as text.
const SHOW_PACK_ID = `[{"object_type":"blob","id":"98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4","path":"/T/data/a","parent_tree":"c5d1ca8049ebb8503a307b876b85bb6d44a37e02c428111b123ed82c8cdd6c8c","snapshot":"51ef946009a34f96003eff94632d525a1d760169f86e4446d10770b62ba7d290","time":"2026-11-30T07:56:46.796389674Z"}]
Object belongs to pack 3a7559b3f27114384320a2981d6ad2c3bfbb11390e31e5127e3f1dd96f08eed0
 ... Pack 3a7559b3: <Blob (data) 98ea6e4f, offset 0, length 44, uncompressed length 3>`;

test('findObjects with showPackId: each match gets the pack that holds it', async () => {
  const pack = '3a7559b3f27114384320a2981d6ad2c3bfbb11390e31e5127e3f1dd96f08eed0';
  assert.deepEqual(parsePackLines(SHOW_PACK_ID), [{ blob: '98ea6e4f', pack }]);
  const runs: (readonly string[])[] = [];
  const exec = async (invocation: Invocation): Promise<RunResult> => {
    runs.push(invocation.args);
    return { exitCode: 0, signal: null, aborted: false, spawnError: undefined, stderr: '', args: invocation.args, stdoutText: SHOW_PACK_ID } as RunResult;
  };
  const ctx = { resticVersion: async () => NEW, exec } as unknown as CommandContext;
  const matches = await findObjects(ctx, '98ea6e4f', { type: 'blob', showPackId: true });
  assert.deepEqual(runs, [['find', '--blob', '--show-pack-id', '--', '98ea6e4f']]);
  assert.equal(matches.length, 1);
  assert.equal(matches[0]?.pack_id, pack);
  assert.equal(matches[0]?.path, '/T/data/a');
});
