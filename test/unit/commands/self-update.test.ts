import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selfUpdate, selfUpdateCommand } from '../../../src/commands/self-update.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError, ResticError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';

const OLD = '0.14.0';

test('self-update: argv without options and with output', () => {
  assert.deepEqual(argvOf(selfUpdateCommand, {}, OLD), ['self-update']);
  assert.deepEqual(argvOf(selfUpdateCommand, { output: '/opt/restic-new' }, OLD), ['self-update', '--output=/opt/restic-new']);
  // A value that starts with a dash stays the option's value.
  assert.deepEqual(argvOf(selfUpdateCommand, { output: '-x' }, OLD), ['self-update', '--output=-x']);
});

test('self-update: bad values and unknown names are refused before restic runs', async () => {
  const ctx = { ...fakeContext(OLD), binaryPath: '/nonexistent/restic' };
  await assert.rejects(selfUpdate(ctx, { output: '' }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'output');
  await assert.rejects(selfUpdate(ctx, { outputPath: '/x' } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'outputPath');
  assert.equal(ctx.invocations.length, 0);
});

test('self-update: a build without the command (restic reports an unknown command) is said plainly', async () => {
  const stderr = 'Error: unknown command "self-update" for "restic"\nRun \'restic --help\' for usage.';
  const ctx = { ...fakeContext(OLD, { 'self-update': { stdout: '', exitCode: 1, stderr } }), binaryPath: '/nonexistent/restic' };
  await assert.rejects(selfUpdate(ctx, { output: '/tmp/r' }), (e: unknown) => e instanceof ResticError && /no self-update command/.test(e.message));
  assert.deepEqual(ctx.invocations.map((i) => [i.args, i.needsRepository]), [[['self-update', '--output=/tmp/r'], false]]);
});
