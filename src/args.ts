// Transitional: the argv builder of commands not yet declared as data (see src/options/).
export * from './shared/checks.js';
export { knownOptions } from './options/known-options.js';

/**
 * Builds restic's argv from typed options. Values are always attached with `=`
 * (`--exclude=-weird`), and positionals (paths, patterns, IDs) come after `--`, so that
 * nothing a user passes can be read by restic as a flag.
 */
export class ArgvBuilder {
  private readonly argv: string[] = [];
  private readonly trailing: string[] = [];

  constructor(command: readonly string[]) {
    this.argv.push(...command);
  }

  /** `--name` when `on` is true. */
  flag(name: string, on: boolean | undefined): this {
    if (on) this.argv.push(`--${name}`);
    return this;
  }

  /** `--name=value` when a value is given (0 and '' are values). */
  value(name: string, value: string | number | undefined): this {
    if (value !== undefined) this.argv.push(`--${name}=${value}`);
    return this;
  }

  /** `--name=a --name=b` for each value. */
  values(name: string, values: readonly (string | number)[] | undefined): this {
    for (const value of values ?? []) this.argv.push(`--${name}=${value}`);
    return this;
  }

  /** Positional arguments, placed after `--`. */
  positionals(values: readonly string[] | undefined): this {
    if (values) this.trailing.push(...values);
    return this;
  }

  build(): string[] {
    return this.trailing.length > 0 ? [...this.argv, '--', ...this.trailing] : [...this.argv];
  }
}

