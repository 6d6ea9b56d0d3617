import { oneOf, snapshotIds, stringList } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, choice, defineCommand, flag, repeated, value, type Check } from '../options/declare.js';
import { REVERSE, SNAPSHOT_FILTERS } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { JsonArrayElements } from '../json-array-stream.js';
import type { FindObjectMatch, FindResult } from '../types/find.js';
import { stoppable } from '../shared/stoppable.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

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

/** The snapshots a search looks through, and in what order: options of find and findObjects. */
const SNAPSHOT_RANGE = {
  oldest: value('oldest'),
  newest: value('newest'),
  snapshotIds: repeated('snapshot', { check: snapshotIds, sample: ['latest'] }),
  reverse: REVERSE,
} as const;

/** `restic find`: every option, and the patterns searched for, declared once. */
export const findCommand = defineCommand<FindOptions>({
  call: 'find',
  command: 'find',
  options: () => ({
    ignoreCase: flag('ignore-case'),
    ...SNAPSHOT_RANGE,
    ...SNAPSHOT_FILTERS,
    pattern: argument({ check: nonEmptyList('give a pattern to search for'), sample: ['*.txt'] }),
  }),
});

export function findArgs(patterns: string | readonly string[], options: FindOptions, installed: string): string[] {
  return argvOf(findCommand, options, installed, { pattern: patterns });
}

/** A string or a non-empty list of strings; `missing` says what to give. */
function nonEmptyList(missing: string): Check {
  return (option, v) => {
    const list = stringList(option, v, { nonEmpty: true });
    if (!list) throw new InvalidArgumentError(option, missing);
    return list;
  };
}

export const FIND_OBJECT_TYPES = ['blob', 'tree', 'pack'] as const;

export interface FindObjectsOptions extends CallOptions, SnapshotFilterOptions, Pick<FindOptions, 'oldest' | 'newest' | 'snapshotIds' | 'reverse'> {
  /** What the IDs name: data or tree blobs, or pack files (`--blob`, `--tree`, `--pack`). */
  type: (typeof FIND_OBJECT_TYPES)[number];
  /** Also say which pack holds each blob (`--show-pack-id`, with `type: 'blob'` or `'tree'`; findObjects only, as restic prints it after the matches). */
  showPackId?: boolean;
}

function objectType(option: string, v: unknown): string {
  if (v === undefined) throw new InvalidArgumentError(option, "findObjects needs the type of the IDs: 'blob', 'tree' or 'pack'");
  return oneOf(option, v, FIND_OBJECT_TYPES) as string;
}

const someIds = nonEmptyList('give an ID to search for');

function hexIds(option: string, v: unknown, installed: string): string[] {
  const list = someIds(option, v, installed) as string[];
  for (const id of list) if (!/^[0-9a-f]+$/.test(id)) throw new InvalidArgumentError(option, `expected hexadecimal IDs, got '${id}'`);
  return list;
}

/** `restic find --blob|--tree|--pack`: every option, and the IDs searched for, declared once. */
export const findObjectsCommand = defineCommand<FindObjectsOptions>({
  call: 'findObjects',
  command: 'find',
  options: () => ({
    type: choice(FIND_OBJECT_TYPES, { check: objectType, sample: 'blob' }),
    showPackId: flag('show-pack-id'),
    ...SNAPSHOT_RANGE,
    ...SNAPSHOT_FILTERS,
    ids: argument({ check: hexIds, sample: ['abcd'] }),
  }),
  validate: (options) => {
    if (options.showPackId && options.type === 'pack') throw new InvalidArgumentError('showPackId', "applies to blobs and trees, not to type 'pack'");
  },
});

export function findObjectsArgs(ids: string | readonly string[], options: FindObjectsOptions, installed: string): string[] {
  return argvOf(findObjectsCommand, options, installed, { ids });
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
    const args = findObjectsArgs(ids, options, await ctx.resticVersion(options?.signal));
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
