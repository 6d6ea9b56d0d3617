// Compiles the tests and runs them with Node's test runner: `node scripts/run-tests.mjs [unit|e2e] [name-filter]`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeTestArgs } from './node-test-args.mjs';

const [suite, filter] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);

// The examples import the package by its name, which resolves to dist/: build it first.
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
rmSync('build', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const suites = suite ? [suite] : ['unit', 'e2e'];
const files = [];
for (const name of suites) {
  const dir = join('build', 'test', name);
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(file));
    if (path.endsWith('.test.js') && (!filter || path.includes(filter))) files.push(path);
  }
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const installed = existsSync('.restic') ? readdirSync('.restic').filter((v) => existsSync(join('.restic', v, 'restic'))) : [];
const selected = process.env.RESTIC_TEST_VERSIONS?.split(',').map((v) => v.trim()) ?? installed;
const versions = selected.map((v) => {
  const path = join('.restic', v, 'restic');
  return existsSync(path) ? spawnSync(path, ['version'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 2).join(' ') : `${v} (missing)`;
});
console.log(`restic versions under test: ${versions.join(', ') || 'none (run: bash scripts/setup.sh)'}`);
const run = spawnSync(process.execPath, nodeTestArgs(files.sort()), { stdio: 'inherit' });
process.exit(run.status ?? 1);
