import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { transform } from 'esbuild';
import { Restic } from '../../src/index.js';
import { newestRestic, projectRoot } from '../helpers/binaries.js';

// Every TypeScript block of the README and docs/ is a program a user can paste and run: this
// test type-checks each one and runs it, so none can rot. A block may use two names it does not
// declare, as the README says: `repo` (a Restic on a repository with snapshots) and `password`.
// The paths the blocks use (`/backups/repo`, `/data`, …) are mapped into a temporary folder.

const run = promisify(execFile);
const binary = newestRestic();
const PASSWORD = 'correct horse battery staple';

interface Block {
  /** `README.md:128`: where the block starts. */
  where: string;
  code: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(projectRoot, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    if (['ts', 'js', 'typescript', 'mjs'].includes(open[1]!)) blocks.push({ where: `${file}:${i + 1}`, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

const documents = ['README.md', ...readdirSync(join(projectRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = documents.flatMap(blocksOf);

/** The absolute paths the documentation uses, each mapped into the test's folder. */
const PATHS = ['/backups/repo', '/etc/restic/password', '/data', '/restore', '/var/cache/restic', '/tmp/db.sql'];

function mapPaths(code: string, world: string): string {
  return code.replace(/(['"`])(\/[^'"`]*)\1/g, (literal, quote: string, path: string) => {
    const base = PATHS.find((p) => path === p || path.startsWith(p + '/'));
    return base ? `${quote}${world}${path}${quote}` : literal;
  });
}

/** The block as a module: the names the README lets it assume, unless it declares them itself. */
function program(code: string, world: string): string {
  const prelude: string[] = [];
  const declares = (name: string): boolean => new RegExp(`\\b(const|let|var)\\s+${name}\\b`).test(code);
  if (!declares('password')) prelude.push(`const password: string = ${JSON.stringify(PASSWORD)};`);
  if (!declares('repo')) {
    prelude.push(`import * as resticjs$ from 'resticjs';`);
    prelude.push(`const repo = new resticjs$.Restic({ repository: ${JSON.stringify(`${world}/backups/repo`)}, password });`);
  }
  const imports = code.split('\n').filter((line) => line.startsWith('import '));
  const body = code.split('\n').filter((line) => !line.startsWith('import '));
  return [...imports, ...prelude, ...body, 'export {};'].join('\n');
}

/** A folder with what the blocks expect: data, a password file and (unless the block creates it) a repository with two snapshots. */
async function makeWorld(root: string, withRepository: boolean): Promise<void> {
  mkdirSync(join(root, 'data', 'music'), { recursive: true });
  writeFileSync(join(root, 'data', 'music', 'song.mp3'), Buffer.alloc(300_000, 7));
  writeFileSync(join(root, 'data', 'notes.txt'), 'notes\n');
  mkdirSync(join(root, 'etc', 'restic'), { recursive: true });
  writeFileSync(join(root, 'etc', 'restic', 'password'), PASSWORD + '\n');
  if (!withRepository) return;
  const repo = new Restic({ binaryPath: binary.path, repository: join(root, 'backups', 'repo'), password: PASSWORD, cacheDir: join(root, 'cache') });
  await repo.init();
  // /etc/hosts too: the reader's examples list /etc and dump /etc/hosts of the latest snapshot.
  await repo.backup({ paths: [join(root, 'data'), '/etc/hosts'], host: 'db1' });
  writeFileSync(join(root, 'data', 'notes.txt'), 'more notes\n');
  await repo.backup({ paths: [join(root, 'data'), '/etc/hosts'], host: 'db1' });
}

test('the README and docs/ have TypeScript examples to check', () => {
  assert.ok(blocks.length >= 10, `found ${blocks.length} blocks`);
});

test('every TypeScript block of the README and docs/ type-checks and runs to its end', { timeout: 600_000 }, async (t) => {
  // Inside the project, so that `resticjs` resolves to this package by its own name.
  mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(projectRoot, '.tmp', 'doc-examples-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const worlds = mkdtempSync(join(tmpdir(), 'resticjs-docs-'));
  t.after(() => rmSync(worlds, { recursive: true, force: true }));

  const files = blocks.map((block, i) => {
    const world = join(worlds, String(i));
    const file = join(work, `block-${i}.mts`);
    writeFileSync(file, program(mapPaths(block.code, world), world));
    return { block, world, file };
  });

  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node'];
  const checked = await run(process.execPath, [tsc, ...flags, ...files.map((f) => f.file)], { cwd: projectRoot }).catch((e: { stdout: string }) => e);
  const typeErrors = 'stdout' in checked ? checked.stdout.replace(/block-(\d+)\.mts/g, (_m, i: string) => files[Number(i)]!.block.where) : '';
  assert.equal(typeErrors, '', 'type errors in documentation blocks');

  // restic on PATH, as a user has it; the blocks use the default binaryPath.
  const env = { ...process.env, PATH: `${dirname(binary.path)}:${process.env['PATH']}`, RESTIC_CACHE_DIR: join(worlds, 'cache') };
  // Each block gets a copy of one of two worlds, made once: with the repository, and without it for the blocks that create it.
  const templates = { bare: join(worlds, 'bare'), withRepository: join(worlds, 'with-repository') };
  await makeWorld(templates.bare, false);
  await makeWorld(templates.withRepository, true);
  for (const { block, world, file } of files) {
    cpSync(/\.init\(/.test(block.code) ? templates.bare : templates.withRepository, world, { recursive: true });
    const started = Date.now();
    const js = file.replace(/\.mts$/, '.mjs');
    // For the Node that runs the tests, as a user's build would be: `await using` is lowered where Node lacks it.
    writeFileSync(js, (await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: `node${process.versions.node}` })).code);
    const result = await run(process.execPath, [js], { cwd: world, env, timeout: 120_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const failed = 'code' in result && result.code !== 0;
    assert.ok(!failed, `${block.where} failed:\n${result.stderr}`);
    t.diagnostic(`${block.where}: ran in ${Date.now() - started} ms`);
  }
});
