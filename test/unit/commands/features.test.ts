import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featuresCommand, parseFeaturesTable } from '../../../src/commands/features.js';
import { argvOf } from '../../../src/options/build.js';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../../src/index.js';

test('features: no options of its own; unknown ones refused; restic 0.17+', () => {
  assert.deepEqual(argvOf(featuresCommand, {}, '0.17.0'), ['features']);
  assert.deepEqual(argvOf(featuresCommand, undefined, '0.19.1'), ['features']);
  assert.throws(() => argvOf(featuresCommand, { all: true } as never, '0.19.1'), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'all');
  assert.throws(() => argvOf(featuresCommand, {}, '0.16.4'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === '0.17.0');
});

test("features: restic's table", () => {
  const features = 'All Feature Flags:\nName  Type  Default  Description\n-----\ns3-restore                  alpha   false    restore S3 objects\ndeprecate-legacy-index      stable  true     disable support';
  assert.deepEqual(parseFeaturesTable(features), [
    { name: 's3-restore', type: 'alpha', default: false, description: 'restore S3 objects' },
    { name: 'deprecate-legacy-index', type: 'stable', default: true, description: 'disable support' },
  ]);
});
