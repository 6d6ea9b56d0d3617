import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NATIVE_READS, servesOptions } from '../../src/native-routes.js';
import { fakeRestic } from '../helpers/fake-restic.js';

test('the reads the reader answers, and with which options', () => {
  assert.deepEqual(Object.keys(NATIVE_READS).sort(), ['cat', 'dump', 'find', 'ls', 'snapshots']);
  const signal = new AbortController().signal;
  assert.equal(servesOptions('snapshots', undefined), true);
  assert.equal(servesOptions('snapshots', { host: 'h', tags: ['t'], paths: '/a', signal }), true);
  assert.equal(servesOptions('snapshots', { groupBy: 'host' }), false);
  assert.equal(servesOptions('snapshots', { latest: 1, host: 'h' }), false);
  assert.equal(servesOptions('snapshots', { latest: undefined, groupBy: undefined }), true, 'an option left undefined is not given');
  assert.equal(servesOptions('find', { ignoreCase: true, snapshotIds: ['latest'], reverse: true }), true);
  assert.equal(servesOptions('find', { oldest: '2024-01-01 00:00:00' }), false);
  assert.equal(servesOptions('ls', { paths: ['/a'], recursive: true }), true);
  assert.equal(servesOptions('ls', { sort: 'size' }), false);
  assert.equal(servesOptions('ls', { host: 'h' }), false);
  assert.equal(servesOptions('dump', { signal }), true);
  assert.equal(servesOptions('dump', { archive: 'zip' }), false);
  assert.equal(servesOptions('cat', { signal }), true);
});

test("reads: 'native' with an option the reader lacks runs restic", async (t) => {
  const { restic, calls } = fakeRestic(t, '0.19.1', '[]');
  restic.reads = 'native';
  assert.deepEqual(await restic.snapshots({ latest: 1 }), []);
  assert.deepEqual(calls(), [['version'], ['--json', 'snapshots', '--latest=1']]);
});
