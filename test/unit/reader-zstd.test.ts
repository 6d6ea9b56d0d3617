// zstd output is bounded while decoding: frames that declare or produce more than the bound are
// refused before the memory is taken, whatever fzstd alone would allocate.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { decompress, DecompressError } from '../../src/reader/repository/zstd.js';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** A block header: last flag, type (0 raw, 1 RLE, 2 compressed), size. */
function blockHeader(last: boolean, type: number, size: number): number[] {
  const value = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
}

/** A frame with no content size and the given window byte, then `blocks`. */
function frameWithoutSize(windowByte: number, blocks: number[]): Buffer {
  return Buffer.from([...MAGIC, 0x00, windowByte, ...blocks]);
}

/** `count` RLE blocks of 128 KiB of zeros: 4 bytes each, so 32 768 of them make 4 GiB. */
function rleBomb(count: number): number[] {
  const blocks: number[] = [];
  for (let i = 0; i < count; i++) blocks.push(...blockHeader(i === count - 1, 1, 128 * 1024), 0);
  return blocks;
}

const zstdCli = spawnSync('zstd', ['--version']).status === 0;

test('a frame that produces more than the bound stops there, before the rest is decoded', () => {
  // 128 KiB of input that would decode to 4 GiB: the bound is 1 MiB.
  const bomb = frameWithoutSize(0x38, rleBomb(32 * 1024));
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => decompress(bomb, 1024 * 1024), (e: unknown) => e instanceof DecompressError && /more than 1048576 bytes/.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'no more than the bound and a block or two were kept');
  // The same for a blob, whose bound is its exact length.
  assert.throws(() => decompress(bomb, 4096, true), DecompressError);
  // Within the bound, the same blocks decode.
  assert.deepEqual(decompress(frameWithoutSize(0x38, rleBomb(4)), 512 * 1024, true), Buffer.alloc(512 * 1024));
});

test('a declared content size beyond the bound is refused before anything is allocated', () => {
  // Frame_Content_Size of 2^40 bytes (8-byte field), one empty raw block.
  const huge = Buffer.from([...MAGIC, 0xc0, 0x38, 0, 0, 0, 0, 0, 1, 0, 0, ...blockHeader(true, 0, 0)]);
  assert.throws(() => decompress(huge, 1024 * 1024), (e: unknown) => e instanceof DecompressError && /declares more than/.test(e.message));
  // Two frames whose sizes add up past the bound.
  const small = (size: number): number[] => [...MAGIC, 0x20, size, ...blockHeader(true, 1, size), 7];
  assert.throws(() => decompress(Buffer.from([...small(200), ...small(200)]), 300), DecompressError);
  assert.deepEqual(decompress(Buffer.from([...small(200), ...small(100)]), 300, true), Buffer.alloc(300, 7));
});

test('a frame that writes past its declared size, or a blob of another length, is refused', () => {
  // Declares 4 bytes (single segment), holds a raw block of 8.
  const over = Buffer.from([...MAGIC, 0x20, 4, ...blockHeader(true, 0, 8), ...Buffer.from('12345678')]);
  assert.throws(() => decompress(over, 1024));
  const five = frameWithoutSize(0x38, [...blockHeader(true, 0, 5), ...Buffer.from('hello')]);
  assert.equal(decompress(five, 1024).toString(), 'hello');
  assert.throws(() => decompress(five, 6, true), /decompressed to 5 bytes, expected 6/);
  assert.throws(() => decompress(five, 4), DecompressError);
});

test('a window larger than the output can need is not allocated (1 TiB declared, 5 bytes made)', () => {
  const wide = frameWithoutSize(30 << 3, [...blockHeader(true, 0, 5), ...Buffer.from('hello')]);
  assert.equal(decompress(wide, 1024 * 1024).toString(), 'hello');
});

test('malformed frames: reserved bits and block types, blocks past the format limit, truncation', () => {
  assert.throws(() => decompress(Buffer.from('not zstd'), 100), /not zstd data/);
  assert.throws(() => decompress(Buffer.from([...MAGIC, 0x08, 0x38, ...blockHeader(true, 0, 0)]), 100), /reserved bit/);
  assert.throws(() => decompress(frameWithoutSize(0x38, blockHeader(true, 3, 0)), 100), /reserved type/);
  // An RLE block of 2 MiB - 1 bytes: fzstd would make it, the format allows 128 KiB.
  assert.throws(() => decompress(frameWithoutSize(0x38, [...blockHeader(true, 1, 2 ** 21 - 1), 0]), 2 ** 22), /larger than 131072/);
  assert.throws(() => decompress(frameWithoutSize(0x38, [...blockHeader(true, 0, 10), 1, 2]), 100), /ends within a frame/);
  // A dictionary ID.
  assert.throws(() => decompress(Buffer.from([...MAGIC, 0x01, 0x38, 9, ...blockHeader(true, 0, 0)]), 100), /dictionary/);
  // Skippable frames are passed over.
  const skippable = [0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3];
  assert.equal(decompress(Buffer.from([...skippable, ...frameWithoutSize(0x38, [...blockHeader(true, 0, 2), 0x68, 0x69])]), 10).toString(), 'hi');
});

test('frames made by the zstd tool, with and without a content size, decode within their bound', { skip: !zstdCli && 'no zstd tool' }, () => {
  const text = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `line ${i} of the test text\n`).join(''));
  const withSize = spawnSync('zstd', ['-c', '-q', '--content-size'], { input: text, maxBuffer: 64 * 1024 * 1024 }).stdout;
  const withoutSize = spawnSync('zstd', ['-c', '-q', '--no-content-size'], { input: text, maxBuffer: 64 * 1024 * 1024 }).stdout;
  for (const frames of [withSize, withoutSize]) {
    assert.ok(decompress(frames, text.length, true).equals(text));
    assert.ok(decompress(frames, text.length * 2).equals(text));
    assert.throws(() => decompress(frames, text.length - 1), DecompressError);
  }
  // Zeros compress about 30 000 to one: 256 MiB of them, bounded at 1 MiB.
  const zeros = spawnSync('sh', ['-c', 'head -c 268435456 /dev/zero | zstd -c -q --no-content-size'], { maxBuffer: 64 * 1024 * 1024 }).stdout;
  assert.throws(() => decompress(zeros, 1024 * 1024), /more than 1048576 bytes/);
});

test('a frame with a content size is decoded without its output turned into text', (t) => {
  // fzstd compares its output buffer with a number: a Buffer there would be decoded to a
  // string, a whole blob's worth of work thrown away on every blob.
  let calls = 0;
  const original = Buffer.prototype.toString;
  t.mock.method(Buffer.prototype, 'toString', function (this: Buffer, ...args: Parameters<Buffer['toString']>) {
    calls++;
    return original.apply(this, args);
  });
  const declared = Buffer.from([...MAGIC, 0x20, 5, ...blockHeader(true, 0, 5), ...Buffer.from('hello')]);
  const output = decompress(declared, 5, true);
  assert.equal(calls, 0);
  assert.ok(Buffer.isBuffer(output), 'a Buffer is returned');
  assert.equal(output.toString('latin1'), 'hello');
});
