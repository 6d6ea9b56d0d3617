import { argvOf } from '../options/build.js';
import { defineCommand, value } from '../options/declare.js';
import { ResticError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { resticMessage } from '../process/outcome-error.js';
import { forgetDetectedVersions } from '../version.js';
import type { CallOptions } from './common.js';

export interface SelfUpdateOptions extends CallOptions {
  /** Write the new binary here instead of replacing the running one (`--output`). */
  output?: string;
}

/** `restic self-update`: every option, declared once. */
export const selfUpdateCommand = defineCommand<SelfUpdateOptions>({
  call: 'selfUpdate',
  command: 'self-update',
  options: () => ({
    output: value('output'),
  }),
});

/**
 * `restic self-update`: downloads the latest release from GitHub. Distribution packages
 * (Debian's 0.18 and 0.19 among them) are built without this command; then, and when the
 * download fails, the call rejects with a ResticError that says so plainly.
 */
export async function selfUpdate(ctx: CommandContext & { binaryPath: string }, options: SelfUpdateOptions = {}): Promise<void> {
  const args = argvOf(selfUpdateCommand, options, await ctx.resticVersion(options?.signal));
  const invocation = { name: 'self-update', args, needsRepository: false, signal: options.signal };
  const result = await ctx.run(invocation);
  if (/unknown command "self-update"/.test(result.stderr)) {
    throw new ResticError(
      `this restic build has no self-update command (distribution packages leave it out): update restic with the package manager that installed it`,
      { exitCode: result.exitCode, stderr: result.stderr, args: result.args },
    );
  }
  const error = ctx.errorFor(result, invocation);
  if (error && !result.aborted && result.exitCode === 1) {
    throw new ResticError(`restic could not update itself: ${resticMessage(result.stderr).replace(/^Fatal:\s*/, '')}`, {
      exitCode: result.exitCode,
      stderr: result.stderr,
      args: result.args,
    });
  }
  if (error) throw error;
  forgetDetectedVersions(options.output === undefined ? ctx.binaryPath : undefined);
}
