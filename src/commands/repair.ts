import { ArgvBuilder, optionalBoolean, snapshotIds, stringList } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature } from '../options/gate.js';
import { checkOptions } from '../option-table.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';
import { parseRewriteLog, type RewrittenSnapshot } from './rewrite.js';

export interface RepairIndexOptions extends CallOptions {
  /** Read every pack file rather than trust the existing index (`--read-all-packs`). */
  readAllPacks?: boolean;
}

export interface RepairSnapshotsOptions extends CallOptions, SnapshotFilterOptions {
  /** Only report what would be done (`--dry-run`). */
  dryRun?: boolean;
  /** Remove the damaged snapshots after writing the repaired ones (`--forget`). */
  forget?: boolean;
  /** The snapshots to repair (default: all that match the filters). */
  snapshotIds?: readonly string[];
}

/** What a repair did: restic prints text only, kept here whole. */
export interface RepairResult {
  /** What restic printed on stdout. */
  log: string;
}

export interface RepairSnapshotsResult extends RepairResult {
  /** Each repaired snapshot written (short IDs, as restic prints them). */
  repaired: RewrittenSnapshot[];
  /** Damaged snapshots removed (with `forget`). */
  removed: string[];
}

/** `restic repair …`. */
export interface RepairCommands {
  /** Rebuilds the index from the pack files (`repair index`; `rebuild-index` on restic before 0.16). */
  index(options?: RepairIndexOptions): Promise<RepairResult>;
  /** Writes copies of damaged snapshots without what is missing (restic 0.16+). */
  snapshots(options?: RepairSnapshotsOptions): Promise<RepairSnapshotsResult>;
  /** Salvages what can be read from damaged pack files, named by ID, then removes them (restic 0.17+). */
  packs(packIds: string | readonly string[], options?: CallOptions): Promise<RepairResult>;
}

export function repairIndexArgs(options: RepairIndexOptions, installed: string): string[] {
  checkOptions('repairIndex', options, installed);
  const command = hasFeature(installed, 'repairCommand') ? ['repair', 'index'] : ['rebuild-index'];
  return new ArgvBuilder(command).flag('read-all-packs', optionalBoolean('readAllPacks', options.readAllPacks)).build();
}

export function repairSnapshotsArgs(options: RepairSnapshotsOptions, installed: string): string[] {
  checkOptions('repairSnapshots', options, installed);
  const argv = new ArgvBuilder(['repair', 'snapshots'])
    .flag('dry-run', optionalBoolean('dryRun', options.dryRun))
    .flag('forget', optionalBoolean('forget', options.forget));
  return addSnapshotFilters(argv, options).positionals(snapshotIds('snapshotIds', options.snapshotIds)).build();
}

export function repairPacksArgs(packIds: string | readonly string[], options: CallOptions, installed: string): string[] {
  checkOptions('repairPacks', options, installed);
  const ids = stringList('packIds', packIds, { nonEmpty: true });
  if (!ids?.length) throw new InvalidArgumentError('packIds', 'name the damaged pack files (as check reports them)');
  for (const id of ids) if (!/^[0-9a-f]{64}$/.test(id)) throw new InvalidArgumentError('packIds', `expected a whole pack ID (64 hex digits), got '${id}'`);
  return new ArgvBuilder(['repair', 'packs']).positionals(ids).build();
}

export function repairCommands(context: () => CommandContext): RepairCommands {
  return {
    async index(options = {}) {
      const ctx = context();
      const args = repairIndexArgs(options, await ctx.resticVersion(options.signal));
      const result = await ctx.exec({ name: 'repair index', args, signal: options.signal });
      return { log: result.stdoutText };
    },
    async snapshots(options = {}) {
      const ctx = context();
      const args = repairSnapshotsArgs(options, await ctx.resticVersion(options.signal));
      const result = await ctx.exec({ name: 'repair snapshots', args, signal: options.signal });
      const { rewritten, removed } = parseRewriteLog(result.stdoutText);
      return { repaired: rewritten, removed, log: result.stdoutText };
    },
    async packs(packIds, options = {}) {
      const ctx = context();
      const args = repairPacksArgs(packIds, options, await ctx.resticVersion(options.signal));
      const result = await ctx.exec({ name: 'repair packs', args, signal: options.signal });
      return { log: result.stdoutText };
    },
  };
}
