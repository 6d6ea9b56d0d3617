import { ArgvBuilder, oneOf, optionalBoolean, optionalString, snapshotIds, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { JsonArrayElements } from '../json-array-stream.js';
import type { FindObjectMatch, FindResult } from '../types/find.js';
import { checkOptions } from '../option-table.js';
import { stoppable } from '../shared/stoppable.js';
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
  checkOptions('find', options, installed);
  const list = stringList('pattern', patterns, { nonEmpty: true });
  if (!list) throw new InvalidArgumentError('pattern', 'give a pattern to search for');
  const argv = new ArgvBuilder(['find']).flag('ignore-case', optionalBoolean('ignoreCase', options.ignoreCase));
  return addSnapshotFilters(addSnapshotRange(argv, options), options).positionals(list).build();
}

/** The snapshots a search looks through, common to find and findObjects. */
function addSnapshotRange(argv: ArgvBuilder, options: Pick<FindOptions, 'oldest' | 'newest' | 'snapshotIds' | 'reverse'>): ArgvBuilder {
  return argv
    .value('oldest', optionalString('oldest', options.oldest))
    .value('newest', optionalString('newest', options.newest))
    .values('snapshot', snapshotIds('snapshotIds', options.snapshotIds))
    .flag('reverse', optionalBoolean('reverse', options.reverse));
}

export const FIND_OBJECT_TYPES = ['blob', 'tree', 'pack'] as const;

export interface FindObjectsOptions extends CallOptions, SnapshotFilterOptions, Pick<FindOptions, 'oldest' | 'newest' | 'snapshotIds' | 'reverse'> {
  /** What the IDs name: data or tree blobs, or pack files (`--blob`, `--tree`, `--pack`). */
  type: (typeof FIND_OBJECT_TYPES)[number];
  /** Also say which pack holds each blob (`--show-pack-id`, with `type: 'blob'` or `'tree'`; findObjects only, as restic prints it after the matches). */
  showPackId?: boolean;
}

export function findObjectsArgs(ids: string | readonly string[], options: FindObjectsOptions, installed: string): string[] {
  if (options === undefined || options.type === undefined) throw new InvalidArgumentError('type', "findObjects needs the type of the IDs: 'blob', 'tree' or 'pack'");
  checkOptions('findObjects', options, installed);
  const type = oneOf('type', options.type, FIND_OBJECT_TYPES) as string;
  const list = stringList('ids', ids, { nonEmpty: true });
  if (!list) throw new InvalidArgumentError('ids', 'give an ID to search for');
  for (const id of list) if (!/^[0-9a-f]+$/.test(id)) throw new InvalidArgumentError('ids', `expected hexadecimal IDs, got '${id}'`);
  const showPackId = optionalBoolean('showPackId', options.showPackId);
  if (showPackId && type === 'pack') throw new InvalidArgumentError('showPackId', "applies to blobs and trees, not to type 'pack'");
  const argv = new ArgvBuilder(['find']).flag(type, true).flag('show-pack-id', showPackId);
  return addSnapshotFilters(addSnapshotRange(argv, options), options).positionals(list).build();
}

/**
 * `restic find --json --blob|--tree|--pack`: where in the snapshots these objects are used,
 * one match a step (restic prints one JSON array, parsed element by element).
 */
export function findObjectsStream(context: CommandContext | (() => CommandContext), ids: string | readonly string[], options: FindObjectsOptions): AsyncGenerator<FindObjectMatch, void, undefined> {
  return stoppable(async function* matches(signal): AsyncGenerator<FindObjectMatch, void, undefined> {
    const ctx = typeof context === 'function' ? context() : context;
    if (options?.showPackId) throw new InvalidArgumentError('showPackId', 'restic prints the packs after all matches, as text: use findObjects()');
    const args = findObjectsArgs(ids, options, await ctx.resticVersion(signal));
    yield* findElements<FindObjectMatch>(ctx, args, signal);
  }, options?.signal);
}

/** The elements of the one JSON array `restic find --json` prints, parsed as its bytes arrive. */
async function* findElements<T>(ctx: CommandContext, args: string[], signal: AbortSignal | undefined): AsyncGenerator<T, void, undefined> {
  const elements = new JsonArrayElements();
  for await (const chunk of ctx.stream({ name: 'find', args, json: true, signal, binaryStdout: true })) {
    for (const element of elements.push(chunk)) yield element as T;
  }
  for (const element of elements.end()) yield element as T;
}

/**
 * The packs `find --show-pack-id` names, as text after the JSON array even in JSON mode:
 * `Object belongs to pack <pack>` then ` ... Pack <short>: <Blob (data) <short blob>, …>`.
 */
export function parsePackLines(text: string): { blob: string; pack: string }[] {
  const found: { blob: string; pack: string }[] = [];
  let pack: string | undefined;
  for (const line of text.split('\n')) {
    const belongs = /^Object belongs to pack ([0-9a-f]{64})/.exec(line);
    if (belongs) pack = belongs[1];
    const blob = /<Blob \((?:data|tree)\) ([0-9a-f]+),/.exec(line);
    if (blob && pack) found.push({ blob: blob[1] as string, pack });
  }
  return found;
}

/** `findObjectsStream()` collected; with `showPackId`, each match gets `pack_id`. */
export async function findObjects(ctx: CommandContext, ids: string | readonly string[], options: FindObjectsOptions): Promise<FindObjectMatch[]> {
  if (options?.showPackId) {
    const args = findObjectsArgs(ids, options, await ctx.resticVersion(options.signal));
    const result = await ctx.exec({ name: 'find', args, json: true, signal: options.signal });
    const arrayLine = result.stdoutText.split('\n').find((line) => line.startsWith('['));
    const elements = new JsonArrayElements();
    const matches = [...elements.push(arrayLine ?? '[]'), ...elements.end()] as FindObjectMatch[];
    const packs = parsePackLines(result.stdoutText);
    for (const match of matches) {
      const pack = packs.find((p) => match.id.startsWith(p.blob))?.pack;
      if (pack !== undefined) match.pack_id = pack;
    }
    return matches;
  }
  const matches: FindObjectMatch[] = [];
  for await (const match of findObjectsStream(ctx, ids, options)) matches.push(match);
  return matches;
}

/**
 * `restic find --json`, one snapshot's matches at a time, as restic finds them. restic prints
 * the whole result as one JSON array on one line; it is parsed element by element, so memory
 * holds one snapshot's matches, not all of them.
 */
export function findStream(context: CommandContext | (() => CommandContext), patterns: string | readonly string[], options: FindOptions = {}): AsyncGenerator<FindResult, void, undefined> {
  return stoppable(async function* results(signal): AsyncGenerator<FindResult, void, undefined> {
    // Created on the first step, so that bad settings surface where the loop begins.
    const ctx = typeof context === 'function' ? context() : context;
    const args = findArgs(patterns, options, await ctx.resticVersion(signal));
    yield* findElements<FindResult>(ctx, args, signal);
  }, options?.signal);
}

/** `restic find --json`: one entry per snapshot with matches (an empty array when nothing matches). */
export async function find(ctx: CommandContext, patterns: string | readonly string[], options: FindOptions = {}): Promise<FindResult[]> {
  const results: FindResult[] = [];
  for await (const result of findStream(ctx, patterns, options)) results.push(result);
  return results;
}
