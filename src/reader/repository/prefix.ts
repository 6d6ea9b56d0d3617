// IDs given shortened, as restic takes them: a unique prefix names the file.
import { HEX_ID_OR_PREFIX } from '../../shared/ids.js';
import { InvalidArgumentError, ObjectNotFoundError } from '../errors.js';

/** Resolves a unique prefix among IDs; `kind` names them in errors. */
export function resolvePrefix(ids: readonly string[], prefix: string, kind: string): string {
  if (typeof prefix !== 'string' || !HEX_ID_OR_PREFIX.test(prefix)) throw new InvalidArgumentError('id', `expected a hexadecimal ${kind} ID, got ${JSON.stringify(prefix)}`);
  if (prefix.length === 64) {
    if (ids.includes(prefix)) return prefix;
    throw new ObjectNotFoundError(kind, prefix);
  }
  const found = ids.filter((id) => id.startsWith(prefix));
  if (found.length === 0) throw new ObjectNotFoundError(kind, prefix);
  if (found.length > 1) throw new InvalidArgumentError('id', `the prefix ${prefix} matches ${found.length} ${kind} IDs`);
  return found[0]!;
}
