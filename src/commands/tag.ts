import { tagList } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, repeated, type OptionDeclaration } from '../options/declare.js';
import { hasFeature } from '../options/gate.js';
import { SNAPSHOT_FILTERS, SNAPSHOT_IDS } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface TagOptions extends CallOptions, SnapshotFilterOptions {
  /** Tags to add (`--add`). */
  add?: string | readonly string[];
  /** Tags to remove (`--remove`). */
  remove?: string | readonly string[];
  /** Replace all tags with these (`--set`). Not together with add or remove. restic cannot set an empty list: remove the tags instead. */
  set?: string | readonly string[];
  /** The snapshots to change (default: all that match the filters). */
  snapshotIds?: readonly string[];
}

/** A snapshot `tag` rewrote: restic writes a new snapshot with the new tags and removes the old one. */
export interface TaggedSnapshot {
  /** The full ID of the snapshot before the change (now removed). */
  oldSnapshotId: string;
  /** The full ID of the snapshot written with the new tags. */
  newSnapshotId: string;
}

/** What `tag()` did. */
export interface TagResult {
  /** How many snapshots were changed. */
  changedSnapshots: number;
  /** Each change, with full IDs: restic 0.18+ reports them (in JSON); before, undefined. */
  changed: TaggedSnapshot[] | undefined;
  /** What restic printed. */
  log: string;
}

const tags = (name: string): OptionDeclaration => repeated(name, { check: tagList, sample: ['t'] });

/** Something to change, and `set` alone: it replaces all tags. */
function oneChange(options: TagOptions): void {
  // Each list was checked by its declaration already.
  const add = tagList('add', options.add);
  const remove = tagList('remove', options.remove);
  const set = tagList('set', options.set);
  if (set !== undefined && (add !== undefined || remove !== undefined)) {
    throw new InvalidArgumentError('set', 'replaces all tags: it cannot be combined with add or remove');
  }
  if (set !== undefined && set.length === 0) throw new InvalidArgumentError('set', 'restic does not clear tags with an empty set: give remove with the tags to drop');
  if (!add?.length && !remove?.length && set === undefined) throw new InvalidArgumentError('add', 'tag needs add, remove or set');
}

/** `restic tag`: every option, declared once. */
export const tagCommand = defineCommand<TagOptions>({
  call: 'tag',
  command: 'tag',
  options: () => ({
    add: tags('add'),
    remove: tags('remove'),
    set: tags('set'),
    ...SNAPSHOT_FILTERS,
    snapshotIds: SNAPSHOT_IDS,
  }),
  validate: oneChange,
});

export function tagArgs(options: TagOptions, installed: string): string[] {
  if (options === undefined) throw new InvalidArgumentError('options', 'tag needs add, remove or set');
  return argvOf(tagCommand, options, installed);
}

/** Reads tag's output: JSON messages on restic 0.18+, `modified tags on N snapshots` before. */
export function parseTagOutput(text: string, json: boolean): Omit<TagResult, 'log'> {
  if (!json) {
    const count = /modified (?:tags on )?(\d+) snapshots?/.exec(text)?.[1];
    // restic before 0.18 prints "no snapshots were modified" when nothing matched.
    return { changedSnapshots: count === undefined ? 0 : Number(count), changed: undefined };
  }
  const changed: TaggedSnapshot[] = [];
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const message = parseJsonObjectLine(line);
    if (!message) continue;
    const type = messageType(message);
    if (type === 'changed' && typeof message['old_snapshot_id'] === 'string' && typeof message['new_snapshot_id'] === 'string') {
      changed.push({ oldSnapshotId: message['old_snapshot_id'], newSnapshotId: message['new_snapshot_id'] });
    } else if (type === 'summary' && typeof message['changed_snapshots'] === 'number') {
      total = message['changed_snapshots'];
    }
  }
  return { changedSnapshots: total ?? changed.length, changed };
}

/** `restic tag`: adds, removes or replaces the tags of snapshots. */
export async function tag(ctx: CommandContext, options: TagOptions): Promise<TagResult> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = tagArgs(options, installed);
  const json = hasFeature(installed, 'tagJsonOutput');
  const result = await ctx.exec({ name: 'tag', args, json, signal: options.signal });
  return { ...parseTagOutput(result.stdoutText, json), log: result.stdoutText };
}
