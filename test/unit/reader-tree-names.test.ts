import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTree } from '../../src/reader/walker/tree-reader.js';

const ID = 'a'.repeat(64);
const tree = (name: string, type = 'file'): unknown => ({ nodes: [{ name: 'fine', type: 'file' }, { name, type, ...(type === 'dir' ? { subtree: ID } : {}) }] });

test('decodeTree refuses a node name that is not one entry of its folder, as restic restore does', () => {
  // Names as stored (Go-quoted): `\x00` is a NUL, `\x2f` a slash.
  for (const stored of ['', '.', '..', '/', 'a/b', '../etc', 'a/', '/abs', 'nul\\x00byte', 'esc\\x2faped', '\\x2e\\x2e']) {
    for (const type of ['file', 'dir', 'symlink']) {
      assert.throws(() => decodeTree(tree(stored, type)), /invalid node name/, `${JSON.stringify(stored)} as ${type}`);
    }
  }
});

test('decodeTree keeps names restic restores: dots inside, backslashes, spaces, leading dots', () => {
  for (const stored of ['...', '.hidden', 'a..b', 'back\\\\slash', ' ', '..x', 'x..', '\\ufeffbom']) {
    const nodes = decodeTree(tree(stored));
    assert.equal(nodes.length, 2, JSON.stringify(stored));
  }
});
