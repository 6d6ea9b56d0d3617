import type { CommandSpec, OptionDeclaration } from './declare.js';
import { gate } from './gate.js';
import { knownOptions } from './known-options.js';
import { isAtLeast as atLeast } from '../version.js';

/** What one call of a command hands to restic: its argv (global flags aside) and its own variables. */
export interface CommandLine {
  readonly argv: string[];
  readonly env: Record<string, string | undefined>;
}

/**
 * The one builder: a call's options, checked against the command's declarations, as argv.
 * Unknown names are refused, what the installed restic lacks is refused (gate.ts), each value
 * is checked by its declaration, then the spec's checks across options run. Values are
 * attached with `=` (`--exclude=-weird`) and positionals come after `--`, so nothing a user
 * passes can be read by restic as a flag.
 *
 * `args` holds the method's parameters (`find(pattern)`), declared as `argument`s;
 * `words` replaces the command's words where an old restic names it otherwise.
 */
export function commandLine<O>(spec: CommandSpec<O>, options: O | undefined, installed: string, args: Record<string, unknown> = {}, words?: readonly string[]): CommandLine {
  const optionNames = Object.keys(spec.options).filter((name) => spec.options[name]?.kind !== 'argument');
  knownOptions(spec.call, options, optionNames);
  const given = { ...(options as Record<string, unknown> | undefined), ...args };
  gate(spec as CommandSpec<never>, given, installed);
  const line: Parts = { flags: [], trailing: [], env: {} };
  const checked: [string, unknown][] = Object.entries(spec.options).map(([name, d]) => [name, d.check(name, given[name], installed)]);
  spec.validate?.((options ?? {}) as O, installed);
  for (const [name, v] of checked) {
    const d = spec.options[name] as OptionDeclaration;
    if (d.since !== undefined && d.omitBefore && !atLeast(installed, d.since)) continue;
    emit(d, v, line);
  }
  const command = words ?? (spec.command === '' ? [] : spec.command.split(' '));
  return assemble([...command, ...(spec.fixedFlags ?? []).map((f) => `--${f}`)], line);
}

interface Parts {
  flags: string[];
  trailing: string[];
  env: Record<string, string | undefined>;
}

function assemble(command: readonly string[], { flags, trailing, env }: Parts): CommandLine {
  return { argv: trailing.length > 0 ? [...command, ...flags, '--', ...trailing] : [...command, ...flags], env };
}

/** Where one checked value goes: the only place that writes a flag. */
function emit(d: OptionDeclaration, v: unknown, { flags, trailing, env }: Parts): void {
  if (v === undefined) return;
  switch (d.kind) {
    case 'flag':
      if (v === true) flags.push(`--${d.flag}`);
      return;
    case 'value':
      flags.push(`--${d.flag}=${String(v)}`);
      return;
    case 'repeated':
      for (const item of v as readonly unknown[]) flags.push(`--${d.flag}=${String(item)}`);
      return;
    case 'choice':
      flags.push(`--${String(v)}`);
      return;
    case 'command':
      flags.push(`--${d.flag}`);
      trailing.push(...(v as string[]));
      return;
    case 'positional':
    case 'argument':
      trailing.push(...(Array.isArray(v) ? (v as string[]) : [String(v)]));
      return;
    case 'env':
      env[d.variable as string] = v as string;
      return;
    case 'local':
      return;
  }
}

/**
 * One option alone, checked and placed as the builder places it, without the command's
 * checks across options: what the table test gives each declaration.
 */
export function optionLine(spec: CommandSpec<never>, name: string, v: unknown, installed: string): CommandLine {
  const d = spec.options[name];
  if (d === undefined) throw new Error(`${spec.call} declares no option ${name}`);
  const line: Parts = { flags: [], trailing: [], env: {} };
  emit(d, d.check(name, v, installed), line);
  return assemble([], line);
}

/** {@link commandLine}'s argv alone, for commands with no variables of their own. */
export function argvOf<O>(spec: CommandSpec<O>, options: O | undefined, installed: string, args: Record<string, unknown> = {}, words?: readonly string[]): string[] {
  return commandLine(spec, options, installed, args, words).argv;
}
