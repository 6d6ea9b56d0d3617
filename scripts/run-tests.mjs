// Compiles the tests and runs them with Node's test runner on each Node release:
// `node scripts/run-tests.mjs [unit|e2e] [name-filter]`. Which file runs on which Node, and
// against which restic, is scripts/test-plan.mjs; the Nodes are scripts/test-nodes.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintPackage } from './lint-package.mjs';
import { nodeTestArgs } from './node-test-args.mjs';
import { nodeLabel, testNodes } from './test-nodes.mjs';
import { runPool } from './test-pool.mjs';
import { startOrder, testPlan } from './test-plan.mjs';

/** Test files at once, over every Node: as many as `npm test` ran on one Node before. */
const SLOTS = 3;

const [suite, filter] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const started = Date.now();

let nodes;
try {
  // A filtered run is a developer's quick check: the Node that runs npm, unless RESTIC_TEST_NODES says otherwise.
  nodes = testNodes(root, { narrow: Boolean(filter) || suite === 'unit' });
} catch (error) {
  console.error(`npm test: ${error.message}`);
  process.exit(1);
}

// The examples import the package by its name, which resolves to dist/: build it first.
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
rmSync('build', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const filesOf = (name) => {
  const dir = join('build', 'test', name);
  if (!existsSync(dir) || (suite && suite !== name)) return [];
  const all = readdirSync(dir, { recursive: true }).map((file) => join(dir, String(file)));
  return all.filter((path) => path.endsWith('.test.js') && (!filter || path.includes(filter))).sort();
};
const unitFiles = filesOf('unit');
const e2eFiles = filesOf('e2e');
if (unitFiles.length + e2eFiles.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// The restic selection, as the tests see it (RESTIC_TEST_VERSIONS, else the three expected).
const { selectedSeries } = await import(pathToFileURL(join(root, 'build', 'test', 'helpers', 'binaries.js')).href);
const versions = e2eFiles.length > 0 ? selectedSeries() : [];
const releaseOf = (series) => {
  const path = join('.restic', series, 'restic');
  return existsSync(path) ? spawnSync(path, ['version'], { encoding: 'utf8' }).stdout.split(' ')[1] : `${series} (missing: run bash scripts/setup.sh)`;
};
const releases = new Map(versions.map((v) => [v, releaseOf(v)]));
const restics = (series) => series.map((v) => releases.get(v)).join(', ');

const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
const plan = testPlan({ unitFiles, e2eFiles, nodes, versions });
console.log(`npm test: ${count(plan.length, 'job')}, ${SLOTS} at a time, on ${count(nodes.length, 'Node')}:`);
for (const node of nodes) {
  const mine = plan.filter((job) => job.node === node);
  const parts = [];
  if (mine.some((j) => j.kind === 'unit')) parts.push(`unit tests (${count(unitFiles.length, 'file')})`);
  if (mine.some((j) => j.kind === 'package')) parts.push('the packed package');
  const e2e = mine.filter((j) => j.kind === 'e2e');
  if (e2e.length > 0) parts.push(`end-to-end (${count(e2e.length, 'file')}) on restic ${restics(e2e[0].share ?? versions)}`);
  console.log(`  ${nodeLabel(root, node)}: ${parts.join('; ') || 'nothing'}`);
}
if (versions.length > 0) console.log(`  tests that need one recent restic use ${releases.get(versions.at(-1))} on every Node`);

if (plan.some((job) => job.kind === 'package')) {
  console.log('');
  if (!lintPackage()) process.exit(1);
}

const weight = (file) => readFileSync(file, 'utf8').length;
const jobs = startOrder(plan, { weight, versions }).map((job) => {
  const env = { ...process.env };
  delete env.RESTIC_TEST_SHARE;
  if (job.share) env.RESTIC_TEST_SHARE = job.share.join(',');
  // Whatever the tests start by name (node, npm's own node) is this job's Node too.
  if (!job.node.own) env.PATH = `${dirname(job.node.path)}${delimiter}${env.PATH ?? ''}`;
  const what = job.kind === 'unit' ? 'unit tests' : job.files[0].replace(/^build\/test\//, '');
  const title = `Node ${job.node.version} · ${what}${job.kind === 'e2e' ? ` · restic ${(job.share ?? versions).join(', ')}` : ''}`;
  // A batch of unit files runs some at once itself; alone, it may take every slot.
  const concurrency = job.kind === 'unit' ? (plan.length === 1 ? SLOTS : 2) : 1;
  return { ...job, title, command: job.node.path, args: nodeTestArgs(job.files, { concurrency }), env };
});
const results = await runPool(jobs, { slots: SLOTS });

console.log(`\nnpm test: ${((Date.now() - started) / 1000).toFixed(0)} s`);
const sum = (list, name) => list.reduce((n, r) => n + (r.counts[name] ?? 0), 0);
for (const node of nodes) {
  const mine = results.filter((r) => r.job.node === node);
  const failed = mine.filter((r) => !r.ok).length;
  const tally = `${count(sum(mine, 'tests'), 'test')}, ${sum(mine, 'pass')} passed, ${sum(mine, 'fail')} failed, ${sum(mine, 'skipped')} skipped`;
  console.log(`  ${nodeLabel(root, node)}: ${count(mine.length, 'job')}, ${tally}${failed ? `; ${count(failed, 'job')} FAILED` : ''}`);
}
const failures = results.filter((r) => !r.ok);
for (const r of failures) console.log(`  ✖ ${r.job.title} (exit ${r.code})`);
process.exit(failures.length > 0 ? 1 : 0);
