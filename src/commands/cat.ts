import { checkHexId, checkString } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
import type { IndexFile, KeyFile, LockFile, MasterKey, RepositoryConfig, Tree } from '../types/repository.js';
import type { SnapshotRecord } from '../types/snapshot.js';
import type { NativeReader } from './native-reader.js';
import type { CallOptions } from './common.js';
import { resolveFileId } from './resolve-id.js';

/** `restic cat …`: the repository's objects, parsed (JSON ones) or raw (packs and blobs). */
export interface CatCommands {
  /** A pack file's raw bytes. */
  pack(id: string, options?: CallOptions): Promise<Buffer>;
  /** A blob's raw (decrypted, decompressed) bytes. Needs the whole 64-digit ID. */
  blob(id: string, options?: CallOptions): Promise<Buffer>;
  /** A tree, parsed: by its blob ID (any version), or as `'<snapshot>:<folder>'` (restic 0.16+). */
  tree(id: string, options?: CallOptions): Promise<Tree>;
  /** A snapshot as stored (no `id` field). A prefix of the ID is enough. */
  snapshot(id: string, options?: CallOptions): Promise<SnapshotRecord>;
  /** An index file. A prefix of its ID is completed. */
  index(id: string, options?: CallOptions): Promise<IndexFile>;
  /** A key file. A prefix of its ID (as 0.14's `key list` prints) is completed. */
  key(id: string, options?: CallOptions): Promise<KeyFile>;
  /** The repository's master key: a secret. */
  masterkey(options?: CallOptions): Promise<MasterKey>;
  /** The repository's config: format version, ID, chunker polynomial. */
  config(options?: CallOptions): Promise<RepositoryConfig>;
  /** A lock file. A prefix of its ID is completed. */
  lock(id: string, options?: CallOptions): Promise<LockFile>;
}

const BLOB_ID = /^[0-9a-f]{64}$/;

async function catJson<T>(ctx: CommandContext, what: string, id: string | undefined, options: CallOptions): Promise<T> {
  const args = id === undefined ? ['cat', what] : ['cat', what, '--', id];
  const result = await ctx.exec({ name: `cat ${what}`, args, signal: options.signal });
  return parseJsonDocument<T>(result.stdoutText, `cat ${what}`);
}

async function catRaw(ctx: CommandContext, what: string, id: string, options: CallOptions): Promise<Buffer> {
  const result = await ctx.exec({ name: `cat ${what}`, args: ['cat', what, '--', id], signal: options.signal, binaryStdout: true });
  return result.stdoutBuffer ?? Buffer.alloc(0);
}

function blobId(option: string, id: unknown): string {
  const text = checkString(option, id);
  if (!BLOB_ID.test(text)) throw new InvalidArgumentError(option, `expected a blob's whole 64-digit hexadecimal ID, got '${text}'`);
  return text;
}

/**
 * The cat calls. `native` gives the instance's reader for a call when `reads: 'native'` can
 * serve it; config, snapshot, index, key, tree (by ID) and blob then run without restic, after the
 * same argument checks. Packs, locks and the master key always come from restic.
 */
export function catCommands(context: () => CommandContext, native: (options: CallOptions) => Promise<NativeReader | undefined> = async () => undefined): CatCommands {
  return {
    async pack(id, options = {}) {
      const ctx = context();
      return catRaw(ctx, 'pack', await resolveFileId(ctx, 'packs', 'id', id, options.signal), options);
    },
    async blob(id, options = {}) {
      const whole = blobId('id', id);
      const reader = await native(options);
      if (reader) return reader.cat.blob(whole, options);
      return catRaw(context(), 'blob', whole, options);
    },
    async tree(id, options = {}) {
      const ctx = context();
      const text = checkString('id', id);
      const subfolder = /^([0-9a-f]{1,64}):(.*)$/.exec(text);
      if (subfolder) {
        await ctx.requireFeature('snapshotSubfolder', options.signal);
        return catJson<Tree>(ctx, 'tree', text, options);
      }
      const whole = blobId('id', text);
      const reader = await native(options);
      if (reader) return reader.cat.tree(whole, options);
      const raw = await catRaw(ctx, 'blob', whole, options);
      return parseJsonDocument<Tree>(raw.toString('utf8'), 'cat blob');
    },
    async snapshot(id, options = {}) {
      const text = checkHexId('id', id, 'snapshot ID');
      const reader = await native(options);
      if (reader) return reader.cat.snapshot(text, options);
      return catJson<SnapshotRecord>(context(), 'snapshot', text, options);
    },
    async index(id, options = {}) {
      const text = checkHexId('id', id);
      const reader = await native(options);
      if (reader) return reader.cat.index(text, options);
      const ctx = context();
      return catJson<IndexFile>(ctx, 'index', await resolveFileId(ctx, 'index', 'id', text, options.signal), options);
    },
    async key(id, options = {}) {
      const text = checkHexId('id', id);
      const reader = await native(options);
      if (reader) return reader.cat.key(text, options);
      const ctx = context();
      return catJson<KeyFile>(ctx, 'key', await resolveFileId(ctx, 'keys', 'id', text, options.signal), options);
    },
    async masterkey(options = {}) {
      return catJson<MasterKey>(context(), 'masterkey', undefined, options);
    },
    async config(options = {}) {
      const reader = await native(options);
      if (reader) return reader.cat.config(options);
      return catJson<RepositoryConfig>(context(), 'config', undefined, options);
    },
    async lock(id, options = {}) {
      const ctx = context();
      return catJson<LockFile>(ctx, 'lock', await resolveFileId(ctx, 'locks', 'id', id, options.signal), options);
    },
  };
}
