// Poly1305 (RFC 8439, section 2.5), written for this reader: restic authenticates every file and
// blob with Poly1305-AES, and Node's crypto has no standalone Poly1305.
//
// The 130-bit accumulator and the key r are held as ten 13-bit limbs in plain numbers: a product
// of two limbs (with the reduction factor 5) stays below 2^30, and a sum of ten such products
// below 2^33, far inside the 2^53 a double holds exactly, so no step loses precision. Only the
// final reduction modulo 2^130 - 5 and the addition of s use BigInt, once per message.

const MASK = 0x1fff;
const P = (1n << 130n) - 5n;
const MOD128 = (1n << 128n) - 1n;

/** The 16 bytes at `p` as ten 13-bit limbs (little-endian), plus `hibit` at bit 128. */
function limbs(m: Uint8Array, p: number, hibit: number, out: number[]): void {
  const t0 = m[p]! | (m[p + 1]! << 8);
  const t1 = m[p + 2]! | (m[p + 3]! << 8);
  const t2 = m[p + 4]! | (m[p + 5]! << 8);
  const t3 = m[p + 6]! | (m[p + 7]! << 8);
  const t4 = m[p + 8]! | (m[p + 9]! << 8);
  const t5 = m[p + 10]! | (m[p + 11]! << 8);
  const t6 = m[p + 12]! | (m[p + 13]! << 8);
  const t7 = m[p + 14]! | (m[p + 15]! << 8);
  out[0] = t0 & MASK;
  out[1] = ((t0 >>> 13) | (t1 << 3)) & MASK;
  out[2] = ((t1 >>> 10) | (t2 << 6)) & MASK;
  out[3] = ((t2 >>> 7) | (t3 << 9)) & MASK;
  out[4] = ((t3 >>> 4) | (t4 << 12)) & MASK;
  out[5] = (t4 >>> 1) & MASK;
  out[6] = ((t4 >>> 14) | (t5 << 2)) & MASK;
  out[7] = ((t5 >>> 11) | (t6 << 5)) & MASK;
  out[8] = ((t6 >>> 8) | (t7 << 8)) & MASK;
  out[9] = (t7 >>> 5) | hibit;
}

/**
 * The Poly1305 tag of `message` under the one-time key `key` (32 bytes: r then s). r is clamped
 * here as the RFC prescribes. Returns 16 bytes.
 */
export function poly1305(key: Uint8Array, message: Uint8Array): Buffer {
  if (key.length !== 32) throw new RangeError('poly1305 needs a 32-byte key');
  const rBytes = new Uint8Array(16);
  rBytes.set(key.subarray(0, 16));
  rBytes[3]! &= 15;
  rBytes[7]! &= 15;
  rBytes[11]! &= 15;
  rBytes[15]! &= 15;
  rBytes[4]! &= 252;
  rBytes[8]! &= 252;
  rBytes[12]! &= 252;
  const r: number[] = new Array<number>(10).fill(0);
  limbs(rBytes, 0, 0, r);
  rBytes.fill(0);
  const [r0, r1, r2, r3, r4, r5, r6, r7, r8, r9] = r as [number, number, number, number, number, number, number, number, number, number];
  r.fill(0);
  const s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5, s5 = r5 * 5, s6 = r6 * 5, s7 = r7 * 5, s8 = r8 * 5, s9 = r9 * 5;

  let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0, h8 = 0, h9 = 0;
  const m: number[] = new Array<number>(10).fill(0);
  const last = new Uint8Array(16);
  const length = message.length;
  for (let p = 0; p < length; p += 16) {
    if (p + 16 <= length) {
      limbs(message, p, 1 << 11, m);
    } else {
      // The final partial block: its bytes, then a 1 byte, then zeros; no bit 128.
      last.fill(0);
      last.set(message.subarray(p));
      last[length - p] = 1;
      limbs(last, 0, 0, m);
    }
    h0 += m[0]!; h1 += m[1]!; h2 += m[2]!; h3 += m[3]!; h4 += m[4]!;
    h5 += m[5]!; h6 += m[6]!; h7 += m[7]!; h8 += m[8]!; h9 += m[9]!;

    // h *= r (mod 2^130 - 5): limbs past the tenth wrap around multiplied by 5.
    let d0 = h0 * r0 + h1 * s9 + h2 * s8 + h3 * s7 + h4 * s6 + h5 * s5 + h6 * s4 + h7 * s3 + h8 * s2 + h9 * s1;
    let d1 = h0 * r1 + h1 * r0 + h2 * s9 + h3 * s8 + h4 * s7 + h5 * s6 + h6 * s5 + h7 * s4 + h8 * s3 + h9 * s2;
    let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s9 + h4 * s8 + h5 * s7 + h6 * s6 + h7 * s5 + h8 * s4 + h9 * s3;
    let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s9 + h5 * s8 + h6 * s7 + h7 * s6 + h8 * s5 + h9 * s4;
    let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s9 + h6 * s8 + h7 * s7 + h8 * s6 + h9 * s5;
    let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0 + h6 * s9 + h7 * s8 + h8 * s7 + h9 * s6;
    let d6 = h0 * r6 + h1 * r5 + h2 * r4 + h3 * r3 + h4 * r2 + h5 * r1 + h6 * r0 + h7 * s9 + h8 * s8 + h9 * s7;
    let d7 = h0 * r7 + h1 * r6 + h2 * r5 + h3 * r4 + h4 * r3 + h5 * r2 + h6 * r1 + h7 * r0 + h8 * s9 + h9 * s8;
    let d8 = h0 * r8 + h1 * r7 + h2 * r6 + h3 * r5 + h4 * r4 + h5 * r3 + h6 * r2 + h7 * r1 + h8 * r0 + h9 * s9;
    let d9 = h0 * r9 + h1 * r8 + h2 * r7 + h3 * r6 + h4 * r5 + h5 * r4 + h6 * r3 + h7 * r2 + h8 * r1 + h9 * r0;

    // Carry: each d is below 2^33, so `& MASK` (on its low 32 bits) keeps its low 13 bits exactly.
    let c: number;
    h0 = d0 & MASK; c = (d0 - h0) / 8192;
    d1 += c; h1 = d1 & MASK; c = (d1 - h1) / 8192;
    d2 += c; h2 = d2 & MASK; c = (d2 - h2) / 8192;
    d3 += c; h3 = d3 & MASK; c = (d3 - h3) / 8192;
    d4 += c; h4 = d4 & MASK; c = (d4 - h4) / 8192;
    d5 += c; h5 = d5 & MASK; c = (d5 - h5) / 8192;
    d6 += c; h6 = d6 & MASK; c = (d6 - h6) / 8192;
    d7 += c; h7 = d7 & MASK; c = (d7 - h7) / 8192;
    d8 += c; h8 = d8 & MASK; c = (d8 - h8) / 8192;
    d9 += c; h9 = d9 & MASK; c = (d9 - h9) / 8192;
    h0 += c * 5;
    c = Math.floor(h0 / 8192);
    h0 -= c * 8192;
    h1 += c;
  }
  m.fill(0);
  last.fill(0);

  let acc = 0n;
  const hs = [h0, h1, h2, h3, h4, h5, h6, h7, h8, h9];
  for (let i = 9; i >= 0; i--) acc = (acc << 13n) + BigInt(hs[i]!);
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
}
