// The repository's config file: format version, ID, chunker polynomial. Encrypted with the
// master key like the others, but not named by its hash.
import type { SecretKey } from '../crypto/crypto.js';
import { RepositoryCorruptError, UnsupportedRepositoryError } from '../errors.js';
import { openOrCorrupt, parseJsonOrCorrupt } from './files.js';

/** The config, opened with the master key and checked; a MAC that does not verify blames the config or the key. */
export function openConfig(key: SecretKey, configFile: Buffer): { version: 1 | 2; id: string; chunker_polynomial: string; [field: string]: unknown } {
  let plaintext: Buffer;
  try {
    plaintext = openOrCorrupt(key, configFile, 'config');
  } catch (error) {
    if (error instanceof RepositoryCorruptError) throw new RepositoryCorruptError('config', 'the config or the key is damaged (the MAC does not verify)', { cause: error });
    throw error;
  }
  return parseConfig(plaintext);
}

/** The parsed config, checked: a version of 1 or 2, a 64-hex ID, a chunker polynomial. */
function parseConfig(plaintext: Buffer): { version: 1 | 2; id: string; chunker_polynomial: string; [field: string]: unknown } {
  const config = parseJsonOrCorrupt<Record<string, unknown>>(plaintext.toString('utf8'), 'config');
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new RepositoryCorruptError('config', 'it is not a JSON object');
  const version = config['version'];
  if (version !== 1 && version !== 2) throw new UnsupportedRepositoryError(`unsupported repository version ${JSON.stringify(version)} (the reader reads versions 1 and 2)`);
  if (typeof config['id'] !== 'string' || typeof config['chunker_polynomial'] !== 'string') throw new RepositoryCorruptError('config', 'it lacks id or chunker_polynomial');
  return config as { version: 1 | 2; id: string; chunker_polynomial: string };
}
