import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheArgs, parseCacheLog } from '../../../src/commands/cache.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('cache: each option on argv, 0 days is a value', () => {
  assert.deepEqual(cacheArgs({}, OLD), ['cache']);
  assert.deepEqual(cacheArgs({ cleanup: true }, OLD), ['cache', '--cleanup']);
  assert.deepEqual(cacheArgs({ maxAge: 0 }, OLD), ['cache', '--max-age=0']);
  assert.deepEqual(cacheArgs({ noSize: true }, NEW), ['cache', '--no-size']);
  assert.deepEqual(cacheArgs({ cleanup: true, maxAge: 0, noSize: true }, OLD), ['cache', '--cleanup', '--max-age=0', '--no-size']);
  assert.deepEqual(cacheArgs({ cleanup: false, noSize: false }, OLD), ['cache']);
});

test('cache: bad values and unknown options are refused', () => {
  refuses(() => cacheArgs({ maxAge: -1 }, OLD), 'maxAge');
  refuses(() => cacheArgs({ maxAge: 1.5 }, OLD), 'maxAge');
  refuses(() => cacheArgs({ cleanup: 'yes' as unknown as boolean }, OLD), 'cleanup');
  refuses(() => cacheArgs({ max_age: 3 } as never, OLD), 'max_age');
});

test("cache: restic's table, with and without sizes, and a cleanup's count", () => {
  const table = 'Repo ID     Last Used   Old  Size\n----\n4c9dcad494  0 days ago         1.235 KiB\n6f594e68a9  45 days ago  yes  2.000 MiB\n----\n2 cache dirs in /c/restic';
  assert.deepEqual(parseCacheLog(table), {
    entries: [
      { repoId: '4c9dcad494', lastUsedDays: 0, old: false, size: '1.235 KiB' },
      { repoId: '6f594e68a9', lastUsedDays: 45, old: true, size: '2.000 MiB' },
    ],
    directory: '/c/restic',
    removed: 0,
  });
  assert.deepEqual(parseCacheLog('Repo ID     Last Used   Old\n---\n4c9dcad494  1 day ago\n---').entries, [{ repoId: '4c9dcad494', lastUsedDays: 1, old: false, size: undefined }]);
  assert.equal(parseCacheLog('remove 5 old cache directories').removed, 5);
});
