import { ArgvBuilder, byteSize, knownOptions, maxUnused, optionalBoolean } from '../args.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

export interface PruneOptions extends CallOptions {
  /** Only report what would be removed (`--dry-run`). */
  dryRun?: boolean;
  /** How much unused space may remain: `'5%'` (restic's default), a size such as `'1G'`, or `'unlimited'` (`--max-unused`). */
  maxUnused?: string;
  /** Repack at most this much (`--max-repack-size`): bytes, or a size such as `'2G'`. */
  maxRepackSize?: string | number;
  /** Only repack packs that are cached (`--repack-cacheable-only`). */
  repackCacheableOnly?: boolean;
  /** Repack all uncompressed data (`--repack-uncompressed`). */
  repackUncompressed?: boolean;
}

/** What `prune` did: restic prints text only, kept here whole. */
export interface PruneResult {
  log: string;
}

export function pruneArgs(options: PruneOptions): string[] {
  knownOptions('prune', options, ['dryRun', 'maxUnused', 'maxRepackSize', 'repackCacheableOnly', 'repackUncompressed']);
  return new ArgvBuilder(['prune'])
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .value('max-unused', maxUnused('maxUnused', options.maxUnused))
    .value('max-repack-size', byteSize('maxRepackSize', options.maxRepackSize))
    .flag('repack-cacheable-only', optionalBoolean('repackCacheableOnly', options.repackCacheableOnly))
    .flag('repack-uncompressed', optionalBoolean('repackUncompressed', options.repackUncompressed))
    .build();
}

/** `restic prune`: removes data no snapshot uses (takes an exclusive lock). */
export async function prune(ctx: CommandContext, options: PruneOptions = {}): Promise<PruneResult> {
  const result = await ctx.exec({ name: 'prune', args: pruneArgs(options), signal: options.signal });
  return { log: result.stdoutText };
}
