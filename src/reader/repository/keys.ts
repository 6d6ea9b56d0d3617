// The key search: which key file the password opens, tried in an order a hostile key file
// cannot make expensive.
import type { Backend } from '../backend/backend.js';
import type { SecretKey } from '../crypto/crypto.js';
import { deriveUserKey, KeyFileRefused, openMasterKey, parseKeyFile, scryptWork, type ScryptLimits } from '../crypto/key-derivation.js';
import { throwIfAborted, WrongPasswordError } from '../errors.js';
import { sha256Hex } from './files.js';
import { mapLimit } from './parallel.js';

/** Key files read at most when looking for the key: restic repositories have a handful. */
const KEY_FILES_READ = 256;

/**
 * Looks for the key the password opens. Unlike restic (the hinted key, then the key files in
 * listing order), the key files are read and checked first, without scrypt, and then tried
 * the hinted one first, then the cheapest (least N·r·p) first: whoever added key files can
 * make them come first in the listing (an ID is a hash they can grind) or claim any creation
 * time, but not make them cheaper than the real key without making them cheap to try. So
 * what is spent before the real key is tried is at most (keys tried) × (its own cost), never
 * a hostile key's. At most `maxKeys` derivations run; the signal is checked between them. A
 * key file that is damaged, not scrypt, or beyond the limits is skipped (never derived) and
 * named in the WrongPasswordError if no key opens.
 */
export async function findKey(backend: Backend, password: Buffer, maxKeys: number, keyHint: string | undefined, limits: ScryptLimits, signal: AbortSignal | undefined): Promise<SecretKey> {
  const ids = await backend.list('keys', signal);
  const listed = ids.slice(0, KEY_FILES_READ);
  const hinted = keyHint === undefined ? [] : listed.filter((id) => id.startsWith(keyHint));
  const hint = hinted.length === 1 ? hinted[0] : undefined;
  const skipped: string[] = [];
  const read = await mapLimit(listed, 8, async (id) => {
    throwIfAborted(signal);
    const data = await backend.read('keys', id, signal);
    if (data === undefined) return undefined;
    if (sha256Hex(data) !== id) {
      skipped.push(`${id.slice(0, 8)} (damaged: SHA-256 does not match its name)`);
      return undefined;
    }
    try {
      const params = parseKeyFile(data.toString('utf8'), limits);
      return { id, params, work: scryptWork(params) };
    } catch (error) {
      if (!(error instanceof KeyFileRefused)) throw error;
      skipped.push(`${id.slice(0, 8)} (${error.message})`);
      return undefined;
    }
  });
  const candidates = read.filter((c) => c !== undefined);
  candidates.sort((a, b) => Number(b.id === hint) - Number(a.id === hint) || a.work - b.work || (a.id < b.id ? -1 : 1));
  let tried = 0;
  for (const { id, params } of candidates) {
    if (tried >= maxKeys) break;
    tried++;
    throwIfAborted(signal);
    let userKey: SecretKey | undefined;
    try {
      // In the thread pool: the event loop runs on, and an abort is seen when it returns.
      userKey = await deriveUserKey(password, params);
      throwIfAborted(signal);
      const master = openMasterKey(userKey, params.data);
      if (master) return master;
    } catch (error) {
      if (!(error instanceof KeyFileRefused)) throw error;
      skipped.push(`${id.slice(0, 8)} (${error.message})`);
    } finally {
      userKey?.destroy();
    }
  }
  const notes: string[] = [];
  if (ids.length === 0) notes.push('the repository has no key files');
  if (candidates.length > tried) notes.push(`only ${maxKeys} of ${candidates.length} usable key files were tried`);
  if (ids.length > listed.length) notes.push(`only the first ${KEY_FILES_READ} of ${ids.length} key files were read`);
  if (skipped.length > 0) notes.push(`key files refused: ${skipped.sort().join('; ')}`);
  throw new WrongPasswordError(`wrong password or no key found${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
}
