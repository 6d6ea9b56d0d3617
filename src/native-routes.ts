import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { CallOptions } from './commands/common.js';
import { dump, dumpArgs, type DumpOptions } from './commands/dump.js';
import { find, findArgs, type FindOptions } from './commands/find.js';
import { ls, lsArgs, lsStream, type LsOptions } from './commands/ls.js';
import type { NativeReader } from './commands/native-reader.js';
import { snapshots, snapshotsArgs, type SnapshotsOptions } from './commands/snapshots.js';
import type { CommandContext } from './executor.js';
import { NativeReads } from './native-reads.js';
import type { CallSettings } from './settings.js';
import { stoppable, stoppableReadable } from './shared/stoppable.js';
import type { FindResult } from './types/find.js';
import type { LsMessage, LsNode, LsResult } from './types/ls.js';
import type { Snapshot, SnapshotGroup } from './types/snapshot.js';

/**
 * The reads that `reads: 'native'` answers with the reader, and the options of each that the
 * reader serves. A call that gives any other option runs restic, as every call does with
 * `reads: 'cli'`. (`signal` is served by all.)
 */
export const NATIVE_READS = {
  cat: [],
  dump: [],
  find: ['ignoreCase', 'snapshotIds', 'host', 'tags', 'paths', 'reverse'],
  ls: ['paths', 'recursive'],
  snapshots: ['host', 'tags', 'paths'],
} as const satisfies {
  cat: readonly (keyof CallOptions)[];
  dump: readonly (keyof DumpOptions)[];
  find: readonly (keyof FindOptions)[];
  ls: readonly (keyof LsOptions)[];
  snapshots: readonly (keyof SnapshotsOptions)[];
};

/** A read the reader can answer. */
export type NativeRead = keyof typeof NATIVE_READS;

/** Whether the reader serves `call` with these options: each one given is in NATIVE_READS. */
export function servesOptions(call: NativeRead, options: object | undefined): boolean {
  const served: readonly string[] = NATIVE_READS[call];
  const given = Object.entries(options ?? {}).filter(([, value]) => value !== undefined);
  return given.every(([name]) => name === 'signal' || served.includes(name));
}

/**
 * The reads of an instance, each answered by the reader it keeps open (NativeReads) where
 * `reads` is `'native'` and the reader serves the call, by restic otherwise.
 */
export class NativeRoutes {
  readonly #reads = new NativeReads();

  constructor(
    private readonly context: () => CommandContext,
    private readonly settings: () => CallSettings,
  ) {}

  /**
   * The open reader when `reads` is `'native'` and the reader serves `call` with these
   * options (after `validate` has checked them as the restic call would); otherwise
   * undefined, and the call runs restic.
   */
  async reader(call: NativeRead, options: object | undefined, validate: (installed: string) => void, stop?: AbortSignal): Promise<NativeReader | undefined> {
    if (this.settings().reads !== 'native' || !servesOptions(call, options)) return undefined;
    // A stream's own signal (see stoppable) follows the caller's.
    const signal = stop ?? (options as { signal?: AbortSignal } | undefined)?.signal;
    // The same checks as the restic call, so that both paths refuse the same mistakes.
    validate(await this.context().resticVersion(signal));
    return this.#reads.reader(this.settings(), signal);
  }

  /** Closes the reader, zeroing its key; later reads open it again. Settles once it is closed; never rejects. */
  close(): Promise<void> {
    return this.#reads.close();
  }

  async snapshots(options?: SnapshotsOptions): Promise<Snapshot[] | SnapshotGroup[]> {
    const reader = await this.reader('snapshots', options, (installed) => snapshotsArgs(options ?? {}, installed));
    if (reader) return reader.snapshots(options ?? {});
    return snapshots(this.context(), options);
  }

  async find(pattern: string | readonly string[], options?: FindOptions): Promise<FindResult[]> {
    const reader = await this.reader('find', options, (installed) => findArgs(pattern, options ?? {}, installed));
    if (reader) return reader.find(pattern, options ?? {});
    return find(this.context(), pattern, options);
  }

  async ls(snapshotId: string, options?: LsOptions): Promise<LsResult> {
    const reader = await this.reader('ls', options, (installed) => lsArgs(snapshotId, options ?? {}, installed));
    if (reader) return reader.ls(snapshotId, options?.paths, { recursive: options?.recursive, signal: options?.signal });
    return ls(this.context(), snapshotId, options);
  }

  lsStream(snapshotId: string, options?: LsOptions): AsyncGenerator<LsMessage, void, undefined> {
    if (this.settings().reads !== 'native') return lsStream(this.context, snapshotId, options);
    const { context } = this;
    const open = (signal: AbortSignal): Promise<NativeReader | undefined> => this.reader('ls', options, (installed) => lsArgs(snapshotId, options ?? {}, installed), signal);
    return stoppable(async function* nativeOrRestic(signal): AsyncGenerator<LsMessage, void, undefined> {
      const reader = await open(signal);
      if (reader) yield* reader.lsStream(snapshotId, options?.paths, { recursive: options?.recursive, signal });
      else yield* lsStream(context, snapshotId, withSignal(options, signal));
    }, options?.signal);
  }

  dump(snapshotId: string, path: string, options?: DumpOptions): Readable {
    if (this.settings().reads !== 'native') return dump(this.context, snapshotId, path, options);
    // Checked at once, as the restic path does.
    dumpArgs(snapshotId, path, options ?? {});
    const { context } = this;
    const open = (signal: AbortSignal): Promise<NativeReader | undefined> => this.reader('dump', options, () => undefined, signal);
    return stoppableReadable(async function* nativeOrRestic(signal): AsyncGenerator<Buffer, void, undefined> {
      const reader = await open(signal);
      // Files come from the reader. A folder still goes through restic: the reader's tar is
      // byte for byte restic's, but it refuses POSIX ACLs and names that are not UTF-8, which it
      // would only find out part way through the archive.
      const node = reader ? await firstNode(reader.lsStream(snapshotId, path, { signal })) : undefined;
      const source = reader && node?.type === 'file' ? reader.dump(snapshotId, path, { signal }) : dump(context, snapshotId, path, withSignal(options, signal));
      try {
        for await (const chunk of source) yield chunk as Buffer;
      } finally {
        // Left early: the source's teardown stops what it runs; 'close' says it is done.
        source.destroy();
        await finished(source).catch(() => undefined);
      }
    }, options?.signal);
  }
}

/** The caller's options with a stream's own signal, which follows theirs; what is not an object is left for the checks to refuse. */
function withSignal<T extends object>(options: T | undefined, signal: AbortSignal): T | undefined {
  return options === undefined || (typeof options === 'object' && options !== null) ? ({ ...options, signal } as T) : options;
}

/** The first node of a listing (the path itself); the walk stops there. */
async function firstNode(listing: AsyncGenerator<LsMessage, void, undefined>): Promise<LsNode | undefined> {
  for await (const message of listing) if (message.message_type === 'node') return message;
  return undefined;
}
