// The reader on damaged repositories: a small repository written by restic, then copies of it
// with one file damaged each (bits flipped, truncated, extended, replaced by junk, by an empty
// file, by a folder, by a FIFO). Every call must give the right answer (recorded from the
// undamaged repository) or reject with a ResticError: never wrong bytes, a crash or a hang.
// Deterministic: a fixed seed picks the damage.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { ResticError, ResticReader } from '../../src/reader/index.js';
import { poly1305Aes } from '../../src/reader/crypto/crypto.js';
import { resticBinaries } from '../helpers/binaries.js';
import { collect, sha } from '../helpers/reader-parity.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

const SEED = 0x5eed_2024;
/** Damaged copies per repository. */
const COPIES = 48;
const KINDS = ['bitflip', 'bitflip', 'truncate', 'extend', 'junk', 'empty', 'folder', 'fifo'] as const;
const PLACES = ['config', 'keys', 'snapshots', 'index', 'data', 'data'] as const;

/** mulberry32: a small seeded PRNG, enough to pick damage reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

/**
 * A key file for the same master key with cheap scrypt parameters, so that each damaged copy
 * opens in milliseconds (the reader tries the cheapest key first) instead of restic's half second.
 */
function cheapKeyFile(master: { encrypt: string; mac: { k: string; r: string } }): Buffer {
  const salt = randomBytes(64);
  const derived = scryptSync(TEST_PASSWORD, salt, 64, { N: 1024, r: 8, p: 1 });
  const iv = randomBytes(16);
  const aes = createCipheriv('aes-256-ctr', derived.subarray(0, 32), iv);
  const ciphertext = Buffer.concat([aes.update(JSON.stringify(master)), aes.final()]);
  const mac = poly1305Aes(derived.subarray(32, 48), derived.subarray(48, 64), iv, ciphertext);
  const data = Buffer.concat([iv, ciphertext, mac]).toString('base64');
  return Buffer.from(JSON.stringify({ created: '2024-01-01T00:00:00Z', username: 'fuzz', hostname: 'fuzz', kdf: 'scrypt', N: 1024, r: 8, p: 1, salt: salt.toString('base64'), data }));
}

/** What each call gives on the undamaged repository. */
interface Answers {
  snapshots: unknown[];
  ls: Map<string, unknown>;
  find: unknown;
  files: Map<string, string>;
  tar: string;
  config: unknown;
  catSnapshots: Map<string, unknown>;
  indexes: Map<string, unknown>;
  tree: { id: string; value: unknown };
}

async function record(reader: ResticReader): Promise<Answers> {
  const snapshots = await reader.snapshots();
  const latest = snapshots.at(-1)!;
  const ls = new Map<string, unknown>();
  for (const s of snapshots) ls.set(s.id, await reader.ls(s.id));
  const files = new Map<string, string>();
  for (const node of (await reader.ls(latest.id)).nodes) if (node.type === 'file') files.set(node.path, sha(await collect(reader.dump(latest.id, node.path))));
  const catSnapshots = new Map<string, unknown>();
  for (const s of snapshots) catSnapshots.set(s.id, await reader.cat.snapshot(s.id));
  return {
    snapshots,
    ls,
    find: await reader.find('*'),
    files,
    tar: sha(await collect(reader.dump(latest.id, '/'))),
    config: await reader.cat.config(),
    catSnapshots,
    indexes: new Map(),
    tree: { id: latest.tree, value: await reader.cat.tree(latest.tree) },
  };
}

type Outcome = 'right' | 'typed error' | 'wrong' | 'untyped error';

/** Runs every call on a damaged copy; each outcome is counted, and a wrong one named in `failures`. */
async function exercise(repository: string, answers: Answers, indexIds: string[], signal: AbortSignal, count: (call: string, outcome: Outcome, detail?: string) => void): Promise<void> {
  const check = async (call: string, run: () => Promise<unknown>, expected: (value: unknown) => boolean): Promise<void> => {
    try {
      const value = await run();
      count(call, expected(value) ? 'right' : 'wrong', JSON.stringify(value)?.slice(0, 200));
    } catch (error) {
      count(call, error instanceof ResticError ? 'typed error' : 'untyped error', String((error as Error)?.stack ?? error));
    }
  };
  let reader: ResticReader | undefined;
  await check('open', async () => (reader = await ResticReader.open({ repository, password: TEST_PASSWORD, signal })), () => true);
  if (!reader) return;
  const r = reader;
  try {
    const skipped = new Set(r.warnings.map((w) => w.file.slice('snapshots/'.length)));
    for (const w of r.warnings) if (!(w.error instanceof ResticError)) count('warning', 'untyped error', String(w.error));
    // A skipped snapshot file is reported (a warning with a typed error), the others listed.
    await check('snapshots', () => r.snapshots({ signal }), (v) => isDeepEqual(v, answers.snapshots.filter((s) => !skipped.has((s as { id: string }).id))));
    for (const [id, value] of answers.ls) await check('ls', () => r.ls(id, undefined, { signal }), (v) => isDeepEqual(v, value));
    await check('find', () => r.find('*', { signal }), (v) => isDeepEqual(v, answers.find) || isDeepEqual(v, filterFind(answers.find, skipped)));
    const latest = (answers.snapshots.at(-1) as { id: string }).id;
    for (const [path, digest] of answers.files) await check('dump file', async () => sha(await collect(r.dump(latest, path, { signal }))), (v) => v === digest);
    await check('dump tar', async () => sha(await collect(r.dump(latest, '/', { signal }))), (v) => v === answers.tar);
    await check('cat config', () => r.cat.config({ signal }), (v) => isDeepEqual(v, answers.config));
    for (const [id, value] of answers.catSnapshots) await check('cat snapshot', () => r.cat.snapshot(id, { signal }), (v) => isDeepEqual(v, value));
    for (const id of indexIds) await check('cat index', () => r.cat.index(id, { signal }), (v) => isDeepEqual(v, answers.indexes.get(id)));
    await check('cat tree', () => r.cat.tree(answers.tree.id, { signal }), (v) => isDeepEqual(v, answers.tree.value));
    await check('refresh', () => r.refresh({ signal }), () => true);
  } finally {
    r.close();
  }
}

function filterFind(find: unknown, skipped: Set<string>): unknown {
  return (find as { snapshot: string }[]).filter((f) => !skipped.has(f.snapshot));
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function filesOf(repo: string, place: (typeof PLACES)[number]): string[] {
  if (place === 'config') return [join(repo, 'config')];
  const dir = join(repo, place);
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => /[0-9a-f]{64}$/.test(p))
    .map((p) => join(dir, p))
    .sort();
}

function damage(path: string, kind: (typeof KINDS)[number], random: () => number): string {
  const size = statSync(path).size;
  const at = Math.floor(random() * Math.max(size, 1));
  switch (kind) {
    case 'bitflip': {
      const bytes = readFileSync(path);
      if (bytes.length === 0) return 'bitflip (empty file)';
      bytes[at]! ^= 1 << Math.floor(random() * 8);
      writeFileSync(path, bytes);
      return `bitflip at ${at}`;
    }
    case 'truncate':
      truncateSync(path, at);
      return `truncate to ${at}`;
    case 'extend':
      appendFileSync(path, Buffer.alloc(1 + Math.floor(random() * 64), Math.floor(random() * 256)));
      return 'extend';
    case 'junk':
      writeFileSync(path, Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256))));
      return 'junk';
    case 'empty':
      writeFileSync(path, '');
      return 'empty';
    case 'folder':
      rmSync(path);
      mkdirSync(path);
      return 'folder';
    case 'fifo':
      rmSync(path);
      execFileSync('mkfifo', [path]);
      return 'fifo';
  }
}

const wanted = resticBinaries().filter((b) => b.series === '0.14' || b.series === '0.19');

for (const binary of wanted) {
  describe(`the reader on damaged repositories written by restic ${binary.series}`, () => {
    test(`${COPIES} damaged copies: the right answer or a ResticError, never wrong data, a crash or a hang`, { timeout: 120_000 }, async (t: TestContext) => {
      const box = sandbox(t, binary);
      const version = binary.series === '0.14' ? 1 : 2;
      await box.restic.init({ repositoryVersion: version });
      const random = prng(SEED + version);
      const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
      const data = box.writeData({ 'a.txt': 'a small file\n', 'dir/b.txt': 'in a folder\n', 'dir/deeper/c.bin': bytes(5000), 'big.bin': bytes(2_500_000) });
      symlinkSync('a.txt', join(data, 'link'));
      await box.restic.backup({ paths: [data] });
      writeFileSync(join(data, 'later.txt'), 'a second snapshot\n');
      await box.restic.backup({ paths: [data], tags: ['second'] });
      const cheap = cheapKeyFile(await box.restic.cat.masterkey());
      writeFileSync(join(box.repo, 'keys', sha(cheap)), cheap);

      const reader = await ResticReader.open({ repository: box.repo, password: TEST_PASSWORD });
      const answers = await record(reader);
      const indexIds = readdirSync(join(box.repo, 'index')).sort();
      for (const id of indexIds) answers.indexes.set(id, await reader.cat.index(id));
      reader.close();
      // Checked against restic once: the listing, and the files' bytes.
      assert.deepEqual(answers.snapshots, await box.restic.snapshots());
      for (const [path, digest] of answers.files) assert.equal(digest, sha(readFileSync(path)), path);

      const counts = new Map<string, number>();
      const failures: string[] = [];
      let calls = 0;
      for (let copy = 0; copy < COPIES; copy++) {
        const place = PLACES[Math.floor(random() * PLACES.length)]!;
        const kind = KINDS[Math.floor(random() * KINDS.length)]!;
        const repo = join(box.dir, `copy-${copy}`);
        cpSync(box.repo, repo, { recursive: true });
        const candidates = filesOf(repo, place);
        const target = candidates[Math.floor(random() * candidates.length)]!;
        const what = `${kind} ${target.slice(repo.length + 1)}: ${damage(target, kind, random)}`;
        const signal = AbortSignal.timeout(20_000);
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 30_000)));
        const done = exercise(repo, answers, indexIds, signal, (call, outcome, detail) => {
          calls++;
          counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
          if (outcome === 'wrong' || outcome === 'untyped error') failures.push(`${what}: ${call}: ${outcome}: ${detail}`);
        });
        const result = await Promise.race([done.then(() => 'done' as const), hang]);
        clearTimeout(timer);
        if (result === 'hang') failures.push(`${what}: hang`);
        rmSync(repo, { recursive: true, force: true });
      }
      const summary = `restic ${binary.series} (format ${version}): ${COPIES} damaged repositories, ${calls} calls: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`;
      t.diagnostic(summary);
      console.log(summary);
      assert.deepEqual(failures, []);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    });
  });
}
