import { ArgvBuilder, byteSize, checkString, maxUnused, optionalBoolean } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { checkOptions } from '../option-table.js';
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

/** Whether any tuning option is given (forget refuses them without `prune: true`). */
export function pruneTuningGiven(options: PruneTuning): keyof PruneTuning | undefined {
  const names: (keyof PruneTuning)[] = ['maxUnused', 'maxRepackSize', 'repackCacheableOnly', 'repackSmall', 'repackSmallerThan', 'repackUncompressed'];
  return names.find((name) => options[name] !== undefined && options[name] !== false);
}

export function addPruneTuning(argv: ArgvBuilder, options: PruneTuning): ArgvBuilder {
  const smallerThan = options.repackSmallerThan === undefined ? undefined : checkString('repackSmallerThan', options.repackSmallerThan);
  if (smallerThan !== undefined && !/^\d+[kKmM]?$/.test(smallerThan)) {
    throw new InvalidArgumentError('repackSmallerThan', `expected a size such as '16M', got '${smallerThan}'`);
  }
  return argv
    .value('max-unused', maxUnused('maxUnused', options.maxUnused))
    .value('max-repack-size', byteSize('maxRepackSize', options.maxRepackSize))
    .flag('repack-cacheable-only', optionalBoolean('repackCacheableOnly', options.repackCacheableOnly))
    .flag('repack-small', optionalBoolean('repackSmall', options.repackSmall))
    .value('repack-smaller-than', smallerThan)
    .flag('repack-uncompressed', optionalBoolean('repackUncompressed', options.repackUncompressed));
}

export function pruneArgs(options: PruneOptions, installed: string): string[] {
  checkOptions('prune', options, installed);
  const recover = options.unsafeRecoverNoFreeSpace === undefined ? undefined : checkString('unsafeRecoverNoFreeSpace', options.unsafeRecoverNoFreeSpace);
  const argv = new ArgvBuilder(['prune']).flag('dry-run', optionalBoolean('dryRun', options.dryRun));
  return addPruneTuning(argv, options).value('unsafe-recover-no-free-space', recover).build();
}

/** `restic prune`: removes data no snapshot uses (takes an exclusive lock). */
export async function prune(ctx: CommandContext, options: PruneOptions = {}): Promise<PruneResult> {
  const result = await ctx.exec({ name: 'prune', args: pruneArgs(options, await ctx.resticVersion(options.signal)), signal: options.signal });
  return { log: result.stdoutText };
}
