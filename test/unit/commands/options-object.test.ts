import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandContext } from '../../../src/executor.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { cache } from '../../../src/commands/cache.js';
import { catCommands } from '../../../src/commands/cat.js';
import { check } from '../../../src/commands/check.js';
import { extendedOptions } from '../../../src/commands/extended-options.js';
import { features } from '../../../src/commands/features.js';
import { init } from '../../../src/commands/init.js';
import { prune } from '../../../src/commands/prune.js';
import { repairCommands } from '../../../src/commands/repair.js';
import { snapshots } from '../../../src/commands/snapshots.js';
import { stats } from '../../../src/commands/stats.js';
import { fakeContext } from '../../helpers/fake-context.js';

// A caller from JavaScript can pass anything; `null` in place of the options object must be
// refused as bad input, before restic runs, not fail later as a TypeError.
const CALLS: Record<string, (ctx: CommandContext) => Promise<unknown>> = {
  cache: (ctx) => cache(ctx, null as never),
  'cat config': (ctx) => catCommands(() => ctx).config(null as never),
  check: (ctx) => check(ctx, null as never),
  extendedOptions: (ctx) => extendedOptions(ctx, null as never),
  features: (ctx) => features(ctx, null as never),
  init: (ctx) => init(ctx, null as never),
  prune: (ctx) => prune(ctx, null as never),
  'repair index': (ctx) => repairCommands(() => ctx).index(null as never),
  snapshots: (ctx) => snapshots(ctx, null as never),
  stats: (ctx) => stats(ctx, null as never),
};

for (const [name, call] of Object.entries(CALLS)) {
  test(`${name} refuses null options with InvalidArgumentError, running nothing`, async () => {
    const ctx = fakeContext('0.19.1');
    await assert.rejects(call(ctx), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'options');
    assert.deepEqual(ctx.invocations, []);
  });
}
