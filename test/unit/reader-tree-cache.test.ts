import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RepositoryCorruptError } from '../../src/reader/errors.js';
import { TreeCache } from '../../src/reader/walker/tree-cache.js';

test('the tree cache reads a tree once, also one too large to keep decoded, and keeps its own copy', async () => {
  // Files only (a folder needs a subtree), over the 5,000 nodes a tree kept decoded may have.
  const big = Buffer.from(JSON.stringify({ nodes: Array.from({ length: 6000 }, (_, i) => ({ name: `f${i}`, type: 'file' })) }));
  const pool = Buffer.alloc(big.length + 100);
  big.copy(pool, 50);
  let loads = 0;
  const cache = new TreeCache(async () => (loads++, pool.subarray(50, 50 + big.length)));
  const first = await cache.get('a'.repeat(64));
  pool.fill(0); // a view into the pool would now read zeros
  const second = await cache.get('a'.repeat(64));
  assert.equal(loads, 1);
  assert.notEqual(first, second, 'not kept decoded');
  assert.deepEqual(second, first);
  assert.equal(second.length, 6000);
  cache.clear();
  await assert.rejects(cache.get('a'.repeat(64)), RepositoryCorruptError, 'cleared: read again, now zeros');
  assert.equal(loads, 2);
});
