// The headers of zstd frames (RFC 8878, section 3.1), read before anything is decompressed: the
// content size a frame declares and its window size decide what fzstd allocates, and a block
// larger than the format allows would let one block expand past any bound.

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic numbers 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Block_Maximum_Size: no block, of any type, holds or yields more (RFC 8878, 3.1.1.2.3). */
const MAX_BLOCK = 128 * 1024;

/** Data that does not decompress within its bound, or not to the length expected. */
export class DecompressError extends Error {}

export interface ZstdFrame {
  /** Where the frame starts and ends in the data. */
  start: number;
  end: number;
  /** Frame_Content_Size, when the frame declares it. */
  contentSize: number | undefined;
  /** The window the decoder keeps (the content size for a single-segment frame). */
  windowSize: number;
  /** The offset of the Window_Descriptor byte from the frame's start; -1 in a single-segment frame. */
  windowByte: number;
}

function readLittleEndian(data: Uint8Array, at: number, bytes: number): number {
  let value = 0;
  for (let i = bytes - 1; i >= 0; i--) value = value * 256 + data[at + i]!;
  return value;
}

/** The zstd frames of `data` (skippable frames left out), each checked to the end of its blocks. */
export function scanFrames(data: Uint8Array): ZstdFrame[] {
  const frames: ZstdFrame[] = [];
  const need = (at: number, bytes: number): void => {
    if (at + bytes > data.length) throw new DecompressError('the zstd data ends within a frame');
  };
  let at = 0;
  while (at < data.length) {
    need(at, 4);
    const magic = readLittleEndian(data, at, 4);
    if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC) {
      need(at, 8);
      at += 8 + readLittleEndian(data, at + 4, 4);
      need(at, 0);
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new DecompressError('not zstd data');
    const start = at;
    need(at, 5);
    const descriptor = data[at + 4]!;
    const sizeFlag = descriptor >> 6;
    const singleSegment = (descriptor & 0x20) !== 0;
    if (descriptor & 0x08) throw new DecompressError('a zstd frame header sets its reserved bit');
    const hasChecksum = (descriptor & 0x04) !== 0;
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
    at += 5;
    let windowSize = 0;
    const windowByte = singleSegment ? -1 : at - start;
    if (!singleSegment) {
      need(at, 1);
      const exponent = data[at]! >> 3;
      const base = 2 ** (10 + exponent);
      windowSize = base + (base / 8) * (data[at]! & 7);
      at += 1;
    }
    need(at, dictionaryBytes);
    if (readLittleEndian(data, at, dictionaryBytes) !== 0) throw new DecompressError('a zstd frame needs a dictionary');
    at += dictionaryBytes;
    const sizeBytes = sizeFlag === 0 ? (singleSegment ? 1 : 0) : 2 ** sizeFlag;
    need(at, sizeBytes);
    let contentSize: number | undefined;
    if (sizeBytes > 0) contentSize = readLittleEndian(data, at, sizeBytes) + (sizeBytes === 2 ? 256 : 0);
    at += sizeBytes;
    if (singleSegment) windowSize = contentSize!;
    for (let last = false; !last; ) {
      need(at, 3);
      const header = readLittleEndian(data, at, 3);
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw new DecompressError('a zstd block has the reserved type');
      if (size > MAX_BLOCK) throw new DecompressError(`a zstd block is larger than ${MAX_BLOCK} bytes`);
      // A raw or compressed block holds its size in bytes; an RLE block, one byte repeated.
      at += 3 + (type === 1 ? 1 : size);
      need(at, 0);
    }
    if (hasChecksum) at += 4;
    need(at, 0);
    frames.push({ start, end: at, contentSize, windowSize, windowByte });
  }
  return frames;
}

/**
 * A copy of a frame that declares no content size, with its window declared no larger than
 * needed for `room` bytes of output: no match can reach further back than the output made so
 * far. Kept at least one block long, which the decoder sizes its blocks by.
 */
export function withWindow(bytes: Uint8Array, frame: ZstdFrame, room: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const needed = Math.max(room, MAX_BLOCK);
  const exponent = Math.max(0, Math.ceil(Math.log2(needed)) - 10);
  copy[frame.windowByte] = exponent << 3;
  return copy;
}
