import { ArgvBuilder, FILTER_OPTIONS, knownOptions, optionalBoolean, optionalString, snapshotIds, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { requireFeature } from '../features.js';
import { JsonArrayElements } from '../json-array-stream.js';
import type { FindResult } from '../types/find.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface FindOptions extends CallOptions, SnapshotFilterOptions {
  /** Match patterns without regard to case (`--ignore-case`). */
  ignoreCase?: boolean;
  /** Only snapshots older than this time, `YYYY-MM-DD HH:MM:SS` (`--oldest`). */
  oldest?: string;
  /** Only snapshots newer than this time (`--newest`). */
  newest?: string;
  /** Only these snapshots (`--snapshot`). */
  snapshotIds?: readonly string[];
  /** Oldest snapshots first (`--reverse`, restic 0.18+). */
  reverse?: boolean;
}

export function findArgs(patterns: string | readonly string[], options: FindOptions, installed: string): string[] {
  knownOptions('find', options, ['ignoreCase', 'oldest', 'newest', 'snapshotIds', 'reverse', ...FILTER_OPTIONS]);
  if (options.reverse) requireFeature(installed, 'findReverse');
  const list = stringList('pattern', patterns, { nonEmpty: true });
  if (!list) throw new InvalidArgumentError('pattern', 'give a pattern to search for');
  const argv = new ArgvBuilder(['find'])
    .flag('ignore-case', optionalBoolean('ignoreCase', options.ignoreCase))
    .value('oldest', optionalString('oldest', options.oldest))
    .value('newest', optionalString('newest', options.newest))
    .values('snapshot', snapshotIds('snapshotIds', options.snapshotIds))
    .flag('reverse', optionalBoolean('reverse', options.reverse));
  return addSnapshotFilters(argv, options).positionals(list).build();
}

/**
 * `restic find --json`, one snapshot's matches at a time, as restic finds them. restic prints
 * the whole result as one JSON array on one line; it is parsed element by element, so memory
 * holds one snapshot's matches, not all of them.
 */
export async function* findStream(context: CommandContext | (() => CommandContext), patterns: string | readonly string[], options: FindOptions = {}): AsyncGenerator<FindResult, void, undefined> {
  // Created on the first step, so that bad settings surface where the loop begins.
  const ctx = typeof context === 'function' ? context() : context;
  const args = findArgs(patterns, options, await ctx.resticVersion(options.signal));
  const elements = new JsonArrayElements();
  for await (const chunk of ctx.stream({ name: 'find', args, json: true, signal: options.signal, binaryStdout: true })) {
    for (const element of elements.push(chunk)) yield element as FindResult;
  }
  for (const element of elements.end()) yield element as FindResult;
}

/** `restic find --json`: one entry per snapshot with matches (an empty array when nothing matches). */
export async function find(ctx: CommandContext, patterns: string | readonly string[], options: FindOptions = {}): Promise<FindResult[]> {
  const results: FindResult[] = [];
  for await (const result of findStream(ctx, patterns, options)) results.push(result);
  return results;
}
