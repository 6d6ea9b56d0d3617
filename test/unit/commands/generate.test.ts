import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateArgs } from '../../../src/commands/generate.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../../src/index.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('generate: each output on argv', () => {
  assert.deepEqual(generateArgs({ bashCompletionPath: '/c/restic.bash' }, OLD), ['generate', '--bash-completion=/c/restic.bash']);
  assert.deepEqual(generateArgs({ manDirectory: '/man' }, OLD), ['generate', '--man=/man']);
  assert.deepEqual(generateArgs({ zshCompletionPath: '/c/_restic' }, OLD), ['generate', '--zsh-completion=/c/_restic']);
  assert.deepEqual(generateArgs({ fishCompletionPath: '/c/restic.fish' }, OLD), ['generate', '--fish-completion=/c/restic.fish']);
  assert.deepEqual(generateArgs({ powershellCompletionPath: '/c/restic.ps1' }, '0.15.0'), ['generate', '--powershell-completion=/c/restic.ps1']);
  assert.deepEqual(
    generateArgs({ powershellCompletionPath: '/p', fishCompletionPath: '/f', zshCompletionPath: '/z', manDirectory: '/m', bashCompletionPath: '/b' }, NEW),
    ['generate', '--bash-completion=/b', '--man=/m', '--zsh-completion=/z', '--fish-completion=/f', '--powershell-completion=/p'],
  );
});

test('generate: at least one output, paths checked, PowerShell from restic 0.15', () => {
  assert.throws(
    () => generateArgs({}, NEW),
    (e: unknown) => e instanceof InvalidArgumentError && e.option === 'options' && /bashCompletionPath, manDirectory, zshCompletionPath, fishCompletionPath, powershellCompletionPath/.test(e.message),
  );
  refuses(() => generateArgs(undefined as never, NEW), 'options');
  refuses(() => generateArgs({ manDirectory: '' }, NEW), 'manDirectory');
  refuses(() => generateArgs({ bashCompletion: '/b' } as never, NEW), 'bashCompletion');
  assert.throws(() => generateArgs({ powershellCompletionPath: '/p' }, OLD), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.15.0');
});
