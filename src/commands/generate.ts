import { ArgvBuilder, optionalString } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
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

/** `restic generate`: completion scripts and man pages. Needs no repository. */
export async function generate(ctx: CommandContext, options: GenerateOptions): Promise<void> {
  checkOptions('generate', options, await ctx.resticVersion(options?.signal));
  const powershell = optionalString('powershellCompletionPath', options?.powershellCompletionPath);
  const args = new ArgvBuilder(['generate'])
    .value('bash-completion', optionalString('bashCompletionPath', options?.bashCompletionPath))
    .value('man', optionalString('manDirectory', options?.manDirectory))
    .value('zsh-completion', optionalString('zshCompletionPath', options?.zshCompletionPath))
    .value('fish-completion', optionalString('fishCompletionPath', options?.fishCompletionPath))
    .value('powershell-completion', powershell)
    .build();
  if (args.length === 1) throw new InvalidArgumentError('options', 'give at least one of bashCompletionPath, manDirectory, zshCompletionPath, fishCompletionPath, powershellCompletionPath');
  await ctx.exec({ name: 'generate', args, needsRepository: false, signal: options.signal });
}
