import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pruneArgs } from '../../../src/commands/prune.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('prune: repack tuning, repackSmallerThan checked and gated, the unsafe recovery takes the repository ID', () => {
  assert.deepEqual(pruneArgs({ repackSmall: true, repackSmallerThan: '16M', repackCacheableOnly: true, repackUncompressed: true, maxUnused: '10%' }, NEW), [
    'prune',
    '--max-unused=10%',
    '--repack-cacheable-only',
    '--repack-small',
    '--repack-smaller-than=16M',
    '--repack-uncompressed',
  ]);
  assert.deepEqual(pruneArgs({ unsafeRecoverNoFreeSpace: 'abc123' }, OLD), ['prune', '--unsafe-recover-no-free-space=abc123']);
  refuses(() => pruneArgs({ repackSmallerThan: '16 megabytes' }, NEW), 'repackSmallerThan');
  needs(() => pruneArgs({ repackSmallerThan: '16M' }, '0.17.3'), '0.18.0');
});

test('prune: each option on argv, checked', () => {
  assert.deepEqual(pruneArgs({}, OLD), ['prune']);
  assert.deepEqual(pruneArgs({ dryRun: true, maxUnused: '10%', maxRepackSize: '1G', repackUncompressed: true }, NEW), ['prune', '--dry-run', '--max-unused=10%', '--max-repack-size=1G', '--repack-uncompressed']);
  assert.deepEqual(pruneArgs({ maxUnused: 'unlimited', maxRepackSize: 1024 }, OLD), ['prune', '--max-unused=unlimited', '--max-repack-size=1024']);
  refuses(() => pruneArgs({ maxUnused: 'lots' }, NEW), 'maxUnused');
  refuses(() => pruneArgs({ maxRepackSize: '1.5G' }, NEW), 'maxRepackSize');
  refuses(() => pruneArgs({ dryRun: 'yes' as never }, NEW), 'dryRun');
});
