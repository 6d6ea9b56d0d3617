import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTreeJson, scanTreeNodes } from '../../src/reader/walker/tree-json.js';

// Names that test the scan's string skipping: brackets, escaped quotes, backslashes at the end.
const TRICKY = ['{', '}', '[', ']', '\\', '"', '\\"', 'a\\', '},{"name":"x"}', 'ä€😀', '\u0000', '\n', ',', ' '];

function node(i: number, name: string): Record<string, unknown> {
  return {
    name,
    type: i % 7 === 0 ? 'dir' : 'file',
    mode: 420,
    mtime: '2026-11-23T16:01:51.650123456Z',
    uid: 0,
    gid: 0,
    content: [],
    // restic's extended attributes: objects inside the node, with "name" keys of their own.
    ...(i % 5 === 0 ? { extended_attributes: [{ name: 'user.a', value: 'eyJ9' }, { name: `user.${name}`, value: '' }] } : {}),
    ...(i % 11 === 0 ? { generic_attributes: { windows_attributes: { nested: [1, [2, { x: '}' }]] } } } : {}),
  };
}

/** A tree large enough to be scanned (the scan starts at 16 KiB), as Go writes it. */
function tree(count: number, nameOf: (i: number) => string): Buffer {
  return Buffer.from(JSON.stringify({ nodes: Array.from({ length: count }, (_, i) => node(i, nameOf(i))) }) + '\n');
}

test('a tree scanned node by node parses to what JSON.parse gives, whatever its names', () => {
  let seed = 7;
  const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let round = 0; round < 50; round++) {
    const text = tree(200, () => Array.from({ length: 1 + random(4) }, () => TRICKY[random(TRICKY.length)]).join(''));
    assert.ok(text.length > 16 * 1024);
    const whole = JSON.parse(text.toString('utf8')) as { nodes: unknown[] };
    assert.deepEqual(scanTreeNodes(text), whole.nodes, 'the scan cut the nodes apart where they are');
    assert.deepEqual(parseTreeJson(text), whole);
  }
});

test('a tree the scan does not expect is parsed whole, as JSON.parse parses it', () => {
  const body = JSON.stringify(Array.from({ length: 200 }, (_, i) => node(i, `f${i}`)));
  const cases = [
    `{"nodes":${body}}`, // no newline
    `{"nodes":[ ${body.slice(1, -1).replaceAll('},{', '} , {')} ]}\n\n`, // spaces between nodes
    `{"nodes":${body},"nodes":[]}`, // a second key: JSON.parse keeps the last
    `{"nodes":[1,2,${body.slice(1)}}`, // elements that are not objects
  ];
  for (const text of cases) assert.deepEqual(parseTreeJson(Buffer.from(text)), JSON.parse(text), text.slice(0, 40));
  assert.equal(scanTreeNodes(Buffer.from(cases[2]!)), undefined, 'two "nodes" keys are not scanned');
  assert.equal(scanTreeNodes(Buffer.from(cases[3]!)), undefined, 'elements that are not objects are not scanned');
});

test('a damaged tree throws the SyntaxError JSON.parse throws', () => {
  const good = tree(200, (i) => `f${i}`).toString('utf8');
  for (const text of [good.slice(0, 20_000), good.replace('}]}', '}]}x'), good.replace('},{', '}{'), good.replace('"mode":420', '"mode":42 0')]) {
    assert.throws(() => parseTreeJson(Buffer.from(text)), SyntaxError);
  }
});
