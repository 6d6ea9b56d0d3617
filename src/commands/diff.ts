import { ArgvBuilder, optionalBoolean, snapshotId } from '../args.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
import { requireFeature } from '../options/gate.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { DiffChange, DiffMessage, DiffResult, DiffStatistics } from '../types/diff.js';
import { stoppable } from '../shared/stoppable.js';
import type { CallOptions } from './common.js';

export interface DiffOptions extends CallOptions {
  /** Also report changes of metadata only (`--metadata`). */
  metadata?: boolean;
}

export function diffArgs(a: string, b: string, options: DiffOptions, installed: string): string[] {
  checkOptions('diff', options, installed);
  const first = snapshotId('snapshotA', a, { subfolder: true });
  const second = snapshotId('snapshotB', b, { subfolder: true });
  if (first.includes(':') || second.includes(':')) requireFeature(installed, 'snapshotSubfolder');
  return new ArgvBuilder(['diff']).flag('metadata', optionalBoolean('metadata', options.metadata)).positionals([first, second]).build();
}

/** `restic diff --json`, as it comes: one `change` a path, then the `statistics`. */
export function diffStream(context: CommandContext | (() => CommandContext), a: string, b: string, options: DiffOptions = {}): AsyncGenerator<DiffMessage, void, undefined> {
  return stoppable((signal) => diffMessages(context, a, b, options, signal), options?.signal);
}

async function* diffMessages(context: CommandContext | (() => CommandContext), a: string, b: string, options: DiffOptions, signal: AbortSignal): AsyncGenerator<DiffMessage, void, undefined> {
  // Created on the first step, so that bad settings surface where the loop begins.
  const ctx = typeof context === 'function' ? context() : context;
  const args = diffArgs(a, b, options, await ctx.resticVersion(signal));
  for await (const batch of ctx.stream({ name: 'diff', args, json: true, signal })) {
    for (const line of batch) {
      const message = parseJsonObjectLine(line);
      const type = message && messageType(message);
      if (type === 'change' || type === 'statistics') yield message as DiffMessage;
    }
  }
}

/** `diff()` collected: `{ changes, statistics }`. */
export async function diff(ctx: CommandContext, a: string, b: string, options: DiffOptions = {}): Promise<DiffResult> {
  const changes: DiffChange[] = [];
  let statistics: DiffStatistics | undefined;
  for await (const message of diffStream(ctx, a, b, options)) {
    if (message.message_type === 'change') changes.push(message);
    else statistics = message as DiffStatistics;
  }
  return { changes, statistics };
}
