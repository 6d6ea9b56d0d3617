import assert from 'node:assert/strict';
import { test } from 'node:test';
import { version, versionCommand } from '../../../src/commands/version.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { forgetDetectedVersions, parseVersionText, versionCache } from '../../../src/version.js';
import { fakeContext } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';

test('version: argv, and unknown option names refused before restic runs', async () => {
  assert.deepEqual(argvOf(versionCommand, {}, '0.14.0'), ['version']);
  const ctx = fakeContext('0.19.1');
  await assert.rejects(version(ctx, { json: true } as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'json');
  await assert.rejects(version(ctx, 'x' as never), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'options');
  assert.equal(ctx.invocations.length, 0);
});

for (const series of SERIES) {
  test(`restic ${series}: version text`, () => {
    const v = parseVersionText(fixture(series, 'version-text').stdout);
    assert.ok(v.restic_version.startsWith(series + '.'));
    assert.match(v.go_version, /^1\.\d+/);
    assert.equal(v.platform_version, 'linux');
    assert.equal(v.architecture, 'amd64');
  });

  test(`restic ${series}: version() runs as recorded and remembers what it read`, async () => {
    const run = fixture(series, 'version-text');
    const ctx = fakeContext('unknown', { version: run.stdout });
    const read = await version(ctx);
    assert.equal(read.restic_version, run.restic);
    assert.deepEqual(ctx.remembered, [read]);
    assert.deepEqual(ctx.invocations.map((i) => [i.args, i.needsRepository]), [[run.args, false]]);
  });
}

test('forgetting a binary forgets it under every PATH it was looked up on', () => {
  versionCache.set('restic\0/usr/bin', Promise.resolve(parseVersionText('restic 0.14.0 compiled with go1.19.8 on linux/amd64')));
  versionCache.set('/opt/restic', Promise.resolve(parseVersionText('restic 0.19.1 compiled with go1.26.4 on linux/amd64')));
  forgetDetectedVersions('restic');
  assert.equal(versionCache.has('restic\0/usr/bin'), false);
  assert.equal(versionCache.has('/opt/restic'), true);
  forgetDetectedVersions('/opt/restic');
  assert.equal(versionCache.has('/opt/restic'), false);
});
