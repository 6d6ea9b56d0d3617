import { argvOf } from '../options/build.js';
import { argument, defineCommand, flag } from '../options/declare.js';
import { snapshotWithFolder } from '../options/shared-options.js';
import type { CommandContext } from '../executor.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { DiffChange, DiffMessage, DiffResult, DiffStatistics } from '../types/diff.js';
import { stoppable } from '../shared/stoppable.js';
import type { CallOptions } from './common.js';

export interface DiffOptions extends CallOptions {
  /** Also report changes of metadata only (`--metadata`). */
  metadata?: boolean;
}

/** `restic diff`: every option, and the two snapshots compared, declared once. */
export const diffCommand = defineCommand<DiffOptions>({
  call: 'diff',
  command: 'diff',
  options: () => ({
    metadata: flag('metadata'),
    snapshotA: argument({ check: snapshotWithFolder, sample: 'latest' }),
    snapshotB: argument({ check: snapshotWithFolder, sample: 'latest' }),
  }),
});

export function diffArgs(a: string, b: string, options: DiffOptions, installed: string): string[] {
  return argvOf(diffCommand, options, installed, { snapshotA: a, snapshotB: b });
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
      const message = parseDiffLine(line);
      if (message) yield message;
    }
  }
}

/** One line of `diff --json`: a change or the statistics; anything else is skipped. */
export function parseDiffLine(line: string): DiffMessage | undefined {
  const message = parseJsonObjectLine(line);
  const type = message && messageType(message);
  return type === 'change' || type === 'statistics' ? (message as DiffMessage) : undefined;
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
