import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../src/index.js';
import { createRedactor, redactUrlCredentials, urlPassword } from '../../src/process/redact.js';
import { buildEnvironment, secretsOf } from '../../src/environment.js';
import { globalFlags, validateSettings } from '../../src/settings.js';
import { Restic } from '../../src/restic.js';
import { nativeReadsPossible } from '../../src/native-reads.js';
import { inspect } from 'node:util';

function withParentEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const key of Object.keys(vars)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

test('inherited RESTIC_* variables that compete with the instance settings are removed', () => {
  const env = withParentEnv(
    { RESTIC_PASSWORD_COMMAND: 'echo stray', RESTIC_PASSWORD_FILE: '/stray', RESTIC_REPOSITORY_FILE: '/stray-repo', RESTIC_CACHE_DIR: '/stray-cache', RESTIC_PROGRESS_FPS: '2' },
    () => buildEnvironment({ repository: '/repo', password: 'pw', cacheDir: '/cache' }),
  );
  assert.equal(env['RESTIC_PASSWORD'], 'pw');
  assert.equal(env['RESTIC_PASSWORD_COMMAND'], undefined);
  assert.equal(env['RESTIC_PASSWORD_FILE'], undefined);
  assert.equal(env['RESTIC_REPOSITORY'], '/repo');
  assert.equal(env['RESTIC_REPOSITORY_FILE'], undefined);
  assert.equal(env['RESTIC_CACHE_DIR'], '/cache');
  assert.equal(env['RESTIC_PROGRESS_FPS'], '2', 'unrelated variables are inherited');
});

test('with nothing set on the instance, the parent environment is used as it is (resticpy-style)', () => {
  const env = withParentEnv({ RESTIC_REPOSITORY: '/from-env', RESTIC_PASSWORD: 'env-pw' }, () => buildEnvironment({}));
  assert.equal(env['RESTIC_REPOSITORY'], '/from-env');
  assert.equal(env['RESTIC_PASSWORD'], 'env-pw');
});

test('inheritEnv: false passes only the basics; env entries set and unset variables', () => {
  const env = withParentEnv({ SOME_SECRET_TOKEN: 'x', RESTIC_PASSWORD: 'env-pw' }, () =>
    buildEnvironment({ inheritEnv: false, passwordFile: '/pw', env: { AWS_ACCESS_KEY_ID: 'AK', PATH: undefined } }),
  );
  assert.equal(env['SOME_SECRET_TOKEN'], undefined);
  assert.equal(env['RESTIC_PASSWORD'], undefined);
  assert.equal(env['RESTIC_PASSWORD_FILE'], '/pw');
  assert.equal(env['AWS_ACCESS_KEY_ID'], 'AK');
  assert.equal(env['PATH'], undefined);
});

test('settings are validated with the option named', () => {
  const refuse = (settings: object, option: string): void =>
    assert.throws(() => validateSettings(settings), (e: unknown) => e instanceof InvalidArgumentError && e.option === option);
  refuse({ password: 'a', passwordCommand: 'b' }, 'password/passwordCommand');
  refuse({ repository: '/a', repositoryFile: '/b' }, 'repository/repositoryFile');
  refuse({ retryLock: 'soon' }, 'retryLock');
  refuse({ retryLock: -1 }, 'retryLock');
  refuse({ binaryPath: 42 }, 'binaryPath');
  refuse({ options: { 'a=b': 'c' } }, "options['a=b']");
  refuse({ env: { X: 1 } }, 'env.X');
});

test('global flags: retryLock, noCache and extended options', () => {
  assert.deepEqual(globalFlags({ noCache: true, retryLock: 90, options: { 'sftp.command': 'ssh -p 22 host -s sftp', 's3.connections': 4 } }, '0.16.0'), [
    '--no-cache',
    '--retry-lock=90s',
    '--option=sftp.command=ssh -p 22 host -s sftp',
    '--option=s3.connections=4',
  ]);
  assert.deepEqual(globalFlags({ retryLock: '2m' }, '0.16.0'), ['--retry-lock=2m']);
});

test('secrets are redacted: password, URL credentials and secret-looking env values', () => {
  const settings = { repository: 'rest:https://user:p%40ss-word@127.0.0.1:8000/repo', password: 'repo-password', env: { AWS_SECRET_ACCESS_KEY: 'aws-secret-value', AWS_REGION: 'us-east-1' } };
  const env = buildEnvironment(settings);
  const redact = createRedactor(secretsOf(settings, env));
  const text = 'Fatal: repo-password rest:https://user:p%40ss-word@127.0.0.1:8000/repo p@ss-word aws-secret-value us-east-1';
  const clean = redact(text);
  for (const secret of ['repo-password', 'p%40ss-word', 'p@ss-word', 'aws-secret-value']) assert.ok(!clean.includes(secret), clean);
  assert.ok(clean.includes('us-east-1'), 'non-secret values stay');
  assert.equal(urlPassword('sftp:user@host:/x'), undefined);
  assert.equal(redactUrlCredentials('s3:https://KEY:SECRET@127.0.0.1/b'), 's3:https://KEY:***@127.0.0.1/b');
});

test('an instance printed or serialised shows no password', () => {
  const r = new Restic({ repository: 'rest:http://u:url-secret@127.0.0.1:1/r', password: 'instance-secret', env: { B2_ACCOUNT_KEY: 'b2-secret' } });
  for (const shown of [inspect(r), JSON.stringify(r)]) {
    for (const secret of ['url-secret', 'instance-secret', 'b2-secret']) assert.ok(!shown.includes(secret), shown);
  }
});

test("the instance's env counts in the one-of checks: a password and a password command are refused together", () => {
  const refuse = (settings: object, option: string): void =>
    assert.throws(() => validateSettings(settings), (e: unknown) => e instanceof InvalidArgumentError && e.option === option);
  refuse({ password: 'pw', env: { RESTIC_PASSWORD_COMMAND: 'echo other' } }, 'password/env.RESTIC_PASSWORD_COMMAND');
  refuse({ repository: '/a', env: { RESTIC_REPOSITORY_FILE: '/b' } }, 'repository/env.RESTIC_REPOSITORY_FILE');
  refuse({ killGracePeriodMs: Infinity }, 'killGracePeriodMs');
  refuse({ killGracePeriodMs: -1 }, 'killGracePeriodMs');
  refuse({ readerIdleTimeoutMs: 0 }, 'readerIdleTimeoutMs');
  refuse({ readerIdleTimeoutMs: 1.5 }, 'readerIdleTimeoutMs');
  refuse({ env: 'abc' }, 'env');
  refuse({ env: { 'A=B': 'x' } }, "env['A=B']");
  refuse({ env: { A: 'x\0y' } }, 'env.A');
  refuse({ inheritEnv: 'no' }, 'inheritEnv');
  refuse({ spawn: 'spawn' }, 'spawn');
  validateSettings({ password: 'pw', env: { RESTIC_PASSWORD: undefined } });
});

test('inherited RESTIC_HOST and RESTIC_FROM_* never reach restic; the instance env can still set them', () => {
  const env = withParentEnv({ RESTIC_HOST: 'other-host', RESTIC_FROM_REPOSITORY: '/stray', RESTIC_FROM_PASSWORD: 'stray' }, () => buildEnvironment({}));
  assert.equal(env['RESTIC_HOST'], undefined);
  assert.equal(env['RESTIC_FROM_REPOSITORY'], undefined);
  assert.equal(env['RESTIC_FROM_PASSWORD'], undefined);
  assert.equal(buildEnvironment({ env: { RESTIC_HOST: 'mine' } })['RESTIC_HOST'], 'mine');
  assert.equal(withParentEnv({ TZ: 'Europe/Paris' }, () => buildEnvironment({ inheritEnv: false }))['TZ'], 'Europe/Paris');
});

test('only the call\'s own secrets are redacted, not every inherited variable that looks secret', () => {
  const secrets = withParentEnv({ MY_API_KEY: 'data' }, () => {
    const settings = { password: 'pw-12345' };
    return secretsOf(settings, buildEnvironment(settings));
  });
  assert.ok(!secrets.includes('data'), 'an inherited MY_API_KEY=data would mangle every path');
  assert.ok(secrets.includes('pw-12345'));
});

test('the password is not an own enumerable property of an instance', () => {
  const r = new Restic({ password: 'own-property-secret', passwordCommand: 'echo cmd-secret' });
  assert.equal(r.password, 'own-property-secret');
  for (const shown of [JSON.stringify({ ...r }), JSON.stringify(Object.entries(r)), JSON.stringify(r), inspect(r)]) {
    assert.ok(!shown.includes('own-property-secret') && !shown.includes('cmd-secret'), shown);
  }
  r.password = 'changed';
  assert.equal(r.settings().password, 'changed');
});

test("reads: 'native' only where the reader can stand in for restic: a repository it reads (local, REST, S3 with credentials) and the instance's own password", () => {
  const local = { reads: 'native', repository: '/backups/repo', password: 'p' } as const;
  assert.equal(nativeReadsPossible(local), true);
  assert.equal(nativeReadsPossible({ ...local, repository: 'local:/backups/repo' }), true);
  assert.equal(nativeReadsPossible({ ...local, repository: 'rest:http://127.0.0.1:8000/repo' }), true);
  assert.equal(nativeReadsPossible({ ...local, repository: 'rest:https://127.0.0.1:8000/repo', cacert: '/ca.pem', tlsClientCert: '/client.pem' }), true, 'the reader applies the TLS settings');
  assert.equal(nativeReadsPossible({ ...local, repository: 'rest:https://127.0.0.1:8000/repo', insecureTls: true }), true);
  assert.equal(nativeReadsPossible({ ...local, repository: 'rest:http://10.0.0.5:8000/repo', env: { HTTP_PROXY: 'http://10.0.0.1:3128' } }), false, 'a proxy restic would use');
  assert.equal(nativeReadsPossible({ ...local, repository: 'rest:http://127.0.0.1:8000/repo', env: { HTTP_PROXY: 'http://10.0.0.1:3128' } }), true, 'Go never proxies loopback');
  const s3 = { ...local, repository: 's3:https://127.0.0.1:9000/bucket' } as const;
  const keys = { AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 'secret' };
  assert.equal(nativeReadsPossible({ ...s3, env: keys }), true, 'credentials the reader takes too');
  assert.equal(nativeReadsPossible({ ...s3, inheritEnv: false, env: { HOME: '/nonexistent' } }), false, 'none: restic may find an instance role, the reader cannot');
  assert.equal(nativeReadsPossible({ ...s3, env: { ...keys, RESTIC_AWS_ASSUME_ROLE_ARN: 'arn:aws:iam::1:role/r' } }), false, 'a role restic assumes');
  assert.equal(nativeReadsPossible({ ...local, repository: 'sftp:user@host:/repo' }), false);
  assert.equal(nativeReadsPossible({ reads: 'native', repository: '/backups/repo' }), false, 'a password from the environment: restic reads it');
  assert.equal(nativeReadsPossible({ ...local, insecureNoPassword: true }), false);
  assert.equal(nativeReadsPossible({ ...local, reads: 'cli' }), false);
  assert.throws(() => validateSettings({ reads: 'fast' as 'native' }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'reads');
});

test('options must be a plain object of strings, finite numbers and booleans, with names restic reads as given', () => {
  const refuse = (options: unknown, option: string): void =>
    assert.throws(() => validateSettings({ options } as object), (e: unknown) => e instanceof InvalidArgumentError && e.option === option, option);
  refuse('ab', 'options');
  refuse(true, 'options');
  refuse(42, 'options');
  refuse(null, 'options');
  refuse(['a=b'], 'options');
  refuse(new Map([['sftp.command', 'ssh']]), 'options');
  refuse(new (class Options { 'sftp.command' = 'ssh'; })(), 'options');
  refuse({ '': 'x' }, "options['']");
  refuse({ ' sftp.command': 'x' }, "options[' sftp.command']");
  refuse({ 'a b': 'x' }, "options['a b']");
  refuse({ 'a\0b': 'x' }, "options['a\0b']");
  refuse({ 's3.connections': NaN }, "options['s3.connections']");
  refuse({ 's3.connections': Infinity }, "options['s3.connections']");
  refuse({ 'sftp.command': undefined }, "options['sftp.command']");
  refuse({ 'sftp.command': null }, "options['sftp.command']");
  refuse({ 'sftp.command': ['ssh'] }, "options['sftp.command']");
  refuse({ 'sftp.command': 'ssh\0x' }, "options['sftp.command']");
  validateSettings({ options: { 'sftp.command': 'ssh -p 22 host -s sftp', 's3.connections': 4, 'local.layout': 'default', 'x.flag': true } });
  validateSettings({ options: Object.assign(Object.create(null) as object, { 's3.connections': 2 }) });
});

test('a Restic whose options or env are not plain objects refuses before restic runs, never spreading them into -o 0=a', async () => {
  let spawned = 0;
  const spawn = (() => {
    spawned++;
    throw new Error('restic must not run');
  }) as never;
  for (const settings of [{ options: 'ab' }, { options: true }, { options: new Map([['a', 'b']]) }, { env: 'abc' }, { env: new Map([['A', 'b']]) }]) {
    const r = new Restic({ repository: '/r', password: 'pw', binaryPath: '/nonexistent/restic', spawn, ...(settings as object) });
    await assert.rejects(r.snapshots(), (e: unknown) => e instanceof InvalidArgumentError && (e.option === 'options' || e.option === 'env'), JSON.stringify(settings));
  }
  assert.equal(spawned, 0);
});

test('URL user-info is split at the last @, as Go and WHATWG do, and all of the password is masked', () => {
  const cases: [string, string][] = [
    ['rest:https://alice:p@ss-Word9@host:8000/repo', 'p@ss-Word9'],
    ['rest:http://alice:p%40ss-Word9@127.0.0.1:1/repo', 'p@ss-Word9'],
    ['rest:http://alice:a:b@c@host/', 'a:b@c'],
    ['sftp://user:pw@host:22//srv/repo', 'pw'],
    ['rest:http://u:x@127.0.0.1:1/r?a=b@c', 'x'],
    ['rest:http://u:%zz@h/', '%zz'],
  ];
  for (const [url, password] of cases) assert.equal(urlPassword(url), password, url);
  assert.equal(redactUrlCredentials('rest:https://alice:p@ss-Word9@host:8000/repo'), 'rest:https://alice:***@host:8000/repo');
  assert.equal(redactUrlCredentials('rest:http://alice:a@127.0.0.1:1/r'), 'rest:http://alice:***@127.0.0.1:1/r', 'a one-letter password too');
  assert.equal(redactUrlCredentials('rest:http://alice:p%40s@h/'), 'rest:http://alice:***@h/');
  assert.equal(redactUrlCredentials('sftp://user:pw@host:22//srv/repo'), 'sftp://user:***@host:22//srv/repo');
  assert.equal(redactUrlCredentials('sftp://user@host//srv'), 'sftp://user@host//srv', 'no password, nothing to mask');
  assert.equal(redactUrlCredentials('rest:http://u:x@h/r?next=a@b#c@d'), 'rest:http://u:***@h/r?next=a@b#c@d', '@ after the path is not user-info');
  // Inside restic's and Go's messages: quoted, followed by a colon, two on one line.
  const line = 'Fatal: rest:http://alice:p@ss-Word9@127.0.0.1:1/repo/: Get "http://alice:p@ss-Word9@127.0.0.1:1/repo/config": dial tcp';
  const clean = redactUrlCredentials(line);
  assert.ok(!clean.includes('ss-Word9') && !clean.includes('p@ss'), clean);
  assert.equal(clean, 'Fatal: rest:http://alice:***@127.0.0.1:1/repo/: Get "http://alice:***@127.0.0.1:1/repo/config": dial tcp');
  const redact = createRedactor(secretsOf({ repository: 'rest:http://alice:p@ss-Word9@127.0.0.1:1/repo' }, {}));
  assert.equal(redact('password p@ss-Word9 and p%40ss-Word9'), 'password *** and ***');
});

test('rclone connection strings: secret-named parameters are masked', () => {
  const repository = 'rclone::sftp,host=h,user=alice,pass=Obscured42,key_file=/k:backups/repo';
  const redact = createRedactor(secretsOf({ repository }, {}));
  const shown = redact(`Fatal: unable to open repository at ${repository}: exit status 1`);
  assert.ok(!shown.includes('Obscured42'), shown);
  assert.ok(shown.includes('user=alice') && shown.includes('backups/repo'), shown);
  assert.ok(!inspect(new Restic({ repository })).includes('Obscured42'));
});

test('extended option values are masked in toJSON, inspect and argv, whatever their length', () => {
  const options = { 'sftp.command': 'sshpass -p S3cretPw ssh host -s sftp', 'x.key': 'k1', 's3.connections': 4 };
  const r = new Restic({ repository: '/r', options });
  for (const shown of [JSON.stringify(r), inspect(r, { depth: Infinity })]) {
    assert.ok(!shown.includes('S3cretPw') && !shown.includes('k1'), shown);
    assert.ok(shown.includes('sftp.command'), 'the names stay');
  }
  assert.deepEqual(r.toJSON()['options'], { 'sftp.command': '***', 'x.key': '***', 's3.connections': '***' });
  assert.equal(r.options?.['sftp.command'], options['sftp.command'], 'the instance keeps the value');
  const settings = { options };
  const redact = createRedactor(secretsOf(settings, buildEnvironment(settings)));
  assert.deepEqual(globalFlags(settings).map(redact), ['--option=sftp.command=***', '--option=x.key=***', '--option=s3.connections=***']);
  assert.equal(redact('exec: "sshpass -p S3cretPw ssh host -s sftp": not found'), 'exec: "***": not found', 'a command option value is a secret in messages too');
  assert.equal(redact('4 connections'), '4 connections', 'short, non-secret values are not searched for');
});

test('a password, password command or new password of the wrong type is refused without repeating it', () => {
  const secretNumber = 424242;
  for (const make of [
    () => validateSettings({ password: secretNumber as never }),
    () => validateSettings({ passwordCommand: secretNumber as never }),
  ]) {
    assert.throws(make, (e: unknown) => e instanceof InvalidArgumentError && /expected a string, got number/.test(e.message) && !e.message.includes(String(secretNumber)));
  }
});
