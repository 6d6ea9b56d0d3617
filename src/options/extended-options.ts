import { InvalidArgumentError } from '../errors.js';
import { isPlainObject } from '../shared/plain-object.js';
import { repeated } from './declare.js';

// restic splits `-o` at the first '=' and trims the name: a name with '=' or blanks would
// reach restic as another name, and an empty one is refused by restic itself.
const OPTION_NAME = /^[^\s=\0]+$/;

/** The `options` setting as restic takes it: `name=value` for each entry. */
function extendedOptionValues(option: string, options: unknown): string[] | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) throw new InvalidArgumentError(option, 'expected a plain object of option names and values, e.g. { \'sftp.command\': \'ssh …\' }');
  return Object.entries(options).map(([key, value]) => {
    const name = `${option}['${key}']`;
    if (!OPTION_NAME.test(key)) throw new InvalidArgumentError(name, 'not a valid option name (empty, or with a blank, = or NUL)');
    const ok = (typeof value === 'string' && !value.includes('\0')) || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new InvalidArgumentError(name, 'expected a string without NUL, a finite number or a boolean');
    return `${key}=${String(value)}`;
  });
}

/**
 * restic's extended options (`-o name=value`), a setting of the instance: one `--option`
 * each. Declared apart from the other settings because the redaction (process/redact.ts)
 * masks its values by position, whatever they hold.
 */
export const EXTENDED_OPTIONS = repeated('option', { check: extendedOptionValues, sample: { 's3.connections': 4 } });
