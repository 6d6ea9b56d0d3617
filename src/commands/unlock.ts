import { argvOf } from '../options/build.js';
import { defineCommand, flag } from '../options/declare.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

export interface UnlockOptions extends CallOptions {
  /** Remove every lock, also those of running processes (`--remove-all`). By default only stale locks go. */
  removeAll?: boolean;
}

/** `restic unlock`: every option, declared once. */
export const unlockCommand = defineCommand<UnlockOptions>({
  call: 'unlock',
  command: 'unlock',
  options: () => ({
    removeAll: flag('remove-all'),
  }),
});

/** `restic unlock`: removes stale locks (or all, with `removeAll`). */
export async function unlock(ctx: CommandContext, options: UnlockOptions = {}): Promise<void> {
  const args = argvOf(unlockCommand, options, await ctx.resticVersion(options?.signal));
  await ctx.exec({ name: 'unlock', args, signal: options.signal });
}
