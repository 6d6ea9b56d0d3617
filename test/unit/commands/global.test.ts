import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEnvironment } from '../../../src/environment.js';
import { UnsupportedFeatureError } from '../../../src/index.js';
import { OPTION_TABLE } from '../../../src/option-table.js';
import { globalFlags, globalSettings, SETTING_KEYS, settingsNeedVersion, validateSettings } from '../../../src/settings.js';
import { fakeRestic } from '../../helpers/fake-restic.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';

function needs(fn: () => unknown, required: string, installed: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === required && e.installedVersion === installed, `${required} on ${installed}`);
}

test('every global flag, on argv in the declared order', () => {
  const settings = {
    noCache: true,
    cacert: ['/ca1.pem', '/ca2.pem'],
    tlsClientCert: '/client.pem',
    insecureTls: true,
    insecureNoPassword: true,
    retryLock: 90,
    options: { 'sftp.command': 'ssh host', 's3.connections': 4, 'x.flag': true },
    cleanupCache: true,
    compression: 'better',
    packSize: 64,
    keyHint: 'k1',
    limitUpload: 1000,
    limitDownload: 2000,
    noLock: true,
    noExtraVerify: true,
    httpUserAgent: 'resticjs-test',
    stuckRequestTimeout: '5m',
  } as const;
  validateSettings(settings);
  assert.deepEqual(globalFlags(settings, NEW), [
    '--no-cache',
    '--cacert=/ca1.pem',
    '--cacert=/ca2.pem',
    '--tls-client-cert=/client.pem',
    '--insecure-tls',
    '--insecure-no-password',
    '--retry-lock=90s',
    '--option=sftp.command=ssh host',
    '--option=s3.connections=4',
    '--option=x.flag=true',
    '--cleanup-cache',
    '--compression=better',
    '--pack-size=64',
    '--key-hint=k1',
    '--limit-upload=1000',
    '--limit-download=2000',
    '--no-lock',
    '--no-extra-verify',
    '--http-user-agent=resticjs-test',
    '--stuck-request-timeout=5m',
  ]);
  assert.deepEqual(globalFlags({ cacert: '/one.pem', retryLock: '2m' }, NEW), ['--cacert=/one.pem', '--retry-lock=2m']);
});

test('false, empty lists and settings restic reads elsewhere put nothing on argv', () => {
  const settings = {
    noCache: false,
    insecureTls: false,
    cacert: [],
    options: {},
    repository: '/repo',
    passwordFile: '/pw',
    cacheDir: '/cache',
    env: { AWS_REGION: 'x' },
    reads: 'native',
    readerIdleTimeoutMs: 1000,
    inheritEnv: true,
    killGracePeriodMs: 10,
    binaryPath: '/bin/restic',
  } as const;
  assert.deepEqual(globalFlags(settings), []);
});

test('each setting restic reads from its environment, in its variable', () => {
  const expected = {
    repository: ['RESTIC_REPOSITORY', '/repo'],
    repositoryFile: ['RESTIC_REPOSITORY_FILE', '/repo.txt'],
    password: ['RESTIC_PASSWORD', 'pw'],
    passwordFile: ['RESTIC_PASSWORD_FILE', '/pw.txt'],
    passwordCommand: ['RESTIC_PASSWORD_COMMAND', 'pass show restic'],
    cacheDir: ['RESTIC_CACHE_DIR', '/cache'],
  } as const;
  const carried = Object.entries(globalSettings.options).filter(([, d]) => d.kind === 'env').map(([name]) => name);
  assert.deepEqual(carried.sort(), Object.keys(expected).sort());
  for (const [setting, [variable, value]] of Object.entries(expected)) {
    const env = buildEnvironment({ inheritEnv: false, [setting]: value });
    assert.equal(env[variable], value, setting);
    assert.deepEqual(globalFlags({ [setting]: value }), [], `${setting} never goes on argv`);
  }
});

test('the table lists the settings with the flag restic has for each, the variables too', () => {
  const row = OPTION_TABLE.global;
  assert.equal(row.command, '');
  assert.deepEqual(Object.keys(row.options).sort(), [...SETTING_KEYS].sort());
  assert.equal(row.options['repository'], 'repo');
  assert.equal(row.options['repositoryFile'], 'repository-file');
  assert.equal(row.options['passwordFile'], 'password-file');
  assert.equal(row.options['passwordCommand'], 'password-command');
  assert.equal(row.options['cacheDir'], 'cache-dir');
  assert.equal(row.options['password'], null);
  assert.equal(row.options['spawn'], null);
  assert.equal(row.options['noLock'], 'no-lock');
  assert.deepEqual(row.options['retryLock'], { flag: 'retry-lock', since: '0.16.0' });
  assert.deepEqual(row.options['insecureNoPassword'], { flag: 'insecure-no-password', since: '0.17.0' });
  assert.deepEqual(row.options['noExtraVerify'], { flag: 'no-extra-verify', since: '0.16.4' });
  assert.deepEqual(row.options['httpUserAgent'], { flag: 'http-user-agent', since: '0.17.0' });
  assert.deepEqual(row.options['stuckRequestTimeout'], { flag: 'stuck-request-timeout', since: '0.17.1' });
});

test('gates: each setting newer than 0.14 refused on the release before, with its release', () => {
  needs(() => globalFlags({ retryLock: '1m' }, '0.15.2'), '0.16.0', '0.15.2');
  assert.throws(() => globalFlags({ retryLock: '1m' }, '0.15.2'), /retryLock \(--retry-lock\)/);
  needs(() => globalFlags({ noExtraVerify: true }, '0.16.3'), '0.16.4', '0.16.3');
  needs(() => globalFlags({ insecureNoPassword: true }, '0.16.4'), '0.17.0', '0.16.4');
  needs(() => globalFlags({ httpUserAgent: 'ua' }, '0.16.4'), '0.17.0', '0.16.4');
  needs(() => globalFlags({ stuckRequestTimeout: '5m' }, '0.17.0'), '0.17.1', '0.17.0');
  needs(() => globalFlags({ compression: 'fastest' }, '0.18.0'), '0.19.0', '0.18.0');
  needs(() => globalFlags({ compression: 'better' }, '0.18.0'), '0.19.0', '0.18.0');
  assert.deepEqual(globalFlags({ retryLock: '1m' }, '0.16.0'), ['--retry-lock=1m']);
  assert.deepEqual(globalFlags({ noLock: true, compression: 'off' }, '0.14.0'), ['--compression=off', '--no-lock']);
  assert.deepEqual(globalFlags({ noExtraVerify: false, insecureNoPassword: false }, '0.14.0'), []);
});

test('the version is needed only for a setting newer than 0.14 (or a compression mode that is)', () => {
  assert.equal(settingsNeedVersion({}), false);
  assert.equal(settingsNeedVersion({ noLock: true, compression: 'max', cacert: [], insecureNoPassword: false, retryLock: undefined }), false);
  assert.equal(settingsNeedVersion({ retryLock: 0 }), true);
  assert.equal(settingsNeedVersion({ insecureNoPassword: true }), true);
  assert.equal(settingsNeedVersion({ compression: 'fastest' }), true);
  assert.equal(settingsNeedVersion({ compression: 'better' }), true);
});

test('values checked before anything runs, whatever the release', () => {
  refuses(() => validateSettings({ compression: 'tiny' as 'max' }), 'compression');
  refuses(() => validateSettings({ packSize: 0 }), 'packSize');
  refuses(() => validateSettings({ limitUpload: 1.5 }), 'limitUpload');
  refuses(() => validateSettings({ limitDownload: '1000' as unknown as number }), 'limitDownload');
  refuses(() => validateSettings({ stuckRequestTimeout: 'soon' }), 'stuckRequestTimeout');
  refuses(() => validateSettings({ tlsClientCert: '' }), 'tlsClientCert');
  refuses(() => validateSettings({ cacert: [3 as unknown as string] }), 'cacert[0]');
  refuses(() => validateSettings({ noLock: 'yes' as unknown as boolean }), 'noLock');
  validateSettings({ compression: 'better', retryLock: '1m', httpUserAgent: 'ua' });
});

test('a call looks the version up only when a setting needs it, and refuses before running restic', async (t) => {
  const { restic, calls } = fakeRestic(t, '0.15.2');
  restic.noLock = true;
  assert.deepEqual(await restic.list.keys(), []);
  assert.deepEqual(calls(), [['--no-lock', '--quiet', 'list', 'keys']]);
  restic.retryLock = '1m';
  await assert.rejects(restic.list.keys(), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.16.0' && e.installedVersion === '0.15.2');
  assert.deepEqual(calls().slice(1), [['version']]);
});
