// Tar headers as restic's `dump` writes them for a folder: Go's archive/tar Writer with the
// format left to it. That writer rounds the modification time to the second and drops the
// access and change times, then writes a USTAR header when the entry fits one (ASCII names of
// up to 100 bytes, or up to 256 split at a slash; numbers that fit their octal fields), and
// otherwise a PAX extended header (records sorted by key) before a USTAR-shaped header whose
// strings keep only their ASCII characters. Byte for byte what restic 0.14 to 0.19 print (the
// e2e tests compare them).
import { isZeroTime, roundedSeconds, type GoTime } from '../repository/go-time.js';

const BLOCK = 512;

export interface TarEntry {
  /** The path in the archive, as bytes; a folder's ends with `/`. */
  name: Buffer;
  /** '0' (file), '2' (symbolic link), '5' (folder). */
  typeflag: '0' | '2' | '5';
  linkname: Buffer;
  /** Permission bits plus set-user-ID 04000, set-group-ID 02000, sticky 01000. */
  mode: number;
  uid: number;
  gid: number;
  uname: Buffer;
  gname: Buffer;
  size: number;
  mtime: GoTime;
  /** Extra PAX records (restic's extended attributes), key to value bytes. */
  paxRecords: Map<string, Buffer>;
}

const NAME_SIZE = 100;
const PREFIX_SIZE = 155;

function isAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b >= 0x80 || b === 0) return false;
  return true;
}

/** Go's toASCII: the characters below 0x80 but NUL (every byte of a longer UTF-8 sequence is ≥ 0x80). */
function toAscii(bytes: Buffer): Buffer {
  return isAscii(bytes) ? bytes : Buffer.from(bytes.filter((b) => b < 0x80 && b !== 0));
}

/** Go's fitsInOctal for a field of `size` bytes (one is the NUL). */
function fitsInOctal(size: number, value: number): boolean {
  return value >= 0 && (size >= 22 || value < 2 ** ((size - 1) * 3));
}

/** Go's splitUSTARPath: a long ASCII name split at a slash into prefix (≤ 155) and name (≤ 100). */
function splitUstarPath(name: Buffer): [Buffer, Buffer] | undefined {
  let length = name.length;
  if (length <= NAME_SIZE || !isAscii(name)) return undefined;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === 0x2f) length--;
  const i = name.subarray(0, length).lastIndexOf(0x2f);
  const nameLength = name.length - i - 1;
  if (i <= 0 || nameLength > NAME_SIZE || nameLength === 0 || i > PREFIX_SIZE) return undefined;
  return [name.subarray(0, i), name.subarray(i + 1)];
}

class Block {
  readonly bytes = Buffer.alloc(BLOCK);

  /** Go's formatString: copied, cut at the field's end, NUL-terminated when shorter. */
  string(offset: number, size: number, value: Buffer): void {
    value.copy(this.bytes, offset, 0, Math.min(size, value.length));
    if (value.length < size) this.bytes[offset + value.length] = 0;
    // Go: a path cut at a slash must not look like a folder to old readers.
    if (value.length > size && this.bytes[offset + size - 1] === 0x2f) {
      let n = size - 1;
      while (n > 0 && value[n - 1] === 0x2f) n--;
      this.bytes[offset + n] = 0;
    }
  }

  /** Go's formatOctal: zero-padded octal leaving room for a NUL; 0 when the value does not fit. */
  octal(offset: number, size: number, value: number): void {
    const digits = (fitsInOctal(size, value) ? value : 0).toString(8);
    this.string(offset, size, Buffer.from(digits.padStart(size - 1, '0'), 'latin1'));
  }

  /** USTAR (and PAX) magic and version, then the checksum over the block with its own field as spaces. */
  finish(): Buffer {
    this.bytes.write('ustar\u000000', 257, 'latin1');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : this.bytes[i]!;
    this.octal(148, 7, sum);
    this.bytes[155] = 0x20;
    return this.bytes;
  }
}

/** The name, link, numbers, times and names of Go's templateV7Plus. */
function mainBlock(entry: TarEntry, name: Buffer, text: (b: Buffer) => Buffer, modTime: number): Block {
  const block = new Block();
  block.string(0, NAME_SIZE, text(name));
  block.octal(100, 8, entry.mode);
  block.octal(108, 8, entry.uid);
  block.octal(116, 8, entry.gid);
  block.octal(124, 12, entry.size);
  block.octal(136, 12, modTime);
  block.bytes[156] = entry.typeflag.charCodeAt(0);
  block.string(157, NAME_SIZE, text(entry.linkname));
  block.string(265, 32, text(entry.uname));
  block.string(297, 32, text(entry.gname));
  block.octal(329, 8, 0);
  block.octal(337, 8, 0);
  return block;
}

/** Go's formatPAXRecord: "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, 'utf8'), value, Buffer.from('\n')]);
  let size = body.length + String(body.length).length;
  if (String(size).length + body.length !== size) size = String(size).length + body.length;
  return Buffer.concat([Buffer.from(String(size)), body]);
}

/** Go's path.Join(dir, "PaxHeaders.0", file) for path.Split(name), on bytes (names are relative and clean). */
function paxHeaderName(name: Buffer): Buffer {
  const slash = name.lastIndexOf(0x2f);
  const parts = [name.subarray(0, Math.max(slash, 0)), Buffer.from('PaxHeaders.0'), name.subarray(slash + 1)].filter((part) => part.length > 0);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from('/'), part])));
}

/** Zeros that fill a member's data up to the next 512-byte boundary. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The end of an archive as Go's Writer.Close writes it: two zero blocks. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

/**
 * The header block(s) of one entry, before its data: a USTAR header, or a PAX extended header
 * and its main header, as Go's tar.Writer picks with the format unset.
 */
export function tarHeader(entry: TarEntry): Buffer {
  const modTime = isZeroTime(entry.mtime) ? 0 : roundedSeconds(entry.mtime);
  const pax = new Map<string, Buffer>();
  let ustar = entry.paxRecords.size === 0;
  const text = (key: string, value: Buffer, size: number): void => {
    if (isAscii(value) && value.length <= size) return;
    if (!(key === 'path' && splitUstarPath(value))) ustar = false;
    pax.set(key, value);
  };
  const numeric = (key: string, value: number, size: number): void => {
    if (fitsInOctal(size, value)) return;
    ustar = false;
    pax.set(key, Buffer.from(String(value)));
  };
  text('path', entry.name, NAME_SIZE);
  text('linkpath', entry.linkname, NAME_SIZE);
  text('uname', entry.uname, 32);
  text('gname', entry.gname, 32);
  numeric('uid', entry.uid, 8);
  numeric('gid', entry.gid, 8);
  numeric('size', entry.size, 12);
  if (modTime !== 0 && !fitsInOctal(12, modTime)) {
    ustar = false;
    pax.set('mtime', Buffer.from(String(modTime)));
  }

  if (ustar) {
    const split = splitUstarPath(entry.name);
    const block = mainBlock(entry, split ? split[1] : entry.name, (b) => b, modTime);
    if (split) block.string(345, PREFIX_SIZE, split[0]);
    return block.finish();
  }
  for (const [key, value] of entry.paxRecords) pax.set(key, value);
  const records = Buffer.concat([...pax.keys()].sort().map((key) => paxRecord(key, pax.get(key)!)));
  const extended = new Block();
  let extendedName = toAscii(paxHeaderName(entry.name));
  if (extendedName.length > NAME_SIZE) extendedName = extendedName.subarray(0, NAME_SIZE);
  let end = extendedName.length;
  while (end > 0 && extendedName[end - 1] === 0x2f) end--;
  extended.string(0, NAME_SIZE, extendedName.subarray(0, end));
  extended.octal(100, 8, 0);
  extended.octal(108, 8, 0);
  extended.octal(116, 8, 0);
  extended.octal(124, 12, records.length);
  extended.octal(136, 12, 0);
  extended.bytes[156] = 'x'.charCodeAt(0);
  return Buffer.concat([extended.finish(), records, tarPadding(records.length), mainBlock(entry, entry.name, toAscii, modTime).finish()]);
}
