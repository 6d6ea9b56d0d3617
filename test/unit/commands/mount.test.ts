import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mount, mountArgs } from '../../../src/commands/mount.js';
import type { Invocation, RunResult } from '../../../src/executor.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { refuses } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('mount: each option, the filters, the mount point after --', () => {
  assert.deepEqual(mountArgs('/mnt/r', {}, OLD), ['mount', '--', '/mnt/r']);
  assert.deepEqual(mountArgs('/mnt/r', { allowOther: true, noDefaultPermissions: true, ownerRoot: true, pathTemplates: ['ids/%i', 'x/%T'], timeTemplate: '2006', tags: ['t'] }, OLD), [
    'mount',
    '--allow-other',
    '--no-default-permissions',
    '--owner-root',
    '--path-template=ids/%i',
    '--path-template=x/%T',
    '--time-template=2006',
    '--tag=t',
    '--',
    '/mnt/r',
  ]);
  assert.deepEqual(mountArgs('-mnt', { host: 'h', paths: '/d', readyTimeoutMs: 5000 }, NEW), ['mount', '--host=h', '--path=/d', '--', '-mnt']);
});

test('mount: bad values and unknown names are refused', () => {
  refuses(() => mountArgs('', {}, NEW), 'mountpoint');
  refuses(() => mountArgs(3 as never, {}, NEW), 'mountpoint');
  refuses(() => mountArgs('/m', { readyTimeoutMs: 0 }, NEW), 'readyTimeoutMs');
  refuses(() => mountArgs('/m', { readyTimeoutMs: Number.NaN }, NEW), 'readyTimeoutMs');
  refuses(() => mountArgs('/m', { timeTemplate: '' }, NEW), 'timeTemplate');
  refuses(() => mountArgs('/m', { pathTemplate: 'x' } as never, NEW), 'pathTemplate');
  refuses(() => mountArgs('/m', { mountpoint: '/x' } as never, NEW), 'mountpoint');
});

test('mount: resolves once restic serves, and close() stops restic', async () => {
  const ctx = fakeContext(NEW);
  let stops = 0;
  ctx.run = (invocation: Invocation): Promise<RunResult> => {
    ctx.invocations.push(invocation);
    setImmediate(() => invocation.onLine?.('Now serving the repository at /mnt/r'));
    return new Promise((resolve) => {
      invocation.signal?.addEventListener('abort', () => {
        stops++;
        resolve({ exitCode: null, signal: 'SIGINT', aborted: true, spawnError: undefined, stderr: '', args: [...invocation.args], stdoutText: '' });
      });
    });
  };
  const handle = await mount(ctx, '/mnt/r', { ownerRoot: true });
  assert.deepEqual(ctx.invocations.map((i) => i.args), [['mount', '--owner-root', '--', '/mnt/r']]);
  assert.equal(handle.mountpoint, '/mnt/r');
  await handle.close();
  assert.equal(stops, 1);
});

test('mount: a bad readyTimeoutMs is refused before restic runs', async () => {
  const ctx = fakeContext(NEW);
  await assert.rejects(mount(ctx, '/m', { readyTimeoutMs: -1 }), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'readyTimeoutMs');
  assert.equal(ctx.invocations.length, 0);
});
