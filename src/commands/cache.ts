import { nonNegativeInteger } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, flag, value } from '../options/declare.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

export interface CacheOptions extends CallOptions {
  /** Remove cache folders older than `maxAge` (`--cleanup`). */
  cleanup?: boolean;
  /** With cleanup: how many days unused makes a folder old; restic's default is 30 (`--max-age`). */
  maxAge?: number;
  /** Do not compute the folders' sizes, which is faster (`--no-size`). */
  noSize?: boolean;
}

/** One repository's cache folder. */
export interface CacheEntry {
  /** The first digits of the repository's ID, as restic prints them. */
  repoId: string;
  /** Days since restic last used it. */
  lastUsedDays: number;
  /** Whether restic counts it as old (unused for longer than the maximum age). */
  old: boolean;
  /** Its size as restic prints it (`'1.235 KiB'`); undefined with `noSize`. */
  size: string | undefined;
}

/** What `cache()` found, read from restic's text. */
export interface CacheResult {
  /** The cache folders (after a cleanup, those that are left). */
  entries: CacheEntry[];
  /** The folder that holds them, when restic names it. */
  directory: string | undefined;
  /** How many folders a cleanup removed. */
  removed: number;
  /** What restic printed on stdout (with `cleanup`, that of both runs). */
  log: string;
}

/** `restic cache`: every option, declared once. */
export const cacheCommand = defineCommand<CacheOptions>({
  call: 'cache',
  command: 'cache',
  options: () => ({
    cleanup: flag('cleanup'),
    maxAge: value('max-age', { check: nonNegativeInteger, sample: 30 }),
    noSize: flag('no-size'),
  }),
});

export function cacheArgs(options: CacheOptions, installed: string): string[] {
  return argvOf(cacheCommand, options, installed);
}

/** Reads `restic cache`'s table (it has no JSON). */
export function parseCacheLog(log: string): Omit<CacheResult, 'log'> {
  const entries: CacheEntry[] = [];
  let directory: string | undefined;
  let removed = 0;
  for (const line of log.split('\n')) {
    const row = /^([0-9a-f]{6,})\s+(\d+) days? ago(?:\s+(yes))?(?:\s+(\S.*?))?\s*$/.exec(line);
    if (row) {
      entries.push({ repoId: row[1] as string, lastUsedDays: Number(row[2]), old: row[3] === 'yes', size: row[4] });
      continue;
    }
    const where = /^\d+ cache dirs? in (.+)$/.exec(line) ?? /^no cache dirs found, basedir is (.+)$/.exec(line);
    if (where) directory = where[1];
    const cleaned = /^remove (\d+) old cache dir/.exec(line);
    if (cleaned) removed = Number(cleaned[1]);
  }
  return { entries, directory, removed };
}

/**
 * `restic cache`: the local cache folders of all repositories (or, with `cleanup`, removes
 * the old ones first). Needs no repository; the instance's `cacheDir` says where to look.
 */
export async function cache(ctx: CommandContext, options: CacheOptions = {}): Promise<CacheResult> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = cacheArgs(options, installed);
  const result = await ctx.exec({ name: 'cache', args, needsRepository: false, signal: options.signal });
  const log = result.stdoutText;
  // A cleanup prints what it removed, not the table: list what is left.
  if (options.cleanup) {
    const after = await ctx.exec({ name: 'cache', args: cacheArgs({ noSize: options.noSize }, installed), needsRepository: false, signal: options.signal });
    const parsed = parseCacheLog(after.stdoutText);
    return { ...parsed, removed: parseCacheLog(log).removed, log: `${log}\n${after.stdoutText}` };
  }
  return { ...parseCacheLog(log), log };
}
