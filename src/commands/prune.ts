import { byteSize, checkString, maxUnused } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, flag, value } from '../options/declare.js';
import { DRY_RUN } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

/** How prune repacks; the same options apply to `forget({ prune: true })`. */
export interface PruneTuning {
  /** How much unused space may remain: `'5%'` (restic's default), a size such as `'1G'`, or `'unlimited'` (`--max-unused`). */
  maxUnused?: string;
  /** Repack at most this much (`--max-repack-size`): bytes, or a size such as `'2G'`. */
  maxRepackSize?: string | number;
  /** Only repack packs that are cached (`--repack-cacheable-only`). */
  repackCacheableOnly?: boolean;
  /** Repack small packs too (`--repack-small`; restic 0.19 does so always and calls the flag deprecated). */
  repackSmall?: boolean;
  /** Repack packs smaller than this, e.g. `'16M'` (`--repack-smaller-than`, restic 0.18+; 0.19 takes only M). */
  repackSmallerThan?: string;
  /** Repack all uncompressed data (`--repack-uncompressed`). */
  repackUncompressed?: boolean;
}

export interface PruneOptions extends CallOptions, PruneTuning {
  /** Only report what would be removed (`--dry-run`). */
  dryRun?: boolean;
  /**
   * For a repository whose storage is full: the repository's ID, as restic demands, to let
   * prune delete before it writes (`--unsafe-recover-no-free-space`). Read restic's manual first.
   */
  unsafeRecoverNoFreeSpace?: string;
}

/** What `prune` did: restic prints text only, kept here whole. */
export interface PruneResult {
  /** What restic printed on stdout. */
  log: string;
}

function smallerThan(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = checkString(option, value);
  if (!/^\d+[kKmM]?$/.test(text)) throw new InvalidArgumentError(option, `expected a size such as '16M', got '${text}'`);
  return text;
}

/** How prune repacks: options of `prune`, and of `forget` with `prune: true`. */
export const PRUNE_TUNING = {
  maxUnused: value('max-unused', { check: maxUnused, sample: '5%' }),
  maxRepackSize: value('max-repack-size', { check: byteSize, sample: '2G' }),
  repackCacheableOnly: flag('repack-cacheable-only'),
  repackSmall: flag('repack-small'),
  repackSmallerThan: value('repack-smaller-than', { since: '0.18.0', check: smallerThan, sample: '16M' }),
  repackUncompressed: flag('repack-uncompressed'),
} as const;

/** The tuning option given, if any (forget refuses them without `prune: true`). */
export function pruneTuningGiven(options: PruneTuning): keyof PruneTuning | undefined {
  return (Object.keys(PRUNE_TUNING) as (keyof PruneTuning)[]).find((name) => options[name] !== undefined && options[name] !== false);
}

/** `restic prune`: every option, declared once. */
export const pruneCommand = defineCommand<PruneOptions>({
  call: 'prune',
  command: 'prune',
  options: () => ({
    dryRun: DRY_RUN,
    ...PRUNE_TUNING,
    unsafeRecoverNoFreeSpace: value('unsafe-recover-no-free-space'),
  }),
});

export function pruneArgs(options: PruneOptions, installed: string): string[] {
  return argvOf(pruneCommand, options, installed);
}

/** `restic prune`: removes data no snapshot uses (takes an exclusive lock). */
export async function prune(ctx: CommandContext, options: PruneOptions = {}): Promise<PruneResult> {
  const result = await ctx.exec({ name: 'prune', args: pruneArgs(options, await ctx.resticVersion(options?.signal)), signal: options.signal });
  return { log: result.stdoutText };
}
