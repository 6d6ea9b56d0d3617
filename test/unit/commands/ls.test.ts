import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ls, lsArgs, lsNcdu, lsNcduArgs, parseLsLine, LS_SORT_KEYS } from '../../../src/commands/ls.js';
import { InvalidArgumentError, type LsNode } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('ls: the snapshot and the paths to list after --, recursive, the filters', () => {
  assert.deepEqual(lsArgs('latest', {}, OLD), ['ls', '--', 'latest']);
  assert.deepEqual(lsArgs('latest', { paths: ['/data/-x'], recursive: true, host: 'h' }, NEW), ['ls', '--recursive', '--host=h', '--', 'latest', '/data/-x']);
  // `paths` lists inside the snapshot; `snapshotPaths` picks which snapshot `latest` is.
  assert.deepEqual(lsArgs('latest', { paths: ['/a/b'], snapshotPaths: '/a' }, OLD), ['ls', '--path=/a', '--', 'latest', '/a/b']);
  assert.deepEqual(lsArgs('abcd', { tags: [['a', 'b']], host: ['h1', 'h2'], snapshotPaths: ['/x', '/y'] }, OLD), ['ls', '--host=h1', '--host=h2', '--tag=a,b', '--path=/x', '--path=/y', '--', 'abcd']);
  refuses(() => lsArgs('latest', { snapshotPaths: [3 as unknown as string] }, OLD), 'snapshotPaths[0]');
  refuses(() => lsArgs('--help', {}, NEW), 'snapshotId');
  refuses(() => lsArgs('latest', { paths: [''] }, NEW), 'paths[0]');
});

test('ls: sort and reverse (0.18+), sort keys checked', () => {
  assert.deepEqual(lsArgs('latest', { sort: 'size', reverse: true }, NEW), ['ls', '--sort=size', '--reverse', '--', 'latest']);
  for (const sort of LS_SORT_KEYS) assert.deepEqual(lsArgs('latest', { sort }, '0.18.0'), ['ls', `--sort=${sort}`, '--', 'latest']);
  refuses(() => lsArgs('latest', { sort: 'colour' as 'size' }, NEW), 'sort');
  needs(() => lsArgs('latest', { reverse: true }, '0.17.3'), '0.18.0');
  needs(() => lsArgs('latest', { sort: 'size' }, '0.17.3'), '0.18.0');
  // Not given: no gate.
  assert.deepEqual(lsArgs('latest', { sort: undefined, reverse: false }, OLD), ['ls', '--', 'latest']);
});

test("ls: '<id>:<folder>' lists that folder (0.16+)", () => {
  assert.deepEqual(lsArgs('abc:/sub', {}, '0.16.0'), ['ls', '--', 'abc:/sub']);
  needs(() => lsArgs('abc:/sub', {}, OLD), '0.16.0');
  needs(() => lsNcduArgs('latest:/sub', {}, OLD), '0.17.0');
});

test('ls: unknown option names are refused, with a suggestion', () => {
  assert.throws(() => lsArgs('latest', { Sort: 'size' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'sort'/.test(e.message));
  refuses(() => lsArgs('latest', { snapshotId: 'abcd' } as never, NEW), 'snapshotId');
});

test('lsNcdu (0.17+): --ncdu on every call, never JSON, no ncdu option; not recursive, sort or reverse', () => {
  assert.deepEqual(lsNcduArgs('abcd', {}, '0.17.0'), ['ls', '--ncdu', '--', 'abcd']);
  assert.deepEqual(lsNcduArgs('abcd', { paths: ['/a'], host: 'h', tags: 't', snapshotPaths: '/p' }, NEW), ['ls', '--ncdu', '--host=h', '--tag=t', '--path=/p', '--', 'abcd', '/a']);
  needs(() => lsNcduArgs('abcd', {}, '0.16.4'), '0.17.0');
  assert.throws(() => lsNcduArgs('abcd', {}, '0.16.4'), /lsNcdu \(restic ls\)/);
  for (const option of ['ncdu', 'recursive', 'sort', 'reverse']) refuses(() => lsNcduArgs('abcd', { [option]: true } as never, NEW), option);
  // A bad snapshot is refused at once, before the stream starts.
  refuses(() => lsNcdu(() => fakeContext(NEW), '-x'), 'snapshotId');
});

test('lsNcdu: the bytes restic prints, streamed, without --json', async () => {
  const ctx = fakeContext(NEW, { ls: '[1,2,{"progname":"restic"}]' });
  const chunks: Buffer[] = [];
  for await (const chunk of lsNcdu(() => ctx, 'latest', { host: 'h' })) chunks.push(chunk as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), '[1,2,{"progname":"restic"}]');
  assert.deepEqual(ctx.invocations.map((i) => [i.args, i.json, i.binaryStdout]), [[['ls', '--ncdu', '--host=h', '--', 'latest'], undefined, true]]);
});

test('ls: lines that are neither the snapshot nor a node are skipped', () => {
  assert.equal(parseLsLine('not json'), undefined);
  assert.equal(parseLsLine('{"message_type":"summary","total":3}'), undefined);
  assert.equal(parseLsLine(''), undefined);
});

const PATHS = [
  '/tmp',
  '/tmp/FIXTURE',
  '/tmp/FIXTURE/data',
  '/tmp/FIXTURE/data/docs',
  '/tmp/FIXTURE/data/docs/alpha.txt',
  '/tmp/FIXTURE/data/docs/beta.txt',
  '/tmp/FIXTURE/data/notes',
  '/tmp/FIXTURE/data/notes/gamma.txt',
  '/tmp/FIXTURE/data/random.bin',
];

for (const series of SERIES) {
  test(`restic ${series}: ls, the snapshot first, then the nodes, message_type on every version`, async () => {
    const run = fixture(series, 'ls');
    const messages = run.stdout.split('\n').map(parseLsLine);
    assert.deepEqual(messages.map((m) => m?.message_type), ['snapshot', ...PATHS.map(() => 'node'), undefined]);
    const ctx = fakeContext(run.restic, { ls: run.stdout });
    const { snapshot, nodes } = await ls(ctx, 'latest');
    assert.deepEqual(ctx.invocations.map((i) => [i.args, i.json]), [[['ls', '--', 'latest'], true]]);
    assert.deepEqual(snapshot.paths, ['/tmp/FIXTURE/data']);
    assert.deepEqual(nodes.map((n: LsNode) => n.path), PATHS);
    assert.deepEqual(nodes.filter((n) => n.type === 'file').map((n) => n.size), [6, 10, 14, 3145728]);
  });
}
