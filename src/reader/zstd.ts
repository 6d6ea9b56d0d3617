// zstd decompression (repository format 2), by fzstd: pure JavaScript, no native code. Node 20
// has no zstd of its own (zlib gained it in Node 22.15 / 23.8).
import { decompress as fzstdDecompress } from 'fzstd';

/**
 * Decompresses one or more zstd frames. With `size` (the uncompressed length the index
 * records), the output must come out exactly that long. (fzstd's preallocated-output mode is not
 * used: it returns the whole given buffer however much it wrote, so a short result would go
 * unnoticed until the hash check.)
 */
export function decompress(data: Uint8Array, size?: number): Buffer {
  const result = fzstdDecompress(data);
  if (size !== undefined && result.length !== size) throw new Error(`decompressed to ${result.length} bytes, expected ${size}`);
  return Buffer.from(result.buffer, result.byteOffset, result.length);
}
