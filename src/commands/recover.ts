import { argvOf } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

/** What `recover` did, read from its text (it has no JSON). */
export interface RecoverResult {
  /** Trees no snapshot referenced. */
  unreferencedRoots: number;
  /** The snapshot written to hold them (restic prints a short ID), or undefined when there was nothing to save. */
  snapshotId: string | undefined;
  /** What restic printed on stdout. */
  log: string;
}

/** `restic recover`: it has no options. */
export const recoverCommand = defineCommand<CallOptions>({
  call: 'recover',
  command: 'recover',
});

export function parseRecoverLog(log: string): Omit<RecoverResult, 'log'> {
  const roots = /found (\d+) unreferenced roots?/.exec(log)?.[1];
  const saved = /saved new snapshot ([0-9a-f]+)/.exec(log)?.[1];
  return { unreferencedRoots: roots === undefined ? 0 : Number(roots), snapshotId: saved };
}

/** `restic recover`: writes a snapshot that holds every tree no snapshot references, so that prune keeps their data. */
export async function recover(ctx: CommandContext, options: CallOptions = {}): Promise<RecoverResult> {
  const args = argvOf(recoverCommand, options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'recover', args, signal: options.signal });
  return { ...parseRecoverLog(result.stdoutText), log: result.stdoutText };
}
