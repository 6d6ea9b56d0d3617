// Poly1305 (RFC 8439, section 2.5), written for this reader: restic authenticates every file and
// blob with Poly1305-AES, and Node's crypto has no standalone Poly1305.
//
// The block loop runs in WebAssembly, because it needs 64-bit products: the accumulator h and
// the key r are five 26-bit limbs, each product of two limbs (with the reduction factor 5) fits
// in 55 bits and a sum of five in 58, so i64 arithmetic never overflows. The same loop in
// JavaScript doubles needs twice the limbs and four times the multiplications; it ran at about
// 124 MiB/s, below restic's own dump speed. The module is assembled below from its instructions
// when first used, so there is no binary to trust and no toolchain to run. The final reduction
// modulo 2^130 - 5 and the addition of s use BigInt, once per message.
import { instantiate, type Code, i32, i64, op, local, loadU32, loadI64, storeI64, forLoop } from './wasm-assembler.js';

/** Where the state lives in the module's memory: r0..r4, s1..s4 (5·r1..5·r4), h0..h4; then message chunks. */
const R = 0;
const S = 40;
const H = 72;
const STATE_BYTES = 112;
const CHUNK_AT = 1024;
const CHUNK = 64 * 1024;
const PAGES = 2;

// Locals of blocks(m, end, hibit): the three i32 parameters, then i64 locals.
const M = 0, END = 1, HIBIT = 2;
const r = [3, 4, 5, 6, 7] as const;
const s = [8, 9, 10, 11] as const; // s[i - 1] = 5·r[i]
const h = [12, 13, 14, 15, 16] as const;
const d = [17, 18, 19, 20, 21] as const;
const C = 22;
const I64_LOCALS = 20;

const LIMB = 0x3ffffff;

/** r[i] · h[j] where the product wraps past 2^130 as 5·r: the limb of h·r that index i + j lands on. */
function rTimes(i: number, j: number): Code {
  const k = i - j;
  return k >= 0 ? local.get(r[k]!) : local.get(s[k + 5 - 1]!);
}

/** d_i = Σ_j h_j · r_{i-j} (mod 2^130 - 5). */
function product(i: number): Code {
  let code: Code = op.i64.mul(local.get(h[0]), rTimes(i, 0));
  for (let j = 1; j < 5; j++) code = op.i64.add(code, op.i64.mul(local.get(h[j]!), rTimes(i, j)));
  return code;
}

/** h += the 16 bytes at m as five 26-bit limbs, plus hibit at bit 128; h *= r; partial carry. */
function blockBody(): Code {
  const m = local.get(M);
  const load = (byteOffset: number, shift: number): Code => op.i64.and(op.i64.shr_u(loadU32(m, byteOffset), i64(shift)), i64(LIMB));
  const code: Code[] = [
    local.set(h[0], op.i64.add(local.get(h[0]), load(0, 0))),
    local.set(h[1], op.i64.add(local.get(h[1]), load(3, 2))),
    local.set(h[2], op.i64.add(local.get(h[2]), load(6, 4))),
    local.set(h[3], op.i64.add(local.get(h[3]), load(9, 6))),
    local.set(h[4], op.i64.add(local.get(h[4]), op.i64.or(op.i64.shr_u(loadU32(m, 12), i64(8)), op.i64.extend_i32_u(local.get(HIBIT))))),
  ];
  for (let i = 0; i < 5; i++) code.push(local.set(d[i]!, product(i)));
  // Carry d0 → d1 → … → d4, and the carry out of d4 back into h0 times 5.
  for (let i = 0; i < 5; i++) {
    if (i > 0) code.push(local.set(d[i]!, op.i64.add(local.get(d[i]!), local.get(C))));
    code.push(local.set(C, op.i64.shr_u(local.get(d[i]!), i64(26))));
    code.push(local.set(h[i]!, op.i64.and(local.get(d[i]!), i64(LIMB))));
  }
  code.push(local.set(h[0], op.i64.add(local.get(h[0]), op.i64.mul(local.get(C), i64(5)))));
  code.push(local.set(C, op.i64.shr_u(local.get(h[0]), i64(26))));
  code.push(local.set(h[0], op.i64.and(local.get(h[0]), i64(LIMB))));
  code.push(local.set(h[1], op.i64.add(local.get(h[1]), local.get(C))));
  return code.flat();
}

/** blocks(m, end, hibit): every 16-byte block from m up to end; the state is loaded from and stored to memory. */
function blocksFunction(): Code {
  const code: Code[] = [];
  for (let i = 0; i < 5; i++) code.push(local.set(r[i]!, loadI64(i32(0), R + 8 * i)));
  for (let i = 0; i < 4; i++) code.push(local.set(s[i]!, loadI64(i32(0), S + 8 * i)));
  for (let i = 0; i < 5; i++) code.push(local.set(h[i]!, loadI64(i32(0), H + 8 * i)));
  code.push(forLoop(M, END, 16, blockBody()));
  for (let i = 0; i < 5; i++) code.push(storeI64(i32(0), H + 8 * i, local.get(h[i]!)));
  return code.flat();
}

interface Engine {
  blocks(m: number, end: number, hibit: number): void;
  bytes: Uint8Array;
  words: Uint32Array;
}

let engine: Engine | undefined;

function getEngine(): Engine {
  if (engine) return engine;
  // The memory never grows, so views on its buffer stay valid.
  const { run, memory } = instantiate({ params: 3, i64Locals: I64_LOCALS, body: blocksFunction(), pages: PAGES, exportName: 'blocks' });
  engine = { blocks: run, bytes: new Uint8Array(memory), words: new Uint32Array(memory) };
  return engine;
}

function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** Writes a value below 2^32 as the i64 at `at`. */
function setI64(words: Uint32Array, at: number, value: number): void {
  words[at / 4] = value;
  words[at / 4 + 1] = 0;
}

const P = (1n << 130n) - 5n;
const MOD128 = (1n << 128n) - 1n;

/**
 * The Poly1305 tag of `message` under the one-time key `key` (32 bytes: r then s). r is clamped
 * here as the RFC prescribes. Returns 16 bytes. r and the accumulator are zeroed in the module's
 * memory before it returns.
 */
export function poly1305(key: Uint8Array, message: Uint8Array): Buffer {
  if (key.length !== 32) throw new RangeError('poly1305 needs a 32-byte key');
  const { blocks, bytes, words } = getEngine();
  // r, clamped, as five 26-bit limbs (the masks clear the bits the RFC's clamp clears).
  const rLimbs = [
    u32le(key, 0) & 0x3ffffff,
    (u32le(key, 3) >>> 2) & 0x3ffff03,
    (u32le(key, 6) >>> 4) & 0x3ffc0ff,
    (u32le(key, 9) >>> 6) & 0x3f03fff,
    (u32le(key, 12) >>> 8) & 0x00fffff,
  ];
  try {
    for (let i = 0; i < 5; i++) setI64(words, R + 8 * i, rLimbs[i]!);
    for (let i = 1; i < 5; i++) setI64(words, S + 8 * (i - 1), rLimbs[i]! * 5);
    for (let i = 0; i < 5; i++) setI64(words, H + 8 * i, 0);
    rLimbs.fill(0);

    const whole = message.length - (message.length % 16);
    for (let p = 0; p < whole; p += CHUNK) {
      const n = Math.min(CHUNK, whole - p);
      bytes.set(message.subarray(p, p + n), CHUNK_AT);
      blocks(CHUNK_AT, CHUNK_AT + n, 1 << 24);
    }
    if (whole < message.length) {
      // The final partial block: its bytes, then a 1 byte, then zeros; no bit 128.
      bytes.fill(0, CHUNK_AT, CHUNK_AT + 16);
      bytes.set(message.subarray(whole), CHUNK_AT);
      bytes[CHUNK_AT + message.length - whole] = 1;
      blocks(CHUNK_AT, CHUNK_AT + 16, 0);
    }

    let acc = 0n;
    for (let i = 4; i >= 0; i--) acc = (acc << 26n) + BigInt(words[(H + 8 * i) / 4]!);
    acc %= P;
    let sValue = 0n;
    for (let i = 15; i >= 0; i--) sValue = (sValue << 8n) + BigInt(key[16 + i]!);
    let tag = (acc + sValue) & MOD128;
    const out = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) {
      out[i] = Number(tag & 0xffn);
      tag >>= 8n;
    }
    return out;
  } finally {
    // r and the accumulator; the chunk region holds only ciphertext, which is no secret.
    bytes.fill(0, 0, STATE_BYTES);
  }
}
