// Trees (folder listings) as restic stores them, and the shapes `ls --json` and `find --json`
// print for their nodes. restic stores a node's name Go-quoted (strconv.Quote without the
// outer quotes), so that any byte sequence survives JSON; the name is unquoted here.
import type { FindMatch } from '../../types/find.js';
import type { LsNode } from '../../types/ls.js';
import type { Tree, TreeNode } from '../../types/repository.js';
import { WHOLE_ID } from '../../shared/ids.js';

/** UTF-8 as Go reads it: bytes that are not UTF-8 become U+FFFD, and a leading U+FEFF is a character like any other (a TextDecoder drops it unless told). */
const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A Go escape the unquoting does not accept. */
class GoQuoteError extends Error {}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '"': 0x22 };

/**
 * Go's strconv.Unquote of `"` + text + `"`: the escapes \a \b \f \n \r \t \v \\ \" \xHH \NNN
 * \uHHHH \UHHHHHHHH. \x and octal escapes give raw bytes; the result is decoded as UTF-8 (bytes
 * that are not UTF-8 become U+FFFD, as Go's JSON encoder prints them).
 */
export function goUnquote(text: string): string {
  if (!text.includes('\\')) {
    if (text.includes('"') || text.includes('\n')) throw new GoQuoteError('unescaped quote or newline');
    return text;
  }
  const bytes: number[] = [];
  const pushText = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  let i = 0;
  while (i < text.length) {
    const next = text.indexOf('\\', i);
    const plain = next < 0 ? text.slice(i) : text.slice(i, next);
    if (plain.includes('"') || plain.includes('\n')) throw new GoQuoteError('unescaped quote or newline');
    pushText(plain);
    if (next < 0) break;
    const c = text[next + 1];
    if (c === undefined) throw new GoQuoteError('trailing backslash');
    if (c in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[c]!);
      i = next + 2;
    } else if (c === 'x') {
      const hex = text.slice(next + 2, next + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new GoQuoteError(`bad \\x escape`);
      bytes.push(parseInt(hex, 16));
      i = next + 4;
    } else if (c >= '0' && c <= '7') {
      const oct = text.slice(next + 1, next + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new GoQuoteError('bad octal escape');
      bytes.push(parseInt(oct, 8));
      i = next + 4;
    } else if (c === 'u' || c === 'U') {
      const width = c === 'u' ? 4 : 8;
      const hex = text.slice(next + 2, next + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw new GoQuoteError(`bad \\${c} escape`);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new GoQuoteError(`bad \\${c} escape`);
      pushText(String.fromCodePoint(cp));
      i = next + 2 + width;
    } else {
      throw new GoQuoteError(`unknown escape \\${c}`);
    }
  }
  return UTF8.decode(Uint8Array.from(bytes));
}

/** Nodes whose stored name or link target has bytes that are not UTF-8, which the decoded strings cannot give back. */
export const lossyNames = new WeakSet<DecodedNode>();

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * Why a node name cannot stand for one entry of its folder, or undefined when it can. restic's
 * restore refuses a name that is not its own base name once joined to `/` (so '', '.', '..' and
 * any name with a slash) rather than write outside the target; a NUL no file system takes, and
 * a tar or a listing would cut the name there. Without this check `ls` and `find` would show
 * paths that are not there, and a tar from `dump` could escape the folder asked for.
 */
export function nameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'not a file name';
  if (name.includes('/')) return 'it has a slash';
  if (name.includes('\0')) return 'it has a NUL byte';
  return undefined;
}

/** A node decoded for walking: the stored fields, with the name unquoted and a raw link target applied. */
export interface DecodedNode extends TreeNode {
  name: string;
  type: string;
}

/** Checks a parsed tree blob's shape; returns its nodes decoded. Throws a plain Error naming the problem. */
export function decodeTree(tree: unknown): DecodedNode[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) throw new Error('tree is not a JSON object');
  const nodes = (tree as Tree).nodes;
  if (nodes === null || nodes === undefined) return [];
  if (!Array.isArray(nodes)) throw new Error('tree nodes is not an array');
  return nodes.map((raw) => decodeNode(raw));
}

function decodeNode(raw: unknown): DecodedNode {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('a tree node is not an object');
  // The object comes fresh from JSON.parse and is decoded in place.
  const node = raw as DecodedNode & { linktarget_raw?: unknown };
  if (typeof node.name !== 'string') throw new Error('a tree node has no name');
  try {
    const quoted = node.name;
    node.name = goUnquote(quoted);
    // Bytes that are not UTF-8 came out as U+FFFD: the name is not what the file system had.
    if (node.name.includes('\uFFFD') && count(node.name, '\uFFFD') > count(quoted, '\uFFFD')) lossyNames.add(node);
  } catch (error) {
    throw new Error(`tree node name ${JSON.stringify(node.name)} does not unquote: ${(error as Error).message}`);
  }
  const refused = nameProblem(node.name);
  if (refused) throw new Error(`invalid node name ${JSON.stringify(node.name)}: ${refused}`);
  if (typeof node.type !== 'string' || node.type === '') throw new Error(`node type is empty for node ${JSON.stringify(node.name)}`);
  if (typeof node.linktarget_raw === 'string') {
    const raw = Buffer.from(node.linktarget_raw, 'base64');
    node.linktarget = UTF8.decode(raw);
    if (!Buffer.from(node.linktarget, 'utf8').equals(raw)) lossyNames.add(node);
    delete node.linktarget_raw;
  }
  if (node.type === 'dir' && (typeof node.subtree !== 'string' || !WHOLE_ID.test(node.subtree))) throw new Error(`subtree for node ${JSON.stringify(node.name)} is missing`);
  if (node.content !== undefined && node.content !== null) {
    if (!Array.isArray(node.content) || node.content.some((id) => typeof id !== 'string' || !WHOLE_ID.test(id))) throw new Error(`content of node ${JSON.stringify(node.name)} is not a list of IDs`);
  }
  return node;
}

const MODE_LETTERS = 'dalTLDpSugct?';

/** Mode strings already made: a tree walk meets the same few modes again and again. */
const modeStrings = new Map<number, string>();
const MODE_STRINGS_KEPT = 1024;

/** Go's os.FileMode.String(): type letters (or `-`), then rwxrwxrwx. */
export function fileModeString(mode: number): string {
  let text = modeStrings.get(mode);
  if (text === undefined) {
    text = modeStringOf(mode);
    if (modeStrings.size < MODE_STRINGS_KEPT) modeStrings.set(mode, text);
  }
  return text;
}

function modeStringOf(mode: number): string {
  const m = mode >>> 0;
  let out = '';
  for (let i = 0; i < MODE_LETTERS.length; i++) {
    if (Math.floor(m / 2 ** (31 - i)) % 2 === 1) out += MODE_LETTERS[i];
  }
  if (out === '') out = '-';
  const rwx = 'rwxrwxrwx';
  for (let i = 0; i < 9; i++) out += (m >> (8 - i)) & 1 ? rwx[i] : '-';
  return out;
}

/** A node as `ls --json` prints it (restic 0.19's fields and order). */
export function lsNodeFrom(path: string, node: DecodedNode): LsNode {
  const out: Record<string, unknown> = { name: node.name, type: node.type, path, uid: node.uid ?? 0, gid: node.gid ?? 0 };
  if (node.type === 'file') out['size'] = node.size ?? 0;
  const mode = node.mode ?? 0;
  if (mode !== 0) out['mode'] = mode;
  out['permissions'] = fileModeString(mode);
  out['mtime'] = node.mtime ?? '0001-01-01T00:00:00Z';
  out['atime'] = node.atime ?? '0001-01-01T00:00:00Z';
  out['ctime'] = node.ctime ?? '0001-01-01T00:00:00Z';
  if (node.inode !== undefined && node.inode !== 0) out['inode'] = node.inode;
  out['message_type'] = 'node';
  out['struct_type'] = 'node';
  return out as LsNode;
}

const FIND_DROPPED = new Set(['name', 'extended_attributes', 'generic_attributes', 'device', 'content', 'subtree']);
const FIND_OMIT_ZERO = new Set(['mode', 'user', 'group', 'inode', 'device_id', 'size', 'links', 'linktarget', 'error']);

/** A node as `find --json` prints it: path, permissions, then the node's own fields without its name, content and subtree. */
export function findMatchFrom(path: string, node: DecodedNode): FindMatch {
  const out: Record<string, unknown> = { path, permissions: fileModeString(node.mode ?? 0) };
  for (const [field, value] of Object.entries(node)) {
    if (FIND_DROPPED.has(field)) continue;
    if (FIND_OMIT_ZERO.has(field) && (value === 0 || value === '' || value === null || value === undefined)) continue;
    out[field] = value;
  }
  for (const field of ['uid', 'gid']) if (out[field] === undefined) out[field] = 0;
  return out as FindMatch;
}
