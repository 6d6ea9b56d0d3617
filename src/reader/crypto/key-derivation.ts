// Key files (design doc, "Keys"): JSON with the scrypt parameters and salt, and `data`, the
// master key encrypted and authenticated with the key scrypt derives from the password.
import { scrypt } from 'node:crypto';
import { AuthenticationFailed, EXTENSION, SecretKey } from './crypto.js';

/** restic's salt length (crypto.saltLength). */
const SALT_LENGTH = 64;

/** Limits on what a key file may ask of scrypt. A key file outside them is refused, not run. */
export interface ScryptLimits {
  /** The most memory scrypt may use, in bytes (about 128 · N · r). Default 256 MiB. */
  maxMemory: number;
  /** The largest parallelism p. Default 32. */
  maxP: number;
  /**
   * The most work, N · r · p (scrypt's time grows with it). Default 2^23: restic's own keys
   * have N = 2^15, r = 8 and the p its calibration finds for half a second (60 MiB at most,
   * then p runs of about 20 to 100 ms each on today's machines: p from 5 to 25), so 2^23
   * (p = 32 at restic's N and r) opens any key restic made with room to spare, and bounds a
   * hostile key file to a few seconds instead of minutes.
   */
  maxWork: number;
}

export const DEFAULT_SCRYPT_LIMITS: ScryptLimits = { maxMemory: 256 * 1024 * 1024, maxP: 32, maxWork: 2 ** 23 };

/** The work a derivation costs, N · r · p: scrypt's time is proportional to it. */
export function scryptWork(params: Pick<KeyFileParams, 'N' | 'r' | 'p'>): number {
  return params.N * params.r * params.p;
}

export interface KeyFileParams {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  data: Buffer;
}

/** Why a key file cannot be used: `invalid` (not a key file), `unsupported` (a KDF other than scrypt), `limits` (parameters beyond the limits). */
export class KeyFileRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'unsupported' | 'limits',
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Field(value: unknown, name: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 !== 0) throw new KeyFileRefused('invalid', `key file field ${name} is not base64`);
  return Buffer.from(value, 'base64');
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new KeyFileRefused('invalid', `key file field ${name} is not a positive integer`);
  return value;
}

/**
 * Reads and checks a key file's parameters: scrypt only; N a power of two above 1; r, p at least
 * 1 (as restic's simple-scrypt checks them); a 64-byte salt; and the memory (128 · N · r plus
 * 128 · r · p) and p within `limits`.
 */
export function parseKeyFile(text: string, limits: ScryptLimits = DEFAULT_SCRYPT_LIMITS): KeyFileParams {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileRefused('invalid', 'key file is not JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new KeyFileRefused('invalid', 'key file is not a JSON object');
  const record = json as Record<string, unknown>;
  if (record['kdf'] !== 'scrypt') throw new KeyFileRefused('unsupported', `unsupported key derivation function ${JSON.stringify(record['kdf'])} (only scrypt)`);
  const N = positiveInteger(record['N'], 'N');
  const r = positiveInteger(record['r'], 'r');
  const p = positiveInteger(record['p'], 'p');
  if (N < 2 || N > 2 ** 31 - 1 || (N & (N - 1)) !== 0) throw new KeyFileRefused('invalid', `scrypt N=${N} is not a power of two`);
  if (r * p >= 2 ** 30) throw new KeyFileRefused('invalid', `scrypt r·p=${r * p} is too large`);
  if (p > limits.maxP) throw new KeyFileRefused('limits', `scrypt p=${p} is above the limit ${limits.maxP}`);
  const work = scryptWork({ N, r, p });
  if (work > limits.maxWork) throw new KeyFileRefused('limits', `scrypt N=${N}, r=${r}, p=${p} is ${work} units of work (N·r·p), above the limit ${limits.maxWork}`);
  const memory = scryptMemory(N, r, p);
  if (memory > limits.maxMemory) throw new KeyFileRefused('limits', `scrypt N=${N}, r=${r}, p=${p} needs ${memory} bytes, above the limit ${limits.maxMemory}`);
  const salt = base64Field(record['salt'], 'salt');
  if (salt.length !== SALT_LENGTH) throw new KeyFileRefused('invalid', `scrypt salt has ${salt.length} bytes, expected ${SALT_LENGTH}`);
  const data = base64Field(record['data'], 'data');
  if (data.length < EXTENSION) throw new KeyFileRefused('invalid', 'key file data is too short');
  return { N, r, p, salt, data };
}

/** The memory scrypt needs, as Node counts it against `maxmem`: 128 · N · r for V, plus 128 · r · p for B. */
export function scryptMemory(N: number, r: number, p: number): number {
  return 128 * N * r + 128 * r * p;
}

/** scrypt(password, salt, N, r, p) → 64 bytes: the AES key (32), then the MAC key k (16) and r (16). */
export function deriveUserKey(password: Buffer, params: KeyFileParams): Promise<SecretKey> {
  // maxmem is raised to just what these (already bounded) parameters need, plus slack.
  const maxmem = scryptMemory(params.N, params.r, params.p) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, params.salt, 64, { N: params.N, r: params.r, p: params.p, maxmem }, (error, derived) => {
      if (error) {
        reject(new KeyFileRefused('invalid', `scrypt failed: ${error.message}`));
        return;
      }
      try {
        resolve(new SecretKey(derived.subarray(0, 32), derived.subarray(32, 48), derived.subarray(48, 64)));
      } finally {
        derived.fill(0);
      }
    });
  });
}

/**
 * Opens the master key of a key file with a user key. Returns undefined when the MAC does not
 * verify (the password is not this key's); throws KeyFileRefused when the decrypted data is not a
 * master key.
 */
export function openMasterKey(userKey: SecretKey, data: Buffer): SecretKey | undefined {
  let plaintext: Buffer;
  try {
    plaintext = userKey.open(data);
  } catch (error) {
    if (error instanceof AuthenticationFailed) return undefined;
    throw error;
  }
  const parts: Buffer[] = [];
  try {
    let json: unknown;
    try {
      json = JSON.parse(plaintext.toString('utf8'));
    } catch {
      throw new KeyFileRefused('invalid', 'decrypted master key is not JSON');
    }
    const record = (json ?? {}) as { mac?: { k?: unknown; r?: unknown }; encrypt?: unknown };
    const encrypt = base64Field(record.encrypt, 'encrypt');
    const k = base64Field(record.mac?.k, 'mac.k');
    const r = base64Field(record.mac?.r, 'mac.r');
    parts.push(encrypt, k, r);
    if (encrypt.length !== 32 || k.length !== 16 || r.length !== 16) throw new KeyFileRefused('invalid', 'master key has wrong sizes');
    const key = new SecretKey(encrypt, k, r);
    if (!key.valid) {
      key.destroy();
      throw new KeyFileRefused('invalid', 'master key is invalid (all zero)');
    }
    return key;
  } finally {
    plaintext.fill(0);
    for (const part of parts) part.fill(0);
  }
}
