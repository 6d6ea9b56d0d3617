import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/binaries.js';

// What `npm test` runs where (scripts/test-plan.mjs), and the pinned Nodes (scripts/node-versions.txt).

interface Node {
  major: number;
}
interface Job {
  node: Node;
  kind: 'unit' | 'package' | 'e2e';
  files: string[];
  share?: string[];
}
interface Plan {
  testPlan(input: { unitFiles: string[]; e2eFiles: string[]; nodes: Node[]; versions: string[] }): Job[];
  startOrder(jobs: Job[], options: { weight: (file: string) => number; versions: string[] }): Job[];
}
interface Nodes {
  pinnedNodes(root: string): { major: number; version: string }[];
}

const load = async <T>(name: string): Promise<T> => (await import(pathToFileURL(join(projectRoot, 'scripts', name)).href)) as T;

const unitFiles = ['build/test/unit/a.test.js', 'build/test/unit/b.test.js'];
const e2eFiles = ['build/test/e2e/core.test.js', 'build/test/e2e/package.test.js', 'build/test/e2e/reader.test.js'];
const [n20, n22, n24] = [{ major: 20 }, { major: 22 }, { major: 24 }];
const describeJob = (j: Job): string => `${j.node.major} ${j.kind} ${j.files.length === 1 ? j.files[0]!.replace(/^build\/test\//, '') : j.files.length} ${j.share?.join(',') ?? 'all'}`;

test('three Nodes: unit and package tests on each, each end-to-end file on 20 and 24 with the restic versions shared out', async () => {
  const { testPlan } = await load<Plan>('test-plan.mjs');
  const jobs = testPlan({ unitFiles, e2eFiles, nodes: [n20, n22, n24], versions: ['0.14', '0.18', '0.19'] });
  assert.deepEqual(jobs.map(describeJob), [
    '20 unit 2 all',
    '20 package e2e/package.test.js all',
    '22 unit 2 all',
    '22 package e2e/package.test.js all',
    '24 unit 2 all',
    '24 package e2e/package.test.js all',
    '20 e2e e2e/core.test.js 0.14,0.18',
    '20 e2e e2e/reader.test.js 0.14,0.18',
    '24 e2e e2e/core.test.js 0.19',
    '24 e2e e2e/reader.test.js 0.19',
  ]);
});

test('two restic versions are shared out too; one cannot be, and then both Nodes run it', async () => {
  const { testPlan } = await load<Plan>('test-plan.mjs');
  const two = testPlan({ unitFiles: [], e2eFiles: ['build/test/e2e/core.test.js'], nodes: [n20, n22, n24], versions: ['0.14', '0.19'] });
  assert.deepEqual(two.map(describeJob), ['20 e2e e2e/core.test.js 0.14', '24 e2e e2e/core.test.js 0.19']);
  const one = testPlan({ unitFiles: [], e2eFiles: ['build/test/e2e/core.test.js'], nodes: [n20, n24], versions: ['0.19'] });
  assert.deepEqual(one.map(describeJob), ['20 e2e e2e/core.test.js all', '24 e2e e2e/core.test.js all']);
});

test('one Node runs every file against every selected restic', async () => {
  const { testPlan } = await load<Plan>('test-plan.mjs');
  const jobs = testPlan({ unitFiles, e2eFiles, nodes: [n24], versions: ['0.14', '0.18', '0.19'] });
  assert.deepEqual(jobs.map(describeJob), ['24 unit 2 all', '24 package e2e/package.test.js all', '24 e2e e2e/core.test.js all', '24 e2e e2e/reader.test.js all']);
});

test('the longest end-to-end jobs start first, the unit batches last', async () => {
  const { testPlan, startOrder } = await load<Plan>('test-plan.mjs');
  const versions = ['0.14', '0.18', '0.19'];
  const jobs = testPlan({ unitFiles, e2eFiles, nodes: [n20, n24], versions });
  const weight = (file: string): number => (file.includes('reader') ? 100 : 60);
  assert.deepEqual(startOrder(jobs, { weight, versions }).map(describeJob), [
    '20 e2e e2e/reader.test.js 0.14,0.18',
    '20 e2e e2e/core.test.js 0.14,0.18',
    '24 e2e e2e/reader.test.js 0.19',
    '24 e2e e2e/core.test.js 0.19',
    '20 package e2e/package.test.js all',
    '24 package e2e/package.test.js all',
    '20 unit 2 all',
    '24 unit 2 all',
  ]);
});

test('the pinned Nodes are exact releases of their majors, and package.json engines names the same majors', async () => {
  const { pinnedNodes } = await load<Nodes>('test-nodes.mjs');
  const pinned = pinnedNodes(projectRoot);
  assert.deepEqual(
    pinned.map((p) => p.major),
    [20, 22, 24],
  );
  for (const { major, version } of pinned) assert.match(version, new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  const text = readFileSync(join(projectRoot, 'scripts', 'node-versions.txt'), 'utf8');
  for (const line of text.split('\n').filter((l) => /^\d/.test(l))) assert.match(line, /^\d+ \d+\.\d+\.\d+ sha512-[A-Za-z0-9+/]{86}==$/);
  const engines = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  const expected = pinned.map((p, i) => (i === pinned.length - 1 ? `>=${p.major}.0.0` : `^${p.major}.0.0`)).join(' || ');
  assert.equal(engines, expected);
});
