import { InvalidArgumentError } from '../errors.js';

/**
 * Refuses option names a command does not know. A misspelt option must not be dropped in
 * silence: `forget({ keepDaily: 7, keep_weekly: 4 })` would otherwise delete more than meant.
 */
export function knownOptions(command: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new InvalidArgumentError('options', `${command} takes an options object`);
  const normal = (name: string): string => name.replace(/[_-]/g, '').toLowerCase();
  for (const key of Object.keys(options)) {
    if (key === 'signal' || allowed.includes(key)) continue;
    const near = allowed.find((a) => normal(a) === normal(key) || normal(a) === normal(key) + 's' || normal(a) + 's' === normal(key));
    throw new InvalidArgumentError(key, `${command} has no such option${near ? `; did you mean '${near}'?` : ''}`);
  }
}

