import { argvOf } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import type { CommandContext } from '../executor.js';
import { OLDEST_SUPPORTED, parseVersionText, type ResticVersion } from '../version.js';
import type { CallOptions } from './common.js';

/** The options of `version()`: only the common ones (`signal`). */
export type VersionOptions = CallOptions;

/** `restic version`: it has no options. */
export const versionCommand = defineCommand<VersionOptions>({
  call: 'version',
  command: 'version',
});

// The release is what this call finds out; nothing of `version` is gated, so the oldest
// supported release stands in for it.

/** `restic version`, read from its text, which is the same on every release. */
export async function version(ctx: CommandContext, options: VersionOptions = {}): Promise<ResticVersion> {
  const args = argvOf(versionCommand, options, OLDEST_SUPPORTED);
  const result = await ctx.exec({ name: 'version', args, needsRepository: false, signal: options.signal });
  const version = parseVersionText(result.stdoutText);
  ctx.rememberVersion(version);
  return version;
}
