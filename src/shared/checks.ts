/**
 * Checks of what callers pass, shared by the restic path and the native reader: each names
 * the option it refuses, so that both paths refuse the same mistakes in the same words.
 */
import { InvalidArgumentError } from '../errors.js';
import { HEX_ID_OR_PREFIX, SNAPSHOT_ID, SNAPSHOT_ID_WITH_SUBFOLDER } from './ids.js';

/** A size as restic parses it: bytes, or a whole number with k, m, g or t (`500M`, `2G`); a number means bytes. */
export function byteSize(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(option, `expected a whole number of bytes ≥ 0, got ${value}`);
    return String(value);
  }
  const text = checkString(option, value);
  if (!/^\d+[kKmMgGtT]?$/.test(text)) throw new InvalidArgumentError(option, `expected a size such as '500M' or '2G' (a whole number, then k, m, g or t), got '${text}'`);
  return text;
}

export function checkString(option: string, value: unknown, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(option, `expected a string, got ${describe(value)}`);
  if (!allowEmpty && value === '') throw new InvalidArgumentError(option, 'must not be empty');
  if (value.includes('\0')) throw new InvalidArgumentError(option, 'must not contain a NUL character');
  return value;
}

/**
 * A secret (a password, a password command): checked like a string, but a wrong value is
 * named by its kind alone, so that an error never repeats it.
 */
export function secretString(option: string, value: unknown, { allowEmpty = false } = {}): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidArgumentError(option, `expected a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  return checkString(option, value, { allowEmpty });
}

export function optionalString(option: string, value: unknown, opts: { allowEmpty?: boolean } = {}): string | undefined {
  return value === undefined ? undefined : checkString(option, value, opts);
}

/** A string or a list of strings, as a list. */
export function stringList(option: string, value: unknown, { nonEmpty = false } = {}): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw new InvalidArgumentError(option, `expected a string or an array of strings, got ${describe(value)}`);
  if (nonEmpty && list.length === 0) throw new InvalidArgumentError(option, 'must not be an empty list');
  return list.map((item, i) => checkString(`${option}[${i}]`, item));
}

export function optionalBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(option, `expected true or false, got ${describe(value)}`);
  return value;
}

/** A whole number ≥ 1. */
export function positiveInteger(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(option, `expected a whole number ≥ 1, got ${describe(value)}`);
  return value;
}

/** A whole number ≥ 0 (0 is a value, not an absent option). */
export function nonNegativeInteger(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(option, `expected a whole number ≥ 0, got ${describe(value)}`);
  }
  return value;
}

/** restic's durations for keep-within: `2y5m7d3h`, with at least one part. */
export function retentionDuration(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = checkString(option, value);
  if (!/^(\d+[ymdh])+$/.test(text)) throw new InvalidArgumentError(option, `expected a duration such as '1y6m', '7d' or '12h', got '${text}'`);
  return text;
}

/** A Go duration for global timeouts: `5m`, `1h30m`, `90s`; a number means seconds. */
export function goDuration(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError(option, `expected seconds ≥ 0, got ${value}`);
    return `${value}s`;
  }
  const text = checkString(option, value);
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) {
    throw new InvalidArgumentError(option, `expected a duration such as '30s', '5m' or '1h30m', got '${text}'`);
  }
  return text;
}

export function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(option, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}


/** `latest` or a (possibly shortened) hexadecimal snapshot ID; with `subfolder`, also `<id>:<path in the snapshot>`. */
export function snapshotId(option: string, value: unknown, { subfolder = false } = {}): string {
  const text = checkString(option, value);
  if (SNAPSHOT_ID.test(text) || (subfolder && SNAPSHOT_ID_WITH_SUBFOLDER.test(text))) return text;
  const expected = subfolder ? `'latest' or a hexadecimal snapshot ID, optionally followed by ':<folder>'` : `'latest' or a hexadecimal snapshot ID`;
  throw new InvalidArgumentError(option, `expected ${expected}, got '${text}'`);
}

export function snapshotIds(option: string, value: unknown): string[] | undefined {
  const list = stringList(option, value);
  return list?.map((id, i) => snapshotId(`${option}[${i}]`, id));
}

/** What snapshots can be grouped by. */
export type GroupKey = 'host' | 'paths' | 'tags';
/** How snapshots are grouped: `'host'`, `'host,paths'`, `['host', 'tags']`; empty turns grouping off. */
export type GroupBy = string | readonly GroupKey[];
const GROUP_KEYS = ['host', 'paths', 'tags'];

/** The value of `--group-by`: '' when grouping is turned off, undefined when not given. */
export function groupByValue(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const parts = typeof value === 'string' ? value.split(',').map((p) => p.trim()).filter((p) => p !== '') : value;
  if (!Array.isArray(parts)) throw new InvalidArgumentError(option, `expected a string such as 'host,paths' or an array such as ['host', 'paths'], got ${describe(value)}`);
  for (const part of parts) {
    if (typeof part !== 'string' || !GROUP_KEYS.includes(part)) {
      throw new InvalidArgumentError(option, `unknown grouping ${describe(part)}; use 'host', 'paths' and/or 'tags'`);
    }
  }
  return parts.join(',');
}

/**
 * Tags filter snapshots in two ways, as restic does. Each entry of the list is an
 * alternative; an entry that is itself a list requires all its tags at once.
 * `['a', 'b']`: snapshots with tag a OR tag b (`--tag a --tag b`).
 * `[['a', 'b']]`: snapshots with tags a AND b (`--tag a,b`).
 * A plain string is one alternative: `'a'` is `['a']`.
 */
export type TagFilter = string | readonly (string | readonly string[])[];

export function tagFilterValues(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const alternatives = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(alternatives)) throw new InvalidArgumentError(option, `expected a tag, an array of tags, or an array of tag arrays, got ${describe(value)}`);
  return alternatives.map((alternative: unknown, i) => {
    const all = typeof alternative === 'string' ? [alternative] : alternative;
    if (!Array.isArray(all) || all.length === 0) {
      throw new InvalidArgumentError(`${option}[${i}]`, `expected a tag or a non-empty array of tags, got ${describe(alternative)}`);
    }
    return all.map((tag, j) => singleTag(`${option}[${i}]${Array.isArray(alternative) ? `[${j}]` : ''}`, tag)).join(',');
  });
}

/** Tags to set on a snapshot: each becomes one `--tag`. */
export function tagList(option: string, value: unknown): string[] | undefined {
  const list = stringList(option, value);
  return list?.map((tag, i) => singleTag(`${option}[${i}]`, tag));
}

function singleTag(option: string, tag: unknown): string {
  const text = checkString(option, tag);
  // restic splits tag values at commas, so a comma cannot be part of one tag.
  if (text.includes(',')) throw new InvalidArgumentError(option, `a tag cannot contain ',' (got '${text}'); give several tags as an array`);
  return text;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** How much unused space prune may leave: a percentage (`'5%'`), a size (`'1G'`) or `'unlimited'`. */
export function maxUnused(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^(unlimited|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/.test(value)) {
    throw new InvalidArgumentError(option, `expected a percentage ('5%'), a size ('1G') or 'unlimited', got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The longest delay a Node timer takes (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay for a timer: a number of milliseconds from `min` to MAX_TIMER_MS, whole when `whole`. */
export function timerMilliseconds(option: string, value: unknown, { min, whole }: { min: number; whole: boolean }): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min || value > MAX_TIMER_MS) {
    throw new InvalidArgumentError(option, `expected milliseconds from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`);
  }
}

/** An ID or a prefix of one: 1 to 64 lowercase hex digits. `what` names it in the message. */
export function checkHexId(option: string, id: unknown, what = 'ID'): string {
  const text = checkString(option, id);
  if (!HEX_ID_OR_PREFIX.test(text)) throw new InvalidArgumentError(option, `expected a hexadecimal ${what}, got '${text}'`);
  return text;
}
