// The repository's files outside packs: config, snapshots, index files, keys. Each (but config)
// is named by the SHA-256 of its stored bytes; each (but keys) is encrypted with the master key.
// In format 2, a snapshot or index file's plaintext starts with '{' or '[' (plain JSON) or with
// the byte 2 followed by zstd-compressed JSON.
import { createHash } from 'node:crypto';
import { AuthenticationFailed, type SecretKey } from '../crypto/crypto.js';
import { ObjectNotFoundError, RepositoryCorruptError } from '../errors.js';
import { MAX_FILE_BYTES, type Backend, type FileType } from '../backend/backend.js';
import { decompress } from './zstd.js';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Throws RepositoryCorruptError unless the SHA-256 of `data` is `id`. */
function verifyStorageId(data: Uint8Array, id: string, object: string): void {
  if (sha256Hex(data) !== id) throw new RepositoryCorruptError(object, 'its SHA-256 does not match its name');
}

/** Opens (verifies, then decrypts) with `key`; a MAC that does not verify becomes RepositoryCorruptError. */
export function openOrCorrupt(key: SecretKey, data: Uint8Array, object: string): Buffer {
  try {
    return key.open(data);
  } catch (error) {
    if (error instanceof AuthenticationFailed) throw new RepositoryCorruptError(object, 'its MAC does not verify (changed data, or not written with this repository key)');
    throw error;
  }
}

export function parseJsonOrCorrupt<T>(text: string, object: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RepositoryCorruptError(object, 'it is not valid JSON', { cause: error });
  }
}

/** Reads a whole file of the given type, verified against its name. ObjectNotFoundError if absent. */
export async function loadRaw(backend: Backend, type: FileType, id: string, signal?: AbortSignal): Promise<Buffer> {
  const data = await backend.read(type, id, signal);
  if (data === undefined) throw new ObjectNotFoundError(type === 'snapshots' ? 'snapshot' : type === 'keys' ? 'key' : type, id);
  verifyStorageId(data, id, `${type}/${id}`);
  return data;
}

/**
 * Format 2's unpacked-file encoding: plain JSON, or 0x02 then zstd. Format 1: always plain.
 * Decompression stops at the type's bound on whole files.
 */
function decodeUnpacked(plaintext: Buffer, version: number, type: FileType, object: string): Buffer {
  if (version < 2 || plaintext.length === 0) return plaintext;
  const first = plaintext[0];
  if (first === 0x7b || first === 0x5b) return plaintext;
  if (first !== 2) throw new RepositoryCorruptError(object, `unknown encoding byte ${first}`);
  try {
    return decompress(plaintext.subarray(1), MAX_FILE_BYTES[type]);
  } catch (error) {
    throw new RepositoryCorruptError(object, `it does not decompress: ${(error as Error).message}`, { cause: error });
  }
}

/** A snapshot, index or other encrypted file: verified, decrypted, decompressed, as text. */
export async function loadUnpacked(backend: Backend, key: SecretKey, version: number, type: FileType, id: string, signal?: AbortSignal): Promise<string> {
  const object = `${type}/${id}`;
  const data = await loadRaw(backend, type, id, signal);
  const plaintext = openOrCorrupt(key, data, object);
  return decodeUnpacked(plaintext, version, type, object).toString('utf8');
}
