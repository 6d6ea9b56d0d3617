// restic's authenticated encryption (design doc, "Keys, Encryption and MAC"): a file or blob is
// IV (16 bytes) || AES-256-CTR ciphertext || MAC (16 bytes), and the MAC is Poly1305-AES over the
// ciphertext alone: the Poly1305 key is r (16 bytes, clamped) followed by AES-128_k(IV).
import { createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { poly1305 } from './poly1305.js';

const IV_SIZE = 16;
const MAC_SIZE = 16;
/** What encryption adds to a plaintext: the IV and the MAC. */
export const EXTENSION = IV_SIZE + MAC_SIZE;

/** Thrown by {@link SecretKey.open} when the MAC does not verify. The callers turn it into a typed error. */
export class AuthenticationFailed extends Error {
  constructor() {
    super('ciphertext verification failed');
  }
}

/** Poly1305-AES (restic's MAC): Poly1305 over `message` with the key r || AES-128_k(nonce). */
export function poly1305Aes(k: Uint8Array, r: Uint8Array, nonce: Uint8Array, message: Uint8Array): Buffer {
  const aes = createCipheriv('aes-128-ecb', k, null);
  aes.setAutoPadding(false);
  const s = Buffer.concat([aes.update(nonce), aes.final()]);
  const key = Buffer.concat([r, s]);
  s.fill(0);
  try {
    return poly1305(key, message);
  } finally {
    key.fill(0);
  }
}

function allZero(bytes: Uint8Array): boolean {
  let sum = 0;
  for (const b of bytes) sum |= b;
  return sum === 0;
}

/**
 * An encryption key (32 bytes) with its MAC key (k: 16 bytes for AES-128, r: 16 bytes for
 * Poly1305). The bytes live in private Buffers only; `destroy()` zeroes them. Neither
 * `util.inspect`, `console.log` nor `JSON.stringify` shows them.
 */
export class SecretKey {
  #encrypt: Buffer;
  #macK: Buffer;
  #macR: Buffer;
  #destroyed = false;

  /** Copies the three parts; the caller may zero its own copies afterwards. */
  constructor(encrypt: Uint8Array, macK: Uint8Array, macR: Uint8Array) {
    if (encrypt.length !== 32 || macK.length !== 16 || macR.length !== 16) throw new RangeError('invalid key sizes');
    this.#encrypt = Buffer.alloc(32);
    this.#macK = Buffer.alloc(16);
    this.#macR = Buffer.alloc(16);
    this.#encrypt.set(encrypt);
    this.#macK.set(macK);
    this.#macR.set(macR);
  }

  /** restic refuses all-zero keys (crypto.Key.Valid). */
  get valid(): boolean {
    return !this.#destroyed && !allZero(this.#encrypt) && !allZero(this.#macK) && !allZero(this.#macR);
  }

  /**
   * Verifies the MAC of `data` (IV || ciphertext || MAC), then decrypts it. Throws
   * AuthenticationFailed when the MAC does not match; never returns unverified plaintext.
   */
  open(data: Uint8Array): Buffer {
    if (this.#destroyed) throw new Error('key destroyed');
    if (data.length < EXTENSION) throw new AuthenticationFailed();
    const iv = data.subarray(0, IV_SIZE);
    const ciphertext = data.subarray(IV_SIZE, data.length - MAC_SIZE);
    const mac = data.subarray(data.length - MAC_SIZE);
    if (allZero(iv)) throw new AuthenticationFailed();
    const expected = poly1305Aes(this.#macK, this.#macR, iv, ciphertext);
    if (!timingSafeEqual(expected, mac)) throw new AuthenticationFailed();
    const aes = createDecipheriv('aes-256-ctr', this.#encrypt, iv);
    return Buffer.concat([aes.update(ciphertext), aes.final()]);
  }

  /** Zeroes the key bytes. The key cannot be used afterwards. */
  destroy(): void {
    this.#encrypt.fill(0);
    this.#macK.fill(0);
    this.#macR.fill(0);
    this.#destroyed = true;
  }

  toJSON(): string {
    return '[SecretKey]';
  }

  [inspect.custom](): string {
    return this.#destroyed ? 'SecretKey <destroyed>' : 'SecretKey <hidden>';
  }
}
