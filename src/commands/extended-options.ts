import type { CommandContext } from '../executor.js';
import { argvOf } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import type { CallOptions } from './common.js';

/** One of restic's extended options, set with the instance's `options` (`-o name=value`). */
export interface ExtendedOption {
  /** `backend.option`, e.g. `'sftp.command'`. */
  name: string;
  /** restic's one-line description of it. */
  description: string;
}

/** `restic options`: no options of its own, declared so that unknown ones are refused. */
export const extendedOptionsCommand = defineCommand<CallOptions>({ call: 'options', command: 'options' });

/** Reads `restic options`' list (it has no JSON). */
export function parseExtendedOptions(text: string): ExtendedOption[] {
  const options: ExtendedOption[] = [];
  for (const line of text.split('\n')) {
    const row = /^\s+([a-z0-9]+\.[a-z0-9.-]+)\s+(.*)$/.exec(line);
    if (row) options.push({ name: row[1] as string, description: (row[2] as string).trim() });
  }
  return options;
}

/** `restic options`: the extended options each backend takes. Needs no repository. */
export async function extendedOptions(ctx: CommandContext, options: CallOptions = {}): Promise<ExtendedOption[]> {
  const args = argvOf(extendedOptionsCommand, options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'options', args, needsRepository: false, signal: options.signal });
  return parseExtendedOptions(result.stdoutText);
}
