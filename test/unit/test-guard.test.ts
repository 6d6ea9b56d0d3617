import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/binaries.js';

type NodeTestArgs = (files: string[], options?: { concurrency?: number }) => string[];

/** Runs one test file the way `npm test` runs every file: its exit code and output. */
async function runLikeNpmTest(t: { after: (fn: () => void) => void }, source: string): Promise<{ status: number | null; output: string }> {
  const { nodeTestArgs } = (await import(pathToFileURL(join(projectRoot, 'scripts', 'node-test-args.mjs')).href)) as { nodeTestArgs: NodeTestArgs };
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-guard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'case.test.mjs');
  writeFileSync(file, `import { test } from 'node:test';\n${source}\n`);
  // Without NODE_TEST_CONTEXT, or the child would take itself for a file of this run and not run its tests.
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  const run = spawnSync(process.execPath, nodeTestArgs([file], { concurrency: 1 }), { encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, output: run.stdout + run.stderr };
}

// A library inside a server must never cause an unhandled rejection; the suite must not let one pass unseen.
test('npm test fails a file whose code rejects unhandled after its test passed', async (t) => {
  const clean = await runLikeNpmTest(t, `test('passes', async () => { await new Promise((r) => setTimeout(r, 50)); });`);
  assert.equal(clean.status, 0, clean.output);

  const late = await runLikeNpmTest(
    t,
    `test('passes, then rejects', () => { setTimeout(() => { Promise.reject(new Error('late rejection')); }, 50); });
     test('still running', async () => { await new Promise((r) => setTimeout(r, 300)); });`,
  );
  assert.notEqual(late.status, 0, late.output);
  assert.match(late.output, /late rejection/);

  const afterAll = await runLikeNpmTest(t, `test('passes', () => { setTimeout(() => { Promise.reject(new Error('after the last test')); }, 200); });`);
  assert.notEqual(afterAll.status, 0, afterAll.output);
  assert.match(afterAll.output, /after the last test/);

  // A file that listens for rejections itself (and swallows them) fails all the same.
  const swallowed = await runLikeNpmTest(
    t,
    `process.on('unhandledRejection', () => {});
     test('passes', () => { setTimeout(() => { Promise.reject(new Error('swallowed')); }, 50); });
     test('still running', async () => { await new Promise((r) => setTimeout(r, 300)); });`,
  );
  assert.notEqual(swallowed.status, 0, swallowed.output);
  assert.match(swallowed.output, /test-guard: unhandled rejection/);
});

test('npm test fails a file that throws uncaught after its test passed', async (t) => {
  const thrown = await runLikeNpmTest(t, `test('passes, then throws', () => { setTimeout(() => { throw new Error('late throw'); }, 50); setTimeout(() => {}, 300); });`);
  assert.notEqual(thrown.status, 0, thrown.output);
  assert.match(thrown.output, /late throw/);
});
