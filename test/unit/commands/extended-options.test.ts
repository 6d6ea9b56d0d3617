import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extendedOptionsCommand, parseExtendedOptions } from '../../../src/commands/extended-options.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError } from '../../../src/index.js';

test('options: no options of its own, on every version; unknown ones refused', () => {
  assert.deepEqual(argvOf(extendedOptionsCommand, {}, '0.14.0'), ['options']);
  assert.deepEqual(argvOf(extendedOptionsCommand, { signal: AbortSignal.timeout(1000) }, '0.19.1'), ['options']);
  assert.throws(() => argvOf(extendedOptionsCommand, { backend: 'sftp' } as never, '0.19.1'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'backend');
});

test("options: restic's list", () => {
  assert.deepEqual(parseExtendedOptions('All Extended Options:\n  sftp.command              specify command to create sftp connection\n'), [
    { name: 'sftp.command', description: 'specify command to create sftp connection' },
  ]);
});
