import { stringList } from '../shared/checks.js';
import { WHOLE_ID } from '../shared/ids.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand, flag } from '../options/declare.js';
import { hasFeature } from '../options/gate.js';
import { DRY_RUN, FORGET_REPLACED, SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';
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

/** `restic repair index`: every option, declared once. */
export const repairIndexCommand = defineCommand<RepairIndexOptions>({
  call: 'repairIndex',
  command: 'repair index',
  options: () => ({
    readAllPacks: flag('read-all-packs'),
  }),
});

/** `restic repair snapshots` (restic 0.16+): every option, declared once. */
export const repairSnapshotsCommand = defineCommand<RepairSnapshotsOptions>({
  call: 'repairSnapshots',
  command: 'repair snapshots',
  since: '0.16.0',
  options: () => ({
    dryRun: DRY_RUN,
    forget: FORGET_REPLACED,
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
});

/** Whole pack IDs, as check reports the damaged ones. */
function packIds(option: string, value: unknown): string[] {
  const ids = stringList(option, value);
  if (!ids?.length) throw new InvalidArgumentError(option, 'name the damaged pack files (as check reports them)');
  for (const id of ids) if (!WHOLE_ID.test(id)) throw new InvalidArgumentError(option, `expected a whole pack ID (64 hex digits), got '${id}'`);
  return ids;
}

/** `restic repair packs` (restic 0.17+; 0.16 had it behind a feature flag): the pack IDs, declared once. */
export const repairPacksCommand = defineCommand<CallOptions>({
  call: 'repairPacks',
  command: 'repair packs',
  since: '0.17.0',
  options: () => ({
    packIds: argument({ check: packIds, sample: ['0'.repeat(64)] }),
  }),
});

// restic before 0.16 has `rebuild-index`, which took the same options.
const REBUILD_INDEX = ['rebuild-index'];

export function repairIndexArgs(options: RepairIndexOptions, installed: string): string[] {
  return argvOf(repairIndexCommand, options, installed, {}, hasFeature(installed, 'repairCommand') ? undefined : REBUILD_INDEX);
}

export function repairSnapshotsArgs(options: RepairSnapshotsOptions, installed: string): string[] {
  return argvOf(repairSnapshotsCommand, options, installed);
}

export function repairPacksArgs(packIds: string | readonly string[], options: CallOptions, installed: string): string[] {
  return argvOf(repairPacksCommand, options, installed, { packIds });
}

export function repairCommands(context: () => CommandContext): RepairCommands {
  return {
    async index(options = {}) {
      const ctx = context();
      const args = repairIndexArgs(options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'repair index', args, signal: options.signal });
      return { log: result.stdoutText };
    },
    async snapshots(options = {}) {
      const ctx = context();
      const args = repairSnapshotsArgs(options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'repair snapshots', args, signal: options.signal });
      const { rewritten, removed } = parseRewriteLog(result.stdoutText);
      return { repaired: rewritten, removed, log: result.stdoutText };
    },
    async packs(packIds, options = {}) {
      const ctx = context();
      const args = repairPacksArgs(packIds, options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'repair packs', args, signal: options.signal });
      return { log: result.stdoutText };
    },
  };
}
