import { ArgvBuilder, optionalBoolean } from '../args.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
import type { CallOptions } from './common.js';

export interface UnlockOptions extends CallOptions {
  /** Remove every lock, also those of running processes (`--remove-all`). By default only stale locks go. */
  removeAll?: boolean;
}

/** `restic unlock`: removes stale locks (or all, with `removeAll`). */
export async function unlock(ctx: CommandContext, options: UnlockOptions = {}): Promise<void> {
  checkOptions('unlock', options, await ctx.resticVersion(options.signal));
  const args = new ArgvBuilder(['unlock']).flag('remove-all', optionalBoolean('removeAll', options.removeAll)).build();
  await ctx.exec({ name: 'unlock', args, signal: options.signal });
}
