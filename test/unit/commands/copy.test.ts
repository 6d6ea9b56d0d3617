import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyArgs, copyLine, parseCopyLog } from '../../../src/commands/copy.js';
import { sourceRepositorySecrets } from '../../../src/commands/source-repository.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('copy: the source repository travels in the environment, never in argv', () => {
  assert.deepEqual(copyLine({ fromRepo: '/src' }, OLD), { argv: ['copy'], env: { RESTIC_FROM_REPOSITORY: '/src', RESTIC_FROM_REPOSITORY_FILE: undefined } });
  assert.deepEqual(copyLine({ fromRepositoryFile: '/src.txt', fromPasswordFile: '/pw' }, OLD), {
    argv: ['copy'],
    env: {
      RESTIC_FROM_REPOSITORY: undefined,
      RESTIC_FROM_REPOSITORY_FILE: '/src.txt',
      RESTIC_FROM_PASSWORD: undefined,
      RESTIC_FROM_PASSWORD_FILE: '/pw',
      RESTIC_FROM_PASSWORD_COMMAND: undefined,
    },
  });
  // An empty password is a password.
  assert.deepEqual(copyLine({ fromRepo: '/src', fromPassword: '' }, OLD).env, {
    RESTIC_FROM_REPOSITORY: '/src',
    RESTIC_FROM_REPOSITORY_FILE: undefined,
    RESTIC_FROM_PASSWORD: '',
    RESTIC_FROM_PASSWORD_FILE: undefined,
    RESTIC_FROM_PASSWORD_COMMAND: undefined,
  });
  assert.deepEqual(copyLine({ fromRepo: '/src', fromPasswordCommand: 'pass show src' }, OLD).env['RESTIC_FROM_PASSWORD_COMMAND'], 'pass show src');
});

test('copy: key hint, empty password (0.17+), filters and snapshots on argv', () => {
  assert.deepEqual(copyArgs({ fromRepo: '/src', fromKeyHint: 'k1', fromInsecureNoPassword: true }, NEW), ['copy', '--from-key-hint=k1', '--from-insecure-no-password']);
  assert.deepEqual(copyArgs({ fromRepo: '/src', host: 'h', tags: [['a', 'b']], paths: ['/d'], snapshotIds: ['latest', 'abc1'] }, OLD), [
    'copy',
    '--host=h',
    '--tag=a,b',
    '--path=/d',
    '--',
    'latest',
    'abc1',
  ]);
  needs(() => copyArgs({ fromRepo: '/src', fromInsecureNoPassword: true }, '0.16.4'), '0.17.0');
});

test('copy: a source is required, one of each group, values checked', () => {
  refuses(() => copyArgs({}, NEW), 'fromRepo');
  refuses(() => copyLine(undefined as never, NEW), 'fromRepo');
  refuses(() => copyArgs({ fromPassword: 'pw' }, NEW), 'fromRepo');
  refuses(() => copyArgs({ fromRepo: '/a', fromRepositoryFile: '/b' }, NEW), 'RESTIC_FROM_REPOSITORY/RESTIC_FROM_REPOSITORY_FILE');
  refuses(() => copyArgs({ fromRepo: '/a', fromPassword: 'pw', fromPasswordCommand: 'x' }, NEW), 'RESTIC_FROM_PASSWORD/RESTIC_FROM_PASSWORD_COMMAND');
  refuses(() => copyArgs({ fromRepo: '' }, NEW), 'fromRepo');
  refuses(() => copyArgs({ fromRepo: '/a', fromPasswordFile: '' }, NEW), 'fromPasswordFile');
  refuses(() => copyArgs({ fromRepo: '/a', snapshotIds: ['-x'] }, NEW), 'snapshotIds[0]');
  refuses(() => copyArgs({ fromRepo: '/a', fromRepository: '/b' } as never, NEW), 'fromRepository');
});

test("copy: the source's password and a password in its URL are secrets", () => {
  assert.deepEqual(sourceRepositorySecrets({ fromRepo: 'rest:https://user:s3cret@host/repo', fromPassword: 'pw' }), ['pw', 's3cret']);
  assert.deepEqual(sourceRepositorySecrets({ fromRepo: '/src', fromPassword: '' }), []);
});

// What restic printed for `copy` of two snapshots into an empty repository (run by hand with
// each release; there is no recorded fixture of copy). The source's path is shortened.
const COPY_LOGS = {
  '0.14': `
snapshot d1cb4890 of [/data] at 2026-11-30 08:19:46.848339679 +0000 UTC)
  copy started, this may take a while...
[0:00] 100.00%  2 / 2 packs copied

snapshot 62a41e75 saved

snapshot 4f09a598 of [/data] at 2026-11-30 08:19:48.199976046 +0000 UTC)
  copy started, this may take a while...
[0:00]          0 packs copied

snapshot cab0e1b4 saved`,
  '0.18': `
snapshot 67fb85c0 of [/data] at 2026-11-30 08:19:57.052783059 +0000 UTC by root@h
  copy started, this may take a while...
[0:00] 100.00%  3 / 3 packs copied

snapshot dc29567c saved

snapshot 30ba06dd of [/data] at 2026-11-30 08:19:55.592838157 +0000 UTC by root@h
  copy started, this may take a while...
[0:00] 100.00%  1 / 1 packs copied

snapshot 1edd919f saved`,
  '0.19': `
snapshot 5cbc452e of [/data] at 2026-11-30 08:20:07.411064257 +0000 UTC by root@h
  copy started, this may take a while...
[0:00] 100.00%  2 / 2 packs copied

snapshot 151bc97b of [/data] at 2026-11-30 08:20:08.425857168 +0000 UTC by root@h
  copy started, this may take a while...
[0:00] 100.00%  1 / 1 packs copied

snapshot d71fe098 saved, copied from source snapshot 5cbc452e
snapshot 972000e2 saved, copied from source snapshot 151bc97b`,
};

test("copy: each snapshot written, read from restic's text of 0.14, 0.18 and 0.19", () => {
  assert.deepEqual(parseCopyLog(COPY_LOGS['0.14']), [
    { source: 'd1cb4890', target: '62a41e75' },
    { source: '4f09a598', target: 'cab0e1b4' },
  ]);
  assert.deepEqual(parseCopyLog(COPY_LOGS['0.18']), [
    { source: '67fb85c0', target: 'dc29567c' },
    { source: '30ba06dd', target: '1edd919f' },
  ]);
  assert.deepEqual(parseCopyLog(COPY_LOGS['0.19']), [
    { source: '5cbc452e', target: 'd71fe098' },
    { source: '151bc97b', target: '972000e2' },
  ]);
  assert.deepEqual(parseCopyLog(''), []);
});
