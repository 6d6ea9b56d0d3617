import type { CommandContext } from '../executor.js';
import { argvOf } from '../options/build.js';
import { defineCommand } from '../options/declare.js';
import type { CallOptions } from './common.js';

/** One of restic's feature flags (set through `RESTIC_FEATURES`). */
export interface FeatureFlag {
  /** The flag's name, as `RESTIC_FEATURES` takes it. */
  name: string;
  /** `'alpha'`, `'beta'`, `'stable'` or `'deprecated'`. */
  type: string;
  /** Whether it is on unless `RESTIC_FEATURES` says otherwise. */
  default: boolean;
  /** restic's description of it. */
  description: string;
}

/** `restic features` (restic 0.17+): no options of its own, declared so that unknown ones are refused. */
export const featuresCommand = defineCommand<CallOptions>({ call: 'features', command: 'features', since: '0.17.0' });

/** Reads `restic features`' table (it has no JSON). */
export function parseFeaturesTable(text: string): FeatureFlag[] {
  const flags: FeatureFlag[] = [];
  for (const line of text.split('\n')) {
    const row = /^([a-z0-9][a-z0-9-]*)\s+(alpha|beta|stable|deprecated)\s+(true|false)\s+(.*)$/.exec(line);
    if (row) flags.push({ name: row[1] as string, type: row[2] as string, default: row[3] === 'true', description: (row[4] as string).trim() });
  }
  return flags;
}

/** `restic features` (restic 0.17+): the feature flags this restic knows. Needs no repository. */
export async function features(ctx: CommandContext, options: CallOptions = {}): Promise<FeatureFlag[]> {
  const args = argvOf(featuresCommand, options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'features', args, needsRepository: false, signal: options.signal });
  return parseFeaturesTable(result.stdoutText);
}
