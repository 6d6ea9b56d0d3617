import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { BadPatternError, childMatchCompiled, compilePattern, matchCompiled, splitForMatch } from '../../src/reader/walker/filter.js';
import { clean } from '../../src/reader/walker/go-path.js';
import { IndexTable } from '../../src/reader/repository/index-table.js';
import { KeyFileRefused, parseKeyFile, scryptMemory } from '../../src/reader/crypto/key-derivation.js';
import { splitShellStrings } from '../../src/reader/password.js';
import { fileModeString, goUnquote } from '../../src/reader/walker/tree-reader.js';

function keyFile(fields: Record<string, unknown>): string {
  return JSON.stringify({ created: '2024-01-01T00:00:00Z', username: 'u', hostname: 'h', kdf: 'scrypt', N: 32768, r: 8, p: 1, salt: randomBytes(64).toString('base64'), data: randomBytes(80).toString('base64'), ...fields });
}

test('key files: restic defaults are accepted; hostile or malformed scrypt parameters are refused before scrypt runs', () => {
  const ok = parseKeyFile(keyFile({}));
  assert.deepEqual([ok.N, ok.r, ok.p, ok.salt.length], [32768, 8, 1, 64]);
  const refused = (fields: Record<string, unknown>, reason: string): void => {
    assert.throws(
      () => parseKeyFile(keyFile(fields)),
      (e: unknown) => e instanceof KeyFileRefused && e.reason === reason,
      JSON.stringify(fields),
    );
  };
  refused({ N: 2 ** 30 }, 'limits'); // 128 GiB of memory
  refused({ N: 2 ** 20, r: 8 }, 'limits'); // 1 GiB, above the default 256 MiB
  refused({ p: 1000 }, 'limits');
  refused({ r: 2 ** 20, p: 2 ** 10 }, 'invalid');
  refused({ N: 1000 }, 'invalid'); // not a power of two
  refused({ N: 1 }, 'invalid');
  refused({ N: -16 }, 'invalid');
  refused({ N: 16.5 }, 'invalid');
  refused({ N: '16384' }, 'invalid');
  refused({ r: 0 }, 'invalid');
  refused({ kdf: 'argon2' }, 'unsupported');
  refused({ salt: randomBytes(32).toString('base64') }, 'invalid');
  refused({ salt: 'not base64!' }, 'invalid');
  refused({ data: randomBytes(8).toString('base64') }, 'invalid');
  assert.throws(() => parseKeyFile('not json'), KeyFileRefused);
  assert.throws(() => parseKeyFile('[]'), KeyFileRefused);
  // The limit is adjustable.
  assert.equal(parseKeyFile(keyFile({ N: 2 ** 20, r: 8 }), { maxMemory: 2 ** 31, maxP: 16, maxWork: 2 ** 24 }).N, 2 ** 20);
  // Work (N·r·p) is bounded as well as memory: 2^17·15·16 fits in 256 MiB but costs many seconds.
  refused({ N: 2 ** 17, r: 15, p: 16 }, 'limits');
  refused({ N: 2 ** 15, r: 8, p: 33 }, 'limits');
  assert.equal(parseKeyFile(keyFile({ N: 2 ** 15, r: 8, p: 32 })).p, 32, 'p = 32 at restic N and r: restic keys from fast machines');
  assert.equal(scryptMemory(32768, 8, 1), 128 * 32768 * 8 + 128 * 8);
});

test('tree names: Go-quoted names unquote like strconv.Unquote', () => {
  assert.equal(goUnquote('plain name.txt'), 'plain name.txt');
  assert.equal(goUnquote('quote\\"d'), 'quote"d');
  assert.equal(goUnquote('back\\\\slash'), 'back\\slash');
  assert.equal(goUnquote('new\\nline'), 'new\nline');
  assert.equal(goUnquote('tab\\there'), 'tab\there');
  assert.equal(goUnquote('\\a\\b\\f\\r\\v'), '\x07\b\f\r\v');
  assert.equal(goUnquote('bell\\x07'), 'bell\x07');
  assert.equal(goUnquote('oct\\101'), 'octA');
  assert.equal(goUnquote('\\u00e9t\\u00e9'), 'été');
  assert.equal(goUnquote('\\U0001f600'), '😀');
  assert.equal(goUnquote('héllo wörld ☃'), 'héllo wörld ☃');
  assert.equal(goUnquote('\\ufeffbom'), '\ufeffbom', 'a leading byte-order mark is kept');
  // Bytes that are not UTF-8 come out as U+FFFD, as Go's JSON encoder prints them.
  assert.equal(goUnquote('bad\\xff'), 'bad\ufffd');
  assert.equal(goUnquote('\\xc3\\xa9'), 'é');
  for (const bad of ['trailing\\', 'bad\\q', 'bad\\x1', 'bad\\u12', 'raw"quote', 'raw\nnewline', '\\400', "single\\'"]) assert.throws(() => goUnquote(bad), Error, bad);
});

test('file modes print like Go os.FileMode.String', () => {
  assert.equal(fileModeString(0o644), '-rw-r--r--');
  assert.equal(fileModeString(2147484141), 'drwxr-xr-x'); // 1<<31 | 0o755
  assert.equal(fileModeString(134218239), 'Lrwxrwxrwx'); // 1<<27 | 0o777
  assert.equal(fileModeString(0), '----------');
  assert.equal(fileModeString(2 ** 31 + 2 ** 20 + 0o777), 'dtrwxrwxrwx');
  assert.equal(fileModeString(2 ** 23 + 0o755), 'urwxr-xr-x');
});

test('find patterns follow restic filter.Match and ChildMatch', () => {
  assert.equal(clean('/a//b/./c/..'), '/a/b');
  assert.equal(clean('a/../..'), '..');
  // As find uses them: a pattern compiled once, a path split once.
  const match = (pattern: string, path: string): boolean => matchCompiled(compilePattern(pattern), splitForMatch(path));
  const childMatch = (pattern: string, path: string): boolean => childMatchCompiled(compilePattern(pattern), splitForMatch(path));
  // One component: Go's filepath.Match.
  assert.ok(match('*.txt', 'a.txt'));
  assert.ok(!match('*.txt', 'a.txt.bak'));
  assert.ok(match('a?c', 'abc'));
  assert.ok(match('[a-c]x', 'bx'));
  assert.ok(!match('[^a-c]x', 'bx'));
  assert.ok(match('\\*', '*'));
  assert.ok(match('é*', 'été'));
  // A class with an empty range has no RegExp: the tokens are matched one by one.
  assert.ok(match('[c-ab]x', 'bx'));
  assert.ok(!match('[c-ab]x', 'cx'));
  for (const bad of ['[', '[]', '[a-', 'a\\', '[-a]']) assert.throws(() => compilePattern(bad), BadPatternError, bad);

  assert.ok(match('file.txt', '/home/user/file.txt'));
  assert.ok(match('*.txt', '/home/user/file.txt'));
  assert.ok(match('user', '/home/user/file.txt'), 'a name matches at any depth, descendants included');
  assert.ok(match('/home', '/home/user'));
  assert.ok(!match('/user', '/home/user'));
  assert.ok(match('/home/*/file.txt', '/home/user/file.txt'));
  assert.ok(match('/home/**/c', '/home/a/b/c'));
  assert.ok(match('**/c', '/home/a/b/c'));
  assert.ok(!match('/home/**/d', '/home/a/b/c'));
  assert.ok(childMatch('/home/a/x', '/home'));
  assert.ok(!childMatch('/home/a/x', '/other'));
  assert.ok(childMatch('x', '/anything'));
});

test('password commands split like restic SplitShellStrings', () => {
  assert.deepEqual(splitShellStrings('echo secret'), ['echo', 'secret']);
  assert.deepEqual(splitShellStrings(`cat "/tmp/my file" 'x y'`), ['cat', '/tmp/my file', 'x y']);
  assert.deepEqual(splitShellStrings('a\\b'), ['a', 'b']);
  assert.throws(() => splitShellStrings('"open'));
  assert.throws(() => splitShellStrings('   '));
});

test('the compact index finds every copy of a blob and refuses malformed entries', () => {
  const table = new IndexTable();
  const id = (n: number): string => createHash('sha256').update(String(n)).digest('hex');
  const packA = 'a'.repeat(64);
  const packB = 'b'.repeat(64);
  const blobs = Array.from({ length: 5000 }, (_, i) => ({ id: id(i * 7919 + 1), type: i % 3 === 0 ? 'tree' : 'data', offset: i * 10, length: 10, ...(i % 2 ? { uncompressed_length: 20 } : {}) }));
  table.addIndexFile({ packs: [{ id: packA, blobs }] });
  table.addIndexFile({ packs: [{ id: packB, blobs: [blobs[5]] }] });
  table.finish();
  assert.equal(table.size, 5001);
  for (const [i, blob] of blobs.entries()) {
    const found = table.lookup(blob.id);
    assert.equal(found.length, i === 5 ? 2 : 1);
    assert.deepEqual(found[0], { pack: packA, type: blob.type, offset: i * 10, length: 10, uncompressedLength: i % 2 ? 20 : 0 });
  }
  assert.deepEqual(table.lookup(blobs[5]!.id).map((l) => l.pack), [packA, packB]);
  assert.equal(table.lookup(blobs[4]!.id, 'tree').length, 0);
  assert.equal(table.lookup(blobs[3]!.id, 'tree').length, 1);
  assert.deepEqual(table.lookup(id(-1)), []);
  for (const bad of [{ packs: 'x' }, { packs: [{ id: 'zz', blobs: [] }] }, { packs: [{ id: packA, blobs: [{ id: id(1), type: 'weird', offset: 0, length: 1 }] }] }, { packs: [{ id: packA, blobs: [{ id: id(1), type: 'data', offset: -1, length: 1 }] }] }]) {
    assert.throws(() => new IndexTable().addIndexFile(bad));
  }
});
