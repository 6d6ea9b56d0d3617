// A tree blob's JSON, parsed a node at a time. A tree of a thousand files is a quarter of a
// megabyte of JSON; decoded whole into one string, V8 places that string in its large-object
// space, whose fresh pages cost more than the decoding and the parse together. The nodes of
// restic's trees (Go's encoding: `{"nodes":[{…},{…}]}`) are cut apart by a scan that skips
// strings and counts brackets, and each is parsed alone. Anything else, or anything the scan
// does not expect, is parsed whole, so the result is always JSON.parse's.

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const PREFIX = Buffer.from('{"nodes":[');

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Trees smaller than this are parsed whole: the scan gains nothing there. */
const SCAN_FROM_BYTES = 16 * 1024;

/** The tree's JSON value, as JSON.parse gives it; throws JSON.parse's SyntaxError. */
export function parseTreeJson(plaintext: Buffer): unknown {
  if (plaintext.length >= SCAN_FROM_BYTES) {
    const nodes = scanTreeNodes(plaintext);
    if (nodes !== undefined) return { nodes };
  }
  return JSON.parse(plaintext.toString('utf8'));
}

/** The nodes of a tree Go wrote, each parsed alone; undefined if the text is not just that. */
export function scanTreeNodes(b: Buffer): unknown[] | undefined {
  if (!b.subarray(0, PREFIX.length).equals(PREFIX)) return undefined;
  const nodes: unknown[] = [];
  let i = PREFIX.length;
  for (;;) {
    while (i < b.length && isSpace(b[i]!)) i++;
    if (b[i] !== OPEN_BRACE) return undefined;
    const end = objectEnd(b, i);
    if (end < 0) return undefined;
    nodes.push(JSON.parse(b.toString('utf8', i, end)));
    i = end;
    while (i < b.length && isSpace(b[i]!)) i++;
    if (b[i] === COMMA) {
      i++;
      continue;
    }
    if (b[i] !== CLOSE_BRACKET) return undefined;
    i++;
    while (i < b.length && isSpace(b[i]!)) i++;
    if (b[i] !== CLOSE_BRACE) return undefined;
    i++;
    while (i < b.length && isSpace(b[i]!)) i++;
    return i === b.length ? nodes : undefined;
  }
}

/** The index just past the object (or array) that opens at `start`, or -1 if it does not close. */
function objectEnd(b: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      // To the quote that ends the string: the next one not escaped.
      for (i++; i < b.length && b[i] !== QUOTE; i++) if (b[i] === BACKSLASH) i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
