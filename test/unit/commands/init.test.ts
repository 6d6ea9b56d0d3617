import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, initLine, readInitOutput } from '../../../src/commands/init.js';
import type { CommandContext, Invocation, RunResult } from '../../../src/executor.js';
import { hasFeature } from '../../../src/options/gate.js';
import { ResticOutputError, UnsupportedFeatureError } from '../../../src/index.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('init: each option on argv, the source repository in the environment', () => {
  assert.deepEqual(initLine({}, OLD), { argv: ['init'], env: {} });
  assert.deepEqual(initLine({ repositoryVersion: 1 }, OLD).argv, ['init', '--repository-version=1']);
  assert.deepEqual(initLine({ repositoryVersion: '2' }, OLD).argv, ['init', '--repository-version=2']);
  assert.deepEqual(initLine({ repositoryVersion: 'latest' }, NEW).argv, ['init', '--repository-version=latest']);
  assert.deepEqual(initLine({ repositoryVersion: 'stable' }, NEW).argv, ['init', '--repository-version=stable']);
  assert.deepEqual(initLine({ copyChunkerParams: true, fromRepo: '/src', fromPassword: 'pw', fromKeyHint: 'k1', fromInsecureNoPassword: false }, NEW), {
    argv: ['init', '--from-key-hint=k1', '--copy-chunker-params'],
    env: {
      RESTIC_FROM_REPOSITORY: '/src',
      RESTIC_FROM_REPOSITORY_FILE: undefined,
      RESTIC_FROM_PASSWORD: 'pw',
      RESTIC_FROM_PASSWORD_FILE: undefined,
      RESTIC_FROM_PASSWORD_COMMAND: undefined,
    },
  });
  assert.deepEqual(initLine({ fromRepositoryFile: '/f', fromInsecureNoPassword: true, repositoryVersion: 2 }, '0.17.0').argv, ['init', '--from-insecure-no-password', '--repository-version=2']);
});

test('init: refused values, combinations and versions', () => {
  refuses(() => initLine({ repositoryVersion: 3 as never }, NEW), 'repositoryVersion');
  refuses(() => initLine({ copyChunkerParams: true }, NEW), 'copyChunkerParams');
  refuses(() => initLine({ copyChunkerParams: true, fromPassword: 'pw' }, NEW), 'copyChunkerParams');
  refuses(() => initLine({ fromRepo: '/a', fromRepositoryFile: '/b' }, NEW), 'RESTIC_FROM_REPOSITORY/RESTIC_FROM_REPOSITORY_FILE');
  refuses(() => initLine({ fromPasswordFile: '/a', fromPasswordCommand: 'b' }, NEW), 'RESTIC_FROM_PASSWORD_FILE/RESTIC_FROM_PASSWORD_COMMAND');
  refuses(() => initLine({ version: 2 } as never, NEW), 'version');
  assert.throws(() => initLine({ fromInsecureNoPassword: true }, '0.16.4'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.17.0');
});

for (const series of SERIES) {
  test(`restic ${series}: the new repository's ID from init's output`, () => {
    const run = fixture(series, 'init');
    const json = hasFeature(run.restic, 'initJsonOutput');
    const id = readInitOutput(run.stdout, json);
    if (series === '0.14') {
      // Text, even with --json: only 10 digits, so the ID is read from the config.
      assert.equal(id, undefined);
      const printed = /created restic repository ([0-9a-f]+)/.exec(run.stdout)?.[1] ?? '';
      assert.equal(printed.length, 10);
      assert.equal(JSON.parse(fixture(series, 'cat-config').stdout).id.slice(0, 10), printed, 'the same repository');
    } else {
      assert.match(id ?? '', /^[0-9a-f]{64}$/);
      assert.equal(id, JSON.parse(fixture(series, 'cat-config').stdout).id);
    }
    assert.equal(readInitOutput(fixture(series, 'init-text').stdout, false), undefined);
    assert.throws(() => readInitOutput('', json), ResticOutputError);
  });
}

test('restic 0.14: init reads the whole ID from the config, with cat built by its declaration', async () => {
  const runs: (readonly string[])[] = [];
  const outputs = [fixture('0.14', 'init').stdout, fixture('0.14', 'cat-config').stdout];
  const exec = async (invocation: Invocation): Promise<RunResult> => {
    runs.push(invocation.args);
    return { exitCode: 0, signal: null, aborted: false, spawnError: undefined, stderr: '', args: invocation.args, stdoutText: outputs[runs.length - 1] ?? '' } as RunResult;
  };
  const ctx = { resticVersion: async () => OLD, exec } as unknown as CommandContext;
  assert.equal(await init(ctx), JSON.parse(outputs[1] as string).id);
  assert.deepEqual(runs, [['init'], ['cat', 'config']]);
});
