// zstd decompression (repository format 2), by fzstd: pure JavaScript, no native code. Node 20
// has no zstd of its own (zlib gained it in Node 22.15 / 23.8).
//
// Output is bounded before and while decompressing, never only after: a few bytes of zstd can
// declare or produce gigabytes. fzstd alone allocates what a frame header declares (its content
// size, or its window of up to 2 GiB) and keeps every block it decodes, so each frame is first
// checked by zstd-frames.ts, and then decoded either into a buffer of its declared size (fzstd
// writes no further than that buffer) or, when it declares none, block by block with a count
// that stops at the bound.
import { decompress as fzstdDecompress, Decompress } from 'fzstd';
import { DecompressError, scanFrames, withWindow, type ZstdFrame } from './zstd-frames.js';

export { DecompressError };

/**
 * fzstd's output buffer. fzstd 0.1.1 tests it with `w == 1`, which turns the buffer into a
 * primitive: a Buffer's toString decodes every byte as UTF-8, several times the cost of the
 * decompression itself (33 ms against 5 for a 1 MiB blob). This one turns into 0 at once.
 */
class OutputBytes extends Uint8Array {
  [Symbol.toPrimitive](): number {
    return 0;
  }
}

/**
 * Decompresses one or more zstd frames into at most `limit` bytes; with `exact`, into exactly
 * `limit` bytes (a blob, whose uncompressed length the index records). DecompressError when the
 * output would pass the bound (decoding stops there), or data that is not zstd.
 */
export function decompress(data: Uint8Array, limit: number, exact = false): Buffer {
  const frames = scanFrames(data);
  let declared = 0;
  for (const frame of frames) {
    declared += frame.contentSize ?? 0;
    if (declared > limit) throw new DecompressError(`the data declares more than ${limit} bytes`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for (const frame of frames) {
    const part = decodeFrame(data.subarray(frame.start, frame.end), frame, limit - size, limit);
    parts.push(part);
    size += part.length;
  }
  if (exact && size !== limit) throw new DecompressError(`decompressed to ${size} bytes, expected ${limit}`);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/** One frame, in at most `room` bytes (what `limit` leaves after the frames before it). */
function decodeFrame(bytes: Uint8Array, frame: ZstdFrame, room: number, limit: number): Buffer {
  if (frame.contentSize !== undefined) {
    // Zeroed, so that a frame that writes less than it declares leaves no stale memory behind.
    const output = new OutputBytes(frame.contentSize);
    fzstdDecompress(bytes, output);
    return Buffer.from(output.buffer, output.byteOffset, output.length);
  }
  // No declared size: fzstd allocates the frame's window, which needs to hold no more than the
  // output, itself at most `room` bytes; a larger window is declared smaller before decoding.
  const input = frame.windowSize > room ? withWindow(bytes, frame, room) : bytes;
  const chunks: Buffer[] = [];
  let size = 0;
  const decoder = new Decompress((chunk) => {
    size += chunk.length;
    if (size > room) throw new DecompressError(`the data decompresses to more than ${limit} bytes`);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  });
  decoder.push(input, true);
  return Buffer.concat(chunks, size);
}
