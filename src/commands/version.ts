import { ArgvBuilder } from '../args.js';
import type { CommandContext } from '../executor.js';
import { parseVersionText, type ResticVersion } from '../version.js';
import type { CallOptions } from './common.js';

/** The options of `version()`: only the common ones (`signal`). */
export type VersionOptions = CallOptions;

/** `restic version`, read from its text, which is the same on every release. */
export async function version(ctx: CommandContext, options: VersionOptions = {}): Promise<ResticVersion> {
  const result = await ctx.exec({ name: 'version', args: new ArgvBuilder(['version']).build(), needsRepository: false, signal: options.signal });
  const version = parseVersionText(result.stdoutText);
  ctx.rememberVersion(version);
  return version;
}
