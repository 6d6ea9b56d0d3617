import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dumpArgs, type DumpToFileOptions } from '../../../src/commands/dump.js';
import { refuses, needs } from '../../helpers/refusals.js';

const OLD = '0.14.0';

test('dump: snapshot and path after --, the path may hold colons and dashes', () => {
  assert.deepEqual(dumpArgs('latest', '/a', {}, 'dump', OLD), ['dump', '--', 'latest', '/a']);
  assert.deepEqual(dumpArgs('latest', '/a:b/-file', { archive: 'zip', tags: ['t'] }), ['dump', '--archive=zip', '--tag=t', '--', 'latest', '/a:b/-file']);
  assert.deepEqual(dumpArgs('abc1', '/d', { archive: 'tar', host: ['h1', 'h2'], tags: [['a', 'b']], paths: '/d' }, 'dump', OLD), [
    'dump',
    '--archive=tar',
    '--host=h1',
    '--host=h2',
    '--tag=a,b',
    '--path=/d',
    '--',
    'abc1',
    '/d',
  ]);
});

test('dump: bad values and unknown options refused, without a version', () => {
  refuses(() => dumpArgs('latest', '/x', { archive: 'rar' as 'zip' }), 'archive');
  refuses(() => dumpArgs('latest', '', {}), 'path');
  refuses(() => dumpArgs('-x', '/x', {}), 'snapshotId');
  refuses(() => dumpArgs('latest', '/x', { tags: ['a,b'] }), 'tags[0]');
  refuses(() => dumpArgs('latest', '/x', { format: 'zip' } as never), 'format');
});

test('dump: a folder of a snapshot (<id>:<folder>) needs restic 0.16, gated once the version is known', () => {
  assert.deepEqual(dumpArgs('abc1:/data', '/docs', {}), ['dump', '--', 'abc1:/data', '/docs']);
  assert.deepEqual(dumpArgs('abc1:/data', '/docs', {}, 'dump', '0.16.0'), ['dump', '--', 'abc1:/data', '/docs']);
  needs(() => dumpArgs('abc1:/data', '/docs', {}, 'dump', OLD), '0.16.0');
  // Only the snapshot's colon names a folder: a path with one is no use of it.
  assert.deepEqual(dumpArgs('abc1', '/a:b', {}, 'dump', OLD), ['dump', '--', 'abc1', '/a:b']);
});

test('dumpToFile: the target file (0.17+), only through dumpToFile, and required there', () => {
  const options: DumpToFileOptions = { target: '/tmp/out', archive: 'zip', host: 'h' };
  assert.deepEqual(dumpArgs('latest', '/a', options, 'dumpToFile', '0.17.0'), ['dump', '--archive=zip', '--target=/tmp/out', '--host=h', '--', 'latest', '/a']);
  assert.deepEqual(dumpArgs('latest', '/a', { target: '/tmp/out' } as never, 'dumpToFile'), ['dump', '--target=/tmp/out', '--', 'latest', '/a']);
  refuses(() => dumpArgs('latest', '/a', { target: '/tmp/out' } as never), 'target');
  refuses(() => dumpArgs('latest', '/a', {} as never, 'dumpToFile'), 'target');
  refuses(() => dumpArgs('latest', '/a', undefined as never, 'dumpToFile'), 'target');
  refuses(() => dumpArgs('latest', '/a', { target: '' } as DumpToFileOptions, 'dumpToFile'), 'target');
  needs(() => dumpArgs('latest', '/a', options, 'dumpToFile', '0.16.4'), '0.17.0');
  assert.throws(() => dumpArgs('latest', '/a', options, 'dumpToFile', '0.16.4'), /dumpToFile \(restic dump\)/);
});
