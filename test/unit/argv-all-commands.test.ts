import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupArgs } from '../../src/commands/backup.js';
import { cacheArgs, parseCacheLog } from '../../src/commands/cache.js';
import { copyArgs } from '../../src/commands/copy.js';
import { dumpArgs } from '../../src/commands/dump.js';
import { parseExtendedOptions } from '../../src/commands/extended-options.js';
import { parseFeaturesTable } from '../../src/commands/features.js';
import { findObjectsArgs } from '../../src/commands/find.js';
import { forgetArgs } from '../../src/commands/forget.js';
import { pruneArgs } from '../../src/commands/prune.js';
import { globalFlags, validateSettings } from '../../src/settings.js';
import { checkOptions, flagsOf, OPTION_TABLE, requireGlobalFlags, sinceOf } from '../../src/option-table.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../src/index.js';

const NEW = '0.19.1';
const V18 = '0.18.0';
const OLD = '0.14.0';

function refuses(fn: () => unknown, option: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidArgumentError && e.option === option, option);
}

function needs(fn: () => unknown, version: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === version, version);
}

test('the option table: every since is a release, every call names its command, no flag spelled with dashes', () => {
  for (const [call, spec] of Object.entries(OPTION_TABLE)) {
    if (call !== 'global') assert.match(spec.command, /^[a-z-]+( [a-z]+)?$/, call);
    for (const [name, option] of Object.entries(spec.options)) {
      const since = sinceOf(option);
      if (since !== undefined) assert.match(since, /^0\.1[5-9]\.\d+$/, `${call}.${name}`);
      for (const flag of flagsOf(option)) assert.match(flag, /^[a-z][a-z0-9-]*[a-z0-9]$/, `${call}.${name}`);
    }
  }
});

test('checkOptions: a command newer than 0.14 is gated by the table', () => {
  needs(() => checkOptions('features', {}, '0.16.4'), '0.17.0');
});

test('backup: the platform flags restic has on Windows and macOS only', () => {
  assert.deepEqual(backupArgs({ paths: '/a', excludeCloudFiles: true, useFsSnapshot: true }, NEW), ['backup', '--exclude-cloud-files', '--use-fs-snapshot', '--', '/a']);
  needs(() => backupArgs({ paths: '/a', excludeCloudFiles: true }, '0.17.0'), '0.18.0');
});

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

test('forget: unlimited counts (0.16+), prune tuning only with prune, unsafeAllowRemoveAll (flag on 0.17+)', () => {
  assert.deepEqual(forgetArgs({ keepLast: 'unlimited', keepDaily: 7 }, NEW), ['forget', '--keep-last=unlimited', '--keep-daily=7']);
  needs(() => forgetArgs({ keepLast: 'unlimited' }, OLD), '0.16.0');
  refuses(() => forgetArgs({ keepDaily: 1, repackSmall: true }, NEW), 'repackSmall');
  assert.deepEqual(forgetArgs({ keepDaily: 1, prune: true, repackUncompressed: true, unsafeAllowRemoveAll: true }, NEW), [
    'forget',
    '--keep-daily=1',
    '--unsafe-allow-remove-all',
    '--prune',
    '--repack-uncompressed',
  ]);
  // Before 0.17 restic has no such flag: the option only turns resticjs's own check off (see forget()).
  assert.deepEqual(forgetArgs({ keepTags: ['x'], unsafeAllowRemoveAll: true }, '0.16.4'), ['forget', '--keep-tag=x']);
  refuses(() => forgetArgs({ keepTags: ['x'], unsafeAllowRemoveAll: 'yes' as unknown as boolean }, '0.16.4'), 'unsafeAllowRemoveAll');
});

test('findObjects: the type picks --blob, --tree or --pack; IDs must be hex; show-pack-id not for packs', () => {
  assert.deepEqual(findObjectsArgs(['abcd'], { type: 'blob', showPackId: true, snapshotIds: ['5e1'] }, OLD), ['find', '--blob', '--show-pack-id', '--snapshot=5e1', '--', 'abcd']);
  assert.deepEqual(findObjectsArgs('ef01', { type: 'pack', host: 'h' }, OLD), ['find', '--pack', '--host=h', '--', 'ef01']);
  refuses(() => findObjectsArgs('abcd', { type: 'file' as 'blob' }, NEW), 'type');
  refuses(() => findObjectsArgs('-x', { type: 'tree' }, NEW), 'ids');
  refuses(() => findObjectsArgs('abcd', { type: 'pack', showPackId: true }, NEW), 'showPackId');
  refuses(() => findObjectsArgs('abcd', undefined as never, NEW), 'type');
});

test('dump: the target file only through dumpToFile', () => {
  assert.deepEqual(dumpArgs('latest', '/a', { target: '/tmp/out' } as never, 'dumpToFile'), ['dump', '--target=/tmp/out', '--', 'latest', '/a']);
  refuses(() => dumpArgs('latest', '/a', { target: '/tmp/out' } as never), 'target');
});

test('copy and init: the source repository key hint and empty password (0.17+)', () => {
  assert.deepEqual(copyArgs({ fromRepo: '/src', fromKeyHint: 'k1', fromInsecureNoPassword: true }, NEW), ['copy', '--from-key-hint=k1', '--from-insecure-no-password']);
  needs(() => copyArgs({ fromRepo: '/src', fromInsecureNoPassword: true }, '0.16.4'), '0.17.0');
});

test('cache argv', () => {
  assert.deepEqual(cacheArgs({ cleanup: true, maxAge: 0, noSize: true }, OLD), ['cache', '--cleanup', '--max-age=0', '--no-size']);
  refuses(() => cacheArgs({ maxAge: -1 }, OLD), 'maxAge');
});

test('global flags from the settings, gated by the table; compression values checked', () => {
  const settings = {
    cleanupCache: true,
    compression: 'max',
    packSize: 64,
    keyHint: 'k1',
    limitUpload: 1000,
    limitDownload: 2000,
    noLock: true,
    noExtraVerify: true,
    httpUserAgent: 'resticjs-test',
    stuckRequestTimeout: 90,
  } as const;
  validateSettings(settings);
  assert.deepEqual(globalFlags(settings), [
    '--cleanup-cache',
    '--compression=max',
    '--pack-size=64',
    '--key-hint=k1',
    '--limit-upload=1000',
    '--limit-download=2000',
    '--no-lock',
    '--no-extra-verify',
    '--http-user-agent=resticjs-test',
    '--stuck-request-timeout=90s',
  ]);
  needs(() => requireGlobalFlags(settings, '0.16.3'), '0.16.4');
  needs(() => requireGlobalFlags({ stuckRequestTimeout: '5m' }, '0.17.0'), '0.17.1');
  requireGlobalFlags({ noLock: true, compression: 'off' }, OLD);
  needs(() => requireGlobalFlags({ compression: 'better' }, V18), '0.19.0');
  refuses(() => validateSettings({ compression: 'tiny' as 'max' }), 'compression');
  refuses(() => validateSettings({ packSize: 0 }), 'packSize');
  refuses(() => validateSettings({ limitUpload: 1.5 }), 'limitUpload');
});

test('text output parsers: cache, features, options', () => {
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
  const features = 'All Feature Flags:\nName  Type  Default  Description\n-----\ns3-restore                  alpha   false    restore S3 objects\ndeprecate-legacy-index      stable  true     disable support';
  assert.deepEqual(parseFeaturesTable(features), [
    { name: 's3-restore', type: 'alpha', default: false, description: 'restore S3 objects' },
    { name: 'deprecate-legacy-index', type: 'stable', default: true, description: 'disable support' },
  ]);
  assert.deepEqual(parseExtendedOptions('All Extended Options:\n  sftp.command              specify command to create sftp connection\n'), [{ name: 'sftp.command', description: 'specify command to create sftp connection' }]);
});
