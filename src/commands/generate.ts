import { argvOf } from '../options/build.js';
import { defineCommand, value } from '../options/declare.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

export interface GenerateOptions extends CallOptions {
  /** Write the bash completion script to this file (`--bash-completion`). */
  bashCompletionPath?: string;
  /** Write man pages into this folder, which must exist (`--man`). */
  manDirectory?: string;
  /** Write the zsh completion script to this file (`--zsh-completion`). */
  zshCompletionPath?: string;
  /** Write the fish completion script to this file (`--fish-completion`). */
  fishCompletionPath?: string;
  /** Write the PowerShell completion script to this file (`--powershell-completion`, restic 0.15+). */
  powershellCompletionPath?: string;
}

const OUTPUTS = {
  bashCompletionPath: value('bash-completion'),
  manDirectory: value('man'),
  zshCompletionPath: value('zsh-completion'),
  fishCompletionPath: value('fish-completion'),
  powershellCompletionPath: value('powershell-completion', { since: '0.15.0' }),
} as const;

/** `restic generate`: every option, declared once; at least one output is required. */
export const generateCommand = defineCommand<GenerateOptions>({
  call: 'generate',
  command: 'generate',
  options: () => (OUTPUTS),
  validate: (options) => {
    const names = Object.keys(OUTPUTS) as (keyof typeof OUTPUTS)[];
    if (names.every((name) => options[name] === undefined)) throw new InvalidArgumentError('options', `give at least one of ${names.join(', ')}`);
  },
});

export function generateArgs(options: GenerateOptions, installed: string): string[] {
  return argvOf(generateCommand, options, installed);
}

/** `restic generate`: completion scripts and man pages. Needs no repository. */
export async function generate(ctx: CommandContext, options: GenerateOptions): Promise<void> {
  const args = generateArgs(options, await ctx.resticVersion(options?.signal));
  await ctx.exec({ name: 'generate', args, needsRepository: false, signal: options.signal });
}
