import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyCommands, keyListCommand, keyRemoveArgs, newPasswordArgs, parseKeyMessage } from '../../../src/commands/key.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const V18 = '0.18.0';
const OLD = '0.14.0';
const HEX64 = /^[0-9a-f]{64}$/;

test('key add and passwd: the new password from a file, from stdin (never argv), or none (0.17+)', () => {
  assert.deepEqual(newPasswordArgs('keyAdd', { newPasswordFile: '/pw' }, OLD), { args: ['key', 'add', '--new-password-file=/pw'] });
  assert.deepEqual(newPasswordArgs('keyAdd', { newPassword: 'secret' }, OLD), { args: ['key', 'add'], secretInput: 'secret' });
  assert.deepEqual(newPasswordArgs('keyPasswd', { newPassword: 'secret' }, OLD), { args: ['key', 'passwd'], secretInput: 'secret' });
  assert.deepEqual(newPasswordArgs('keyAdd', { newInsecureNoPassword: true }, '0.17.0'), { args: ['key', 'add', '--new-insecure-no-password'] });
  assert.deepEqual(newPasswordArgs('keyPasswd', { newInsecureNoPassword: true }, NEW), { args: ['key', 'passwd', '--new-insecure-no-password'] });
  needs(() => newPasswordArgs('keyAdd', { newInsecureNoPassword: true }, '0.16.4'), '0.17.0');
  needs(() => newPasswordArgs('keyPasswd', { newInsecureNoPassword: true }, '0.16.4'), '0.17.0');
});

test('key add and passwd: host and user (passwd honours them from 0.19)', () => {
  assert.deepEqual(newPasswordArgs('keyAdd', { newPasswordFile: '/pw', host: 'h', user: 'u' }, OLD), { args: ['key', 'add', '--host=h', '--user=u', '--new-password-file=/pw'] });
  assert.deepEqual(newPasswordArgs('keyPasswd', { newPassword: 'p', host: 'h', user: 'u' }, NEW), { args: ['key', 'passwd', '--host=h', '--user=u'], secretInput: 'p' });
  needs(() => newPasswordArgs('keyPasswd', { newPasswordFile: '/pw', user: 'u' }, V18), '0.19.0');
  needs(() => newPasswordArgs('keyPasswd', { newPasswordFile: '/pw', host: 'h' }, V18), '0.19.0');
});

test('key add and passwd: exactly one new password, one line, not empty', () => {
  refuses(() => newPasswordArgs('keyAdd', { newPassword: 'a', newInsecureNoPassword: true }, NEW), 'newPassword/newPasswordFile');
  refuses(() => newPasswordArgs('keyAdd', { newPassword: 'a', newPasswordFile: '/pw' }, NEW), 'newPassword/newPasswordFile');
  refuses(() => newPasswordArgs('keyAdd', {}, NEW), 'newPassword/newPasswordFile');
  refuses(() => newPasswordArgs('keyPasswd', { newInsecureNoPassword: false }, NEW), 'newPassword/newPasswordFile');
  refuses(() => newPasswordArgs('keyAdd', undefined as never, NEW), 'newPassword');
  refuses(() => newPasswordArgs('keyAdd', { newPassword: '' }, NEW), 'newPassword');
  refuses(() => newPasswordArgs('keyAdd', { newPassword: 'one\ntwo' }, NEW), 'newPassword');
  refuses(() => newPasswordArgs('keyPasswd', { newPassword: 'one\r' }, NEW), 'newPassword');
  refuses(() => newPasswordArgs('keyAdd', { newPasswordFile: '/pw', hostname: 'h' } as never, NEW), 'hostname');
});

test('key list and remove: argv, the ID after --, unknown names refused', () => {
  assert.deepEqual(argvOf(keyListCommand, {}, OLD), ['key', 'list']);
  refuses(() => argvOf(keyListCommand, { json: true } as never, OLD), 'json');
  const id = 'ab'.repeat(32);
  assert.deepEqual(keyRemoveArgs(id, {}, OLD), ['key', 'remove', '--', id]);
  refuses(() => keyRemoveArgs('-x', {}, NEW), 'keyId');
  refuses(() => keyRemoveArgs('', {}, NEW), 'keyId');
  refuses(() => keyRemoveArgs(id, { force: true } as never, NEW), 'force');
});

test('key: what restic says is read whatever the wording', () => {
  assert.deepEqual(parseKeyMessage(''), { id: undefined, message: '' });
  assert.deepEqual(parseKeyMessage('something else\n'), { id: undefined, message: 'something else' });
});

for (const series of SERIES) {
  test(`restic ${series}: key add reports the new key's ID (0.17+)`, async () => {
    const run = fixture(series, 'key-add');
    const ctx = fakeContext(run.restic, { 'key add': run.stdout });
    const added = await keyCommands(() => ctx).add({ newPassword: 'second-password', host: 'fixturehost', user: 'fixtureuser' });
    assert.deepEqual(ctx.invocations.map((i) => [i.args, i.secretInput]), [[['key', 'add', '--host=fixturehost', '--user=fixtureuser'], 'second-password']]);
    assert.equal(added.message, run.stdout.trim());
    if (series === '0.14') assert.equal(added.id, undefined);
    else assert.match(added.id ?? '', HEX64);
  });

  test(`restic ${series}: key passwd reports what restic said, which names no ID`, async () => {
    const run = fixture(series, 'key-passwd');
    const ctx = fakeContext(run.restic, { 'key passwd': run.stdout });
    const changed = await keyCommands(() => ctx).passwd({ newPassword: 'third-password' });
    assert.deepEqual(ctx.invocations.map((i) => [i.args, i.secretInput]), [[run.args, 'third-password']]);
    assert.deepEqual(changed, { id: undefined, message: run.stdout.trim() });
    assert.match(changed.message, /^saved new key as <Key of root@vm, created on /m);
  });

  test(`restic ${series}: key remove reports the removed key's whole ID, also when given a prefix`, async () => {
    const run = fixture(series, 'key-remove');
    const id = run.args.at(-1) as string;
    const ctx = fakeContext(run.restic, { 'key remove': run.stdout });
    const removed = await keyCommands(() => ctx).remove(id);
    assert.deepEqual(removed, { id, message: `removed key ${id}` });
    assert.deepEqual(ctx.invocations.map((i) => i.args), [['key', 'remove', '--', id]]);
    // A prefix is completed from `restic list keys` first.
    const other = 'f'.repeat(64);
    const byPrefix = fakeContext(run.restic, { 'list keys': `${other}\n${id}\n`, 'key remove': run.stdout });
    assert.deepEqual(await keyCommands(() => byPrefix).remove(id.slice(0, 8)), removed);
    assert.deepEqual(byPrefix.invocations.map((i) => i.args), [['list', 'keys'], ['key', 'remove', '--', id]]);
  });

  test(`restic ${series}: key list, with whole IDs on every version`, async () => {
    const keys = fixture(series, 'key-list');
    const ids = fixture(series, 'list-keys');
    const ctx = fakeContext(keys.restic, { 'key list': keys.stdout, 'list keys': ids.stdout });
    const listed = await keyCommands(() => ctx).list();
    assert.deepEqual(listed.map((k) => [k.id, k.current, k.userName, k.hostName]), [[ids.stdout.trim(), true, 'root', 'vm']]);
    // restic before 0.17 prints 8-digit IDs, completed from the key files' names.
    assert.deepEqual(ctx.invocations.map((i) => i.args), series === '0.14' ? [['key', 'list'], ['list', 'keys']] : [['key', 'list']]);
  });
}

test('key calls refuse bad input before restic runs', async () => {
  const ctx = fakeContext(NEW);
  const key = keyCommands(() => ctx);
  await assert.rejects(key.remove('xyz'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'keyId');
  await assert.rejects(key.remove('abcd', { dryRun: true } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'dryRun');
  await assert.rejects(key.list({ verbose: true } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'verbose');
  await assert.rejects(key.passwd({}), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'newPassword/newPasswordFile');
  assert.equal(ctx.invocations.length, 0);
});
