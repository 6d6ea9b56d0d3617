import { checkHexId } from '../shared/checks.js';
import { InvalidArgumentError, ResticError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { listIds, type ListType } from './list.js';

/**
 * restic wants whole IDs for keys, locks, index and pack files (a prefix is refused with
 * "invalid length"), while it prints short ones in places (0.14's `key list`). A prefix is
 * completed here from `restic list`, and refused when it is ambiguous.
 */
export async function resolveFileId(ctx: CommandContext, type: Exclude<ListType, 'blobs' | 'snapshots'>, option: string, id: unknown, signal?: AbortSignal): Promise<string> {
  const text = checkHexId(option, id);
  if (text.length === 64) return text;
  const matches = (await listIds(ctx, type, { signal })).filter((full) => full.startsWith(text));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) throw new InvalidArgumentError(option, `the prefix '${text}' matches ${matches.length} ${type}; give more digits`);
  throw new ResticError(`no ${type} file with an ID starting with '${text}' in the repository`);
}
