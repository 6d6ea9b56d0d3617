import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { poly1305 } from '../../src/reader/crypto/poly1305.js';
import { AuthenticationFailed, poly1305Aes, SecretKey } from '../../src/reader/crypto/crypto.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s:]/g, ''), 'hex');

/** Poly1305 straight from RFC 8439's definition, with BigInt: the reference the fast version is checked against. */
function referencePoly1305(key: Uint8Array, msg: Uint8Array): Buffer {
  const le = (b: Uint8Array): bigint => {
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) + BigInt(b[i]!);
    return v;
  };
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(key.subarray(16, 32));
  const p = (1n << 130n) - 5n;
  let acc = 0n;
  for (let i = 0; i < msg.length; i += 16) {
    const block = msg.subarray(i, i + 16);
    const n = le(block) + (1n << BigInt(8 * block.length));
    acc = ((acc + n) * r) % p;
  }
  let tag = (acc + s) & ((1n << 128n) - 1n);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) {
    out[i] = Number(tag & 0xffn);
    tag >>= 8n;
  }
  return out;
}

const IETF_TEXT = Buffer.from(
  'Any submission to the IETF intended by the Contributor for publication as all or part of an IETF Internet-Draft or RFC and any statement made within the context of an IETF activity is considered an "IETF Contribution". Such statements include oral statements in IETF sessions, as well as written and electronic communications made at any time or place, which are addressed to',
);
const JABBERWOCKY = Buffer.from("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\nAll mimsy were the borogoves,\nAnd the mome raths outgrabe.");

// RFC 8439 section 2.5.2 and appendix A.3.
const RFC_VECTORS: { name: string; key: Buffer; msg: Buffer; tag: Buffer }[] = [
  { name: '2.5.2', key: hex('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b'), msg: Buffer.from('Cryptographic Forum Research Group'), tag: hex('a8061dc1305136c6c22b8baf0c0127a9') },
  { name: 'A.3 #1', key: Buffer.alloc(32), msg: Buffer.alloc(64), tag: Buffer.alloc(16) },
  { name: 'A.3 #2', key: Buffer.concat([Buffer.alloc(16), hex('36e5f6b5c5e06070f0efca96227a863e')]), msg: IETF_TEXT, tag: hex('36e5f6b5c5e06070f0efca96227a863e') },
  { name: 'A.3 #3', key: Buffer.concat([hex('36e5f6b5c5e06070f0efca96227a863e'), Buffer.alloc(16)]), msg: IETF_TEXT, tag: hex('f3477e7cd95417af89a6b8794c310cf0') },
  { name: 'A.3 #4', key: hex('1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0'), msg: JABBERWOCKY, tag: hex('4541669a7eaaee61e708dc7cbcc5eb62') },
  { name: 'A.3 #5', key: hex('02' + '00'.repeat(31)), msg: hex('ff'.repeat(16)), tag: hex('03' + '00'.repeat(15)) },
  { name: 'A.3 #6', key: hex('02' + '00'.repeat(15) + 'ff'.repeat(16)), msg: hex('02' + '00'.repeat(15)), tag: hex('03' + '00'.repeat(15)) },
  { name: 'A.3 #7', key: hex('01' + '00'.repeat(31)), msg: hex('ff'.repeat(16) + 'f0' + 'ff'.repeat(15) + '11' + '00'.repeat(15)), tag: hex('05' + '00'.repeat(15)) },
  { name: 'A.3 #8', key: hex('01' + '00'.repeat(31)), msg: hex('ff'.repeat(16) + 'fb' + 'fe'.repeat(15) + '01'.repeat(16)), tag: hex('00'.repeat(16)) },
  { name: 'A.3 #9', key: hex('02' + '00'.repeat(31)), msg: hex('fd' + 'ff'.repeat(15)), tag: hex('fa' + 'ff'.repeat(15)) },
  {
    name: 'A.3 #10',
    key: hex('0100000000000000040000000000000000000000000000000000000000000000'),
    msg: hex('e33594d7505e43b900000000000000003394d7505e4379cd01000000000000000000000000000000000000000000000001000000000000000000000000000000'),
    tag: hex('14000000000000005500000000000000'),
  },
  {
    name: 'A.3 #11',
    key: hex('0100000000000000040000000000000000000000000000000000000000000000'),
    msg: hex('e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000'),
    tag: hex('13000000000000000000000000000000'),
  },
];

test('poly1305 matches the RFC 8439 test vectors', () => {
  for (const v of RFC_VECTORS) {
    assert.equal(poly1305(v.key, v.msg).toString('hex'), v.tag.toString('hex'), v.name);
    assert.equal(referencePoly1305(v.key, v.msg).toString('hex'), v.tag.toString('hex'), `${v.name} (reference)`);
  }
});

test('poly1305 agrees with a BigInt reference on random keys, random and extreme messages, every length 0..100 and large sizes', () => {
  for (let length = 0; length <= 100; length++) {
    const key = randomBytes(32);
    const msg = randomBytes(length);
    assert.equal(poly1305(key, msg).toString('hex'), referencePoly1305(key, msg).toString('hex'), `length ${length}`);
  }
  // All-ones keys and messages push every limb to its maximum.
  for (const length of [16, 17, 1024, 4099]) {
    const key = Buffer.alloc(32, 0xff);
    const msg = Buffer.alloc(length, 0xff);
    assert.equal(poly1305(key, msg).toString('hex'), referencePoly1305(key, msg).toString('hex'), `all ones, length ${length}`);
  }
  // Messages are fed to the WebAssembly loop in 64 KiB chunks: lengths around a chunk's edge.
  for (const length of [65535, 65536, 65537, 65552, 131071, 1 << 20]) {
    const key = randomBytes(32);
    const msg = randomBytes(length);
    assert.equal(poly1305(key, msg).toString('hex'), referencePoly1305(key, msg).toString('hex'), `length ${length}`);
  }
  const allOnes = Buffer.alloc(200_000, 0xff);
  assert.equal(poly1305(Buffer.alloc(32, 0xff), allOnes).toString('hex'), referencePoly1305(Buffer.alloc(32, 0xff), allOnes).toString('hex'), 'all ones, 200,000 bytes');
});

test('a poly1305 tag does not depend on the call before it (the state is reset each time)', () => {
  const key = randomBytes(32);
  const msg = randomBytes(1000);
  const first = poly1305(key, msg).toString('hex');
  poly1305(Buffer.alloc(32, 0xff), Buffer.alloc(5000, 0xff));
  assert.equal(poly1305(key, msg).toString('hex'), first);
});

// Poly1305-AES vectors from D. J. Bernstein's paper (http://cr.yp.to/mac/poly1305-20050329.pdf), as restic tests its MAC.
const AES_VECTORS = [
  { msg: 'f3f6', r: '851fc40c3467ac0be05cc20404f3f700', k: 'ec074c835580741701425b623235add6', nonce: 'fb447350c4e868c52ac3275cf9d4327e', mac: 'f4c633c3044fc145f84f335cb81953de' },
  { msg: '', r: 'a0f3080000f46400d0c7e9076c834403', k: '75deaa25c09f208e1dc4ce6b5cad3fbf', nonce: '61ee09218d29b0aaed7e154a2c5509cc', mac: 'dd3fab2251f11ac759f0887129cc2ee7' },
  {
    msg: '663cea190ffb83d89593f3f476b6bc24d7e679107ea26adb8caf6652d0656136',
    r: '48443d0bb0d21109c89a100b5ce2c208',
    k: '6acb5f61a7176dd320c5c1eb2edcdc74',
    nonce: 'ae212a55399729595dea458bc621ff0e',
    mac: '0ee1c16bb73f0f4fd19881753c01cdbe',
  },
  {
    msg: 'ab0812724a7f1e342742cbed374d94d136c6b8795d45b3819830f2c04491faf0990c62e48b8018b2c3e4a0fa3134cb67fa83e158c994d961c4cb21095c1bf9',
    r: '12976a08c4426d0ce8a82407c4f48207',
    k: 'e1a5668a4d5b66a5f68cc5424ed5982d',
    nonce: '9ae831e743978d3a23527c7128149e3a',
    mac: '5154ad0d2cb26e01274fc51148491f1b',
  },
];

test('Poly1305-AES matches the vectors of the Poly1305-AES paper', () => {
  for (const v of AES_VECTORS) assert.equal(poly1305Aes(hex(v.k), hex(v.r), hex(v.nonce), hex(v.msg)).toString('hex'), v.mac);
});

test('SecretKey.open decrypts restic test data and refuses any changed byte', () => {
  // restic's own test value (internal/repository/crypto): "Dies ist ein Test!".
  const key = new SecretKey(hex('303e8687b1d7db18421bdc6bb8588ccadac4d59ee87b8ff70c44e635790cafef'), hex('ef4d8824cb80b2bcc5fbff8a9b12a42c'), hex('cc8d4b948ee0ebfe1d415de921d10353'));
  const data = hex('69fb41c62d12def4593bd71757138606338f621aeaeb39da0fe4f99233f8037a54ea63338a813bcf3f75d8c3cc75dddf8750');
  assert.equal(key.open(data).toString(), 'Dies ist ein Test!');
  for (let i = 0; i < data.length; i++) {
    const changed = Buffer.from(data);
    changed[i]! ^= 0x01;
    assert.throws(() => key.open(changed), AuthenticationFailed, `byte ${i}`);
  }
  assert.throws(() => key.open(data.subarray(0, 31)), AuthenticationFailed);
  assert.ok(!inspect(key).includes('303e'), 'inspect hides the key');
  assert.equal(JSON.stringify({ key }), '{"key":"[SecretKey]"}');
  key.destroy();
  assert.equal(key.valid, false);
  assert.throws(() => key.open(data));
});

test('SecretKey.open round-trips what AES-256-CTR and Poly1305-AES produce', () => {
  const enc = randomBytes(32);
  const k = randomBytes(16);
  const r = randomBytes(16);
  const iv = randomBytes(16);
  const plaintext = randomBytes(100_000);
  const cipher = createCipheriv('aes-256-ctr', enc, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const stored = Buffer.concat([iv, ciphertext, poly1305Aes(k, r, iv, ciphertext)]);
  const key = new SecretKey(enc, k, r);
  assert.ok(key.open(stored).equals(plaintext));
});
