import { stringList } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand } from '../options/declare.js';
import { FORCE } from '../options/shared-options.js';
import { InvalidArgumentError, ResticError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import type { CallOptions } from './common.js';

export interface MigrateOptions extends CallOptions {
  /** Apply a migration even when restic thinks it is not needed (`--force`). */
  force?: boolean;
}

/** A migration restic can apply to this repository. */
export interface Migration {
  /** The name to give `migrate()`, e.g. `upgrade_repo_v2`. */
  name: string;
  /** restic's description of it. */
  description: string;
}

/** What `migrate()` did. */
export interface MigrateResult {
  /** The migrations restic reported as done. */
  applied: string[];
  /** What restic printed on stdout. */
  log: string;
}

/** Names of migrations, as `migrations()` lists them; none given: restic lists them. */
function migrationNames(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = stringList(option, value);
  if (!list?.length) throw new InvalidArgumentError(option, 'name the migrations to apply (see migrations())');
  for (const name of list) if (!/^[a-z0-9_]+$/.test(name)) throw new InvalidArgumentError(option, `not a migration name: '${name}'`);
  return list;
}

/** `restic migrate`: every option and the names, declared once. Without names restic lists the migrations. */
export const migrateCommand = defineCommand<MigrateOptions>({
  call: 'migrate',
  command: 'migrate',
  options: () => ({
    force: FORCE,
    names: argument({ check: migrationNames, sample: ['upgrade_repo_v2'] }),
  }),
});

/** Reads the list `restic migrate` prints without names (it has no JSON). */
export function parseMigrationList(text: string): Migration[] {
  const migrations: Migration[] = [];
  for (const line of text.split('\n')) {
    const row = /^\s+([a-z0-9_]+)\s+(.*)$/.exec(line);
    if (row) migrations.push({ name: row[1] as string, description: (row[2] as string).trim() });
  }
  return migrations;
}

/** `restic migrate` without names: the migrations this repository can take. */
export async function migrations(ctx: CommandContext, options: CallOptions = {}): Promise<Migration[]> {
  const args = argvOf(migrateCommand, options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'migrate', args, signal: options.signal });
  return parseMigrationList(result.stdoutText);
}

export function migrateArgs(names: string | readonly string[], options: MigrateOptions, installed: string): string[] {
  // Without names restic would list the migrations, not apply any: migrate() needs them.
  if (names === undefined) throw new InvalidArgumentError('names', 'name the migrations to apply (see migrations())');
  return argvOf(migrateCommand, options, installed, { names });
}

/**
 * `restic migrate <names>`: applies migrations (such as `upgrade_repo_v2`). restic exits 0
 * for a name it does not know and for a migration it skips, so each name must be reported as
 * a success in restic's output, or the call rejects with the log.
 */
export async function migrate(ctx: CommandContext, names: string | readonly string[], options: MigrateOptions = {}): Promise<MigrateResult> {
  const args = migrateArgs(names, options, await ctx.resticVersion(options?.signal));
  const result = await ctx.exec({ name: 'migrate', args, signal: options.signal });
  const log = result.stdoutText;
  const applied = [...log.matchAll(/^migration ([a-z0-9_]+): success$/gm)].map((m) => m[1] as string);
  const missing = (stringList('names', names) ?? []).filter((name) => !applied.includes(name));
  if (missing.length > 0) {
    const said = [log, result.stderr].join('\n').trim();
    throw new ResticError(`restic did not apply migration ${missing.join(', ')}${said ? `: ${said.split('\n').slice(-3).join(' / ')}` : ''}`, {
      exitCode: result.exitCode,
      stderr: result.stderr,
      args: result.args,
    });
  }
  return { applied, log };
}
