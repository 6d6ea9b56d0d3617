import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedNode } from '../../src/reader/walker/tree-reader.js';
import { DESCEND, walkTrees, YIELD } from '../../src/reader/walker/tree-walk.js';

// Trees by ID: a folder is a node of type dir whose subtree names another entry.
const file = (name: string): DecodedNode => ({ name, type: 'file' });
const dir = (name: string, subtree: string): DecodedNode => ({ name, type: 'dir', subtree });
const TREES: Record<string, DecodedNode[]> = {
  root: [dir('a', 'A'), file('f'), dir('b', 'B'), dir('c', 'C'), dir('d', 'D'), dir('e', 'E'), dir('g', 'G')],
  A: [dir('x', 'X'), file('y')],
  X: [file('deep')],
  B: [],
  C: [file('c1')],
  D: [file('d1')],
  E: [file('e1')],
  G: [file('g1')],
};

async function collect(load: (id: string) => Promise<DecodedNode[]>, choose = (): number => YIELD | DESCEND): Promise<string[]> {
  const paths: string[] = [];
  for await (const batch of walkTrees('root', '/', load, choose, () => undefined)) for (const { path } of batch) paths.push(path);
  return paths;
}

test('walkTrees goes depth-first in tree order, a folder before what is inside it', async () => {
  const paths = await collect(async (id) => TREES[id]!);
  assert.deepEqual(paths, ['/a', '/a/x', '/a/x/deep', '/a/y', '/f', '/b', '/c', '/c/c1', '/d', '/d/d1', '/e', '/e/e1', '/g', '/g/g1']);
});

test('walkTrees gives the nodes met before each wait for a subtree as one batch', async () => {
  const batches: string[][] = [];
  for await (const batch of walkTrees('root', '/', async (id) => TREES[id]!, () => YIELD | DESCEND, () => undefined)) batches.push(batch.map(({ path }) => path));
  // A folder ends its batch (its subtree is awaited next); the files after it start the next one.
  assert.deepEqual(batches, [['/a'], ['/a/x'], ['/a/x/deep', '/a/y', '/f', '/b'], ['/c'], ['/c/c1', '/d'], ['/d/d1', '/e'], ['/e/e1', '/g'], ['/g/g1']]);
});

test('walkTrees reads at most a few subtrees ahead, and none it will not go into', async () => {
  const asked: string[] = [];
  const choose = (path: string): number => (path === '/d' ? YIELD : YIELD | DESCEND);
  const walk = walkTrees('root', '/', async (id) => (asked.push(id), TREES[id]!), choose, () => undefined);
  await walk.next(); // the first batch: by now the root and the first subtrees are asked for
  assert.deepEqual(asked, ['root', 'A', 'B', 'C', 'E']);
  for await (const _ of walk) void _;
  assert.ok(!asked.includes('D'), 'a folder the walk does not enter is not read');
  assert.equal(new Set(asked).size, asked.length, 'no tree is read twice');
});

test('a read-ahead that fails after the caller stopped is no unhandled rejection; one the walk reaches rejects it', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const failing = async (id: string): Promise<DecodedNode[]> => {
      if (id === 'E') throw new Error('damaged tree E');
      return TREES[id]!;
    };
    for await (const batch of walkTrees('root', '/', failing, () => YIELD | DESCEND, () => undefined)) if (batch.some(({ path }) => path === '/a')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(unhandled, []);
    await assert.rejects(collect(failing), /damaged tree E/);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('walkTrees stops when check throws', async () => {
  let seen = 0;
  const check = (): void => {
    if (++seen > 3) throw new Error('aborted');
  };
  const walk = walkTrees('root', '/', async (id) => TREES[id]!, () => YIELD | DESCEND, check);
  await assert.rejects(async () => {
    for await (const _ of walk) void _;
  }, /aborted/);
});
