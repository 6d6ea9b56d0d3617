import { checkHexId, checkString, optionalString } from '../shared/checks.js';
import { WHOLE_ID } from '../shared/ids.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand } from '../options/declare.js';
import { snapshotWithFolder } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext, RunResult } from '../executor.js';
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

/** What `restic cat` prints: the word after `cat`. */
export type CatObject = 'pack' | 'blob' | 'tree' | 'snapshot' | 'index' | 'key' | 'masterkey' | 'config' | 'lock';

/**
 * `restic cat`: no options of its own (each call checks its ID itself), declared so that the
 * builder refuses unknown ones; the object's ID is an argument.
 */
export const catCommand = defineCommand<CallOptions>({
  call: 'cat',
  command: 'cat',
  options: () => ({ id: argument({ check: (option, v) => optionalString(option, v), sample: 'x' }) }),
});

/** `restic cat <what>`, then the object's ID, if any, after `--`. */
export function catArgs(what: CatObject, id: string | undefined, options: CallOptions, installed: string): string[] {
  return argvOf(catCommand, options, installed, { id }, ['cat', what]);
}

/** The object's ID; a function is called once the options are checked (to look the ID up in the repository). */
type IdOf = string | undefined | ((installed: string) => string | Promise<string>);

async function catRun(ctx: CommandContext, what: CatObject, id: IdOf, options: CallOptions, binaryStdout = false): Promise<RunResult> {
  const installed = await ctx.resticVersion(options?.signal);
  // Built first without a looked-up ID: bad options are refused before restic lists anything.
  let args = catArgs(what, typeof id === 'function' ? undefined : id, options, installed);
  if (typeof id === 'function') args = catArgs(what, await id(installed), options, installed);
  return ctx.exec({ name: `cat ${what}`, args, signal: options.signal, binaryStdout });
}

async function catJson<T>(ctx: CommandContext, what: CatObject, id: IdOf, options: CallOptions): Promise<T> {
  const result = await catRun(ctx, what, id, options);
  return parseJsonDocument<T>(result.stdoutText, `cat ${what}`);
}

async function catRaw(ctx: CommandContext, what: CatObject, id: IdOf, options: CallOptions): Promise<Buffer> {
  const result = await catRun(ctx, what, id, options, true);
  return result.stdoutBuffer ?? Buffer.alloc(0);
}


function blobId(option: string, id: unknown): string {
  const text = checkString(option, id);
  if (!WHOLE_ID.test(text)) throw new InvalidArgumentError(option, `expected a blob's whole 64-digit hexadecimal ID, got '${text}'`);
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
      return catRaw(ctx, 'pack', () => resolveFileId(ctx, 'packs', 'id', id, options.signal), options);
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
      // restic's `cat tree` finds snapshots by ID only.
      if (text.includes(':')) return catJson<Tree>(ctx, 'tree', (installed) => snapshotWithFolder('id', text, installed, { latest: false }), options);
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
      return catJson<IndexFile>(ctx, 'index', () => resolveFileId(ctx, 'index', 'id', text, options.signal), options);
    },
    async key(id, options = {}) {
      const text = checkHexId('id', id);
      const reader = await native(options);
      if (reader) return reader.cat.key(text, options);
      const ctx = context();
      return catJson<KeyFile>(ctx, 'key', () => resolveFileId(ctx, 'keys', 'id', text, options.signal), options);
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
      return catJson<LockFile>(ctx, 'lock', () => resolveFileId(ctx, 'locks', 'id', id, options.signal), options);
    },
  };
}
