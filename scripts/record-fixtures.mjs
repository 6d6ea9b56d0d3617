#!/usr/bin/env node
// Records real restic output into test/fixtures/<version>/ for every installed restic series.
//
//   node scripts/record-fixtures.mjs            # all versions (0.14, 0.18, 0.19)
//   node scripts/record-fixtures.mjs 0.19       # only one (or several) versions
//
// For every run NAME it writes NAME.stdout, NAME.stderr (exact bytes) and NAME.meta.json
// ({ args, exitCode, restic }). The temporary folder's path is replaced by /tmp/FIXTURE in all
// three. The binaries are expected at .restic/<version>/restic (see scripts/install-restic.sh).
// Plain ESM, Node 20, node: builtins only. Runs are sequential; each is killed after 60 s.
// The temporary folder is always removed at the end.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync,
  readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const ALL_VERSIONS = ['0.14', '0.18', '0.19'];
const PLACEHOLDER = '/tmp/FIXTURE';
const TIMEOUT_MS = 60_000;
const PASSWORD = 'fixture-password';
const HOST = 'fixturehost';
const MAX_FIXTURE_BYTES = 50 * 1024;

// ---------------------------------------------------------------------------------------------
// Bookkeeping for cleanup: temp folders and live children are tracked so that a failure or a
// signal still removes everything.

const tempDirs = new Set();
const children = new Set();

function cleanup() {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  children.clear();
  for (const dir of tempDirs) {
    try { rmSync(dir, { recursive: true, force: true }); } catch (e) { console.error(`could not remove ${dir}: ${e.message}`); }
  }
  tempDirs.clear();
}

process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { cleanup(); process.exit(130); });
}

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Replaces every occurrence of `from` (string) by `to` in a Buffer, byte-exactly. */
function replaceBytes(buf, from, to) {
  const needle = Buffer.from(from);
  const repl = Buffer.from(to);
  const parts = [];
  let start = 0;
  let at;
  while ((at = buf.indexOf(needle, start)) !== -1) {
    parts.push(buf.subarray(start, at), repl);
    start = at + needle.length;
  }
  if (start === 0) return buf;
  parts.push(buf.subarray(start));
  return Buffer.concat(parts);
}

/** Deterministic incompressible bytes (SHA-256 in counter mode). */
function pseudoRandom(size, seed) {
  const out = Buffer.alloc(size);
  let off = 0;
  for (let i = 0; off < size; i++) {
    const h = createHash('sha256').update(`${seed}:${i}`).digest();
    off += h.copy(out, off);
  }
  return out;
}

/** The parsed `summary` message of a JSON backup run, if any. */
function summaryOf(result) {
  for (const line of result.stdout.toString().split('\n')) {
    try {
      const msg = JSON.parse(line);
      if (msg && msg.message_type === 'summary') return msg;
    } catch { /* not JSON */ }
  }
  return undefined;
}

function nobodyIds() {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  } catch { /* fall through */ }
  return { uid: 65534, gid: 65534 };
}

function chownRecursive(path, uid, gid) {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) chownRecursive(join(path, entry), uid, gid);
  }
}

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One version's recording session

class Session {
  constructor(series) {
    this.series = series;
    this.binary = join(ROOT, '.restic', series, 'restic');
    this.outDir = join(FIXTURES, series);
    // mkdtemp gives a unique prefix; realpath so that restic's own (resolved) paths match too.
    const made = mkdtempSync(join(tmpdir(), `restic-fixture-${series}-`));
    tempDirs.add(made);
    this.tmp = realpathSync(made);
    tempDirs.add(this.tmp);
    // The full path first, then its last component alone (e.g. the folder's own name in `ls`).
    this.prefixes = [[this.tmp, PLACEHOLDER], [basename(this.tmp), basename(PLACEHOLDER)]];
    this.resticVersion = 'unknown';
    this.recorded = [];
  }

  p(...parts) { return join(this.tmp, ...parts); }

  baseEnv(overrides = {}) {
    return {
      PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: this.p('home'),
      TMPDIR: this.p('tmp'),
      RESTIC_PASSWORD: PASSWORD,
      RESTIC_CACHE_DIR: this.p('cache'),
      RESTIC_REPOSITORY: this.p('repo'),
      ...overrides,
    };
  }

  /** Starts restic; returns { child, done } where done resolves to { stdout, stderr, exitCode, signal, timedOut }. */
  start(args, { env = {}, stdin = 'ignore', uid, gid } = {}) {
    const options = { env: this.baseEnv(env), cwd: this.tmp, stdio: [stdin, 'pipe', 'pipe'] };
    if (uid !== undefined) { options.uid = uid; options.gid = gid; }
    const child = spawn(this.binary, args, options);
    children.add(child);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    const done = new Promise((resolvePromise) => {
      let spawnError = null;
      child.on('error', (e) => { spawnError = e; });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        if (spawnError && code === null) err.push(Buffer.from(`[spawn error] ${spawnError.message}\n`));
        resolvePromise({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code, signal, timedOut });
      });
    });
    return { child, done };
  }

  /** Runs restic to completion, optionally recording it as fixture `name`. */
  async run(name, args, opts = {}) {
    const { input, ...rest } = opts;
    const { child, done } = this.start(args, { ...rest, stdin: input !== undefined ? 'pipe' : 'ignore' });
    if (input !== undefined) child.stdin.end(input);
    const result = await done;
    if (name) this.record(name, args, result);
    else if (result.exitCode !== 0) {
      console.warn(`  [${this.series}] helper run "${args.join(' ')}" exited ${result.exitCode}: ${result.stderr.toString().trim().split('\n').pop()}`);
    }
    return result;
  }

  sanitize(buf) {
    let b = buf;
    for (const [from, to] of this.prefixes) b = replaceBytes(b, from, to);
    return b;
  }

  record(name, args, result) {
    const stdout = this.sanitize(result.stdout);
    const stderr = this.sanitize(result.stderr);
    const meta = {
      args: args.map((a) => this.sanitize(Buffer.from(a)).toString()),
      exitCode: result.exitCode,
      restic: this.resticVersion,
    };
    if (result.signal) meta.signal = result.signal;
    if (result.timedOut) meta.timedOut = true;
    writeFileSync(join(this.outDir, `${name}.stdout`), stdout);
    writeFileSync(join(this.outDir, `${name}.stderr`), stderr);
    writeFileSync(join(this.outDir, `${name}.meta.json`), JSON.stringify(meta, null, 2) + '\n');
    const size = stdout.length + stderr.length;
    if (size > MAX_FIXTURE_BYTES) console.warn(`  [${this.series}] WARNING: ${name} is ${size} bytes`);
    this.recorded.push({ name, exitCode: result.exitCode });
    console.log(`  [${this.series}] ${name.padEnd(28)} exit ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}`);
  }

  /** Waits until the repository has a lock file (a lock holder is running). */
  async waitForLock(repo, ms = 30_000) {
    const locks = join(repo, 'locks');
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (existsSync(locks) && readdirSync(locks).length > 0) return true;
      await sleep(50);
    }
    return false;
  }

  /** The full IDs of the repository's snapshots, as `snapshots --json` lists them. */
  async snapshotIds(repo) {
    const r = await this.run(null, ['snapshots', '--json'], { env: { RESTIC_REPOSITORY: repo } });
    try {
      return JSON.parse(r.stdout.toString()).map((s) => s.id);
    } catch {
      return [];
    }
  }

  // -------------------------------------------------------------------------------------------
  // Data

  writeData() {
    const data = this.p('data');
    const files = {
      'docs/alpha.txt': 'alpha\n',
      'docs/beta.txt': 'beta file\n',
      'notes/gamma.txt': 'gamma\n',
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(data, rel)), { recursive: true });
      writeFileSync(join(data, rel), content);
    }
    writeFileSync(join(data, 'random.bin'), pseudoRandom(3 * 1024 * 1024, 'resticjs-fixture'));
    // Fixed times so that listings look the same from one recording to the next.
    const t = new Date('2024-01-02T03:04:05Z');
    for (const rel of [...Object.keys(files), 'random.bin', 'docs', 'notes', '.']) utimesSync(join(data, rel), t, t);
    return data;
  }

  // -------------------------------------------------------------------------------------------
  // The recording script

  async recordAll() {
    rmSync(this.outDir, { recursive: true, force: true });
    mkdirSync(this.outDir, { recursive: true });
    for (const d of ['home', 'tmp', 'cache']) mkdirSync(this.p(d), { recursive: true });

    const repo = this.p('repo');
    const emptyRepo = this.p('repo-empty');
    const data = this.writeData();
    const alpha = join(data, 'docs', 'alpha.txt');
    const gamma = join(data, 'notes', 'gamma.txt');

    // --- version ------------------------------------------------------------------------------
    const v = await this.run(null, ['version']);
    this.resticVersion = (/restic ([0-9][^\s]*)/.exec(v.stdout.toString()) ?? [])[1] ?? 'unknown';
    this.record('version-text', ['version'], v);
    await this.run('version-json', ['version', '--json']);
    await this.run('rewrite-help', ['rewrite', '--help']);

    // --- init ---------------------------------------------------------------------------------
    await this.run('init', ['init', '--json']);
    await this.run('init-text', ['init'], { env: { RESTIC_REPOSITORY: emptyRepo } });
    await this.run('init-exists', ['init']);
    await this.run('init-exists-json', ['init', '--json']);
    await this.run('snapshots-empty', ['snapshots', '--json'], { env: { RESTIC_REPOSITORY: emptyRepo } });

    // --- backups ------------------------------------------------------------------------------
    const firstBackup = await this.run('backup', ['backup', '--json', '--host', HOST, data]);
    await this.run('backup-tags', ['backup', '--json', '--host', HOST, '--tag', 'a', '--tag', 'b,c', alpha]);
    writeFileSync(gamma, 'gamma changed\n');
    const t2 = new Date('2024-02-03T04:05:06Z');
    utimesSync(gamma, t2, t2);
    const verboseBackup = await this.run('backup-verbose', ['backup', '--json', '-v', '--host', HOST, data]);
    await this.run('backup-missing-source', ['backup', '--json', '--host', HOST, join(data, 'does-not-exist')]);
    await this.run('backup-dry-run', ['backup', '--json', '--dry-run', '--host', HOST, data]);
    await this.recordSkipUnchanged(repo, data);
    await this.recordPartial(data);

    // --- snapshots ----------------------------------------------------------------------------
    // Full IDs of the `backup` and `backup-verbose` snapshots (0.14 prints only a short ID).
    const ids = await this.snapshotIds(repo);
    const fullId = (result) => {
      const short = summaryOf(result)?.snapshot_id;
      return (short && ids.find((id) => id.startsWith(short))) ?? 'latest';
    };
    await this.run('snapshots', ['snapshots', '--json']);
    await this.run('snapshots-group-host', ['snapshots', '--json', '--group-by', 'host']);
    await this.run('snapshots-group-host-paths', ['snapshots', '--json', '--group-by', 'host,paths']);
    await this.run('snapshots-latest', ['snapshots', '--json', '--latest', '1']);

    // --- find / ls / diff / cat / list / key ----------------------------------------------------
    await this.run('find', ['find', '--json', 'alpha.txt']);
    await this.run('find-none', ['find', '--json', 'no-such-file-xyz']);
    await this.run('find-multi', ['find', '--json', 'alpha.txt', 'gamma.txt']);
    await this.run('ls', ['ls', '--json', 'latest']);
    const first = fullId(firstBackup);
    await this.run('diff', ['diff', '--json', first, fullId(verboseBackup)]);
    await this.run('cat-config', ['cat', 'config']);
    await this.run('cat-snapshot', ['cat', 'snapshot', first]);
    await this.run('cat-masterkey', ['cat', 'masterkey']);
    await this.run('list-snapshots', ['list', 'snapshots']);
    await this.run('list-keys', ['list', 'keys']);
    await this.run('key-list', ['key', 'list', '--json']);

    // --- stats --------------------------------------------------------------------------------
    await this.run('stats', ['stats', '--json']);
    for (const mode of ['restore-size', 'raw-data', 'blobs-per-file', 'files-by-contents']) {
      await this.run(`stats-${mode}`, ['stats', '--json', '--mode', mode]);
    }

    // --- restore ------------------------------------------------------------------------------
    await this.run('restore-text', ['restore', 'latest', '--target', this.p('restore-text')]);
    await this.run('restore-json', ['restore', 'latest', '--json', '--target', this.p('restore-json')]);
    await this.run('restore-include', ['restore', 'latest', '--json', '--target', this.p('restore-include'), '--include', alpha]);

    // --- check --------------------------------------------------------------------------------
    await this.run('check', ['check']);
    await this.run('check-json', ['check', '--json']);
    await this.run('check-read-data', ['check', '--read-data', '--json']);
    await this.run('check-subset', ['check', '--read-data-subset', '1/2', '--json']);
    await this.recordCorrupt(repo);

    // --- forget -------------------------------------------------------------------------------
    await this.run('forget-dry', ['forget', '--json', '--dry-run', '--keep-last', '1']);
    await this.run('forget', ['forget', '--json', '--keep-last', '1', '--group-by', 'host']);
    // Two more snapshots (one with different big-file content) so that forget --prune has
    // snapshots to remove and data to delete.
    const big = join(data, 'random.bin');
    const original = readFileSync(big);
    writeFileSync(big, pseudoRandom(1024 * 1024, 'resticjs-fixture-2'));
    await this.run(null, ['backup', '--json', '--host', HOST, data]);
    writeFileSync(big, original);
    await this.run(null, ['backup', '--json', '--host', HOST, data]);
    await this.run('forget-prune', ['forget', '--json', '--keep-last', '1', '--prune']);
    await this.run('forget-no-policy', ['forget', '--json']);

    // --- errors -------------------------------------------------------------------------------
    await this.run('wrong-password', ['snapshots', '--json'], { env: { RESTIC_PASSWORD: 'wrong' } });
    await this.run('missing-repo', ['snapshots', '--json'], { env: { RESTIC_REPOSITORY: this.p('no-such-repo') } });
    await this.run('missing-repo-init-text', ['cat', 'config'], { env: { RESTIC_REPOSITORY: this.p('no-such-repo') } });

    // --- locks --------------------------------------------------------------------------------
    await this.recordLocks();

    // --- keys, snapshot edits, migrations (each on its own repository) -------------------------
    await this.recordKeys();
    await this.recordSnapshotEdits(data);
    await this.recordMigrate();
  }

  /**
   * key-add, key-passwd, key-remove: the new passwords on stdin, as resticjs hands them to
   * restic. A key is added, the password of the one in use changed, then the other removed.
   */
  async recordKeys() {
    const env = { RESTIC_REPOSITORY: this.p('repo-keys') };
    await this.run(null, ['init'], { env });
    await this.run('key-add', ['key', 'add', '--host', HOST, '--user', 'fixtureuser'], { env, input: 'second-password\n' });
    await this.run('key-passwd', ['key', 'passwd'], { env, input: 'third-password\n' });
    const changed = { ...env, RESTIC_PASSWORD: 'third-password' };
    // restic before 0.17 lists 8-digit key IDs; `key remove` wants the whole one.
    const keys = JSON.parse((await this.run(null, ['key', 'list', '--json'], { env: changed })).stdout.toString());
    const other = keys.find((k) => !k.current)?.id ?? '';
    const ids = (await this.run(null, ['list', 'keys'], { env: changed })).stdout.toString().split('\n');
    await this.run('key-remove', ['key', 'remove', ids.find((id) => id !== '' && id.startsWith(other)) ?? other], { env: changed });
  }

  /**
   * recover, tag, rewrite: two snapshots of different folders, the first forgotten (its tree
   * stays, unreferenced, for recover to save); then the second is tagged, and rewritten
   * without a file (with --forget, so both of rewrite's lines appear).
   */
  async recordSnapshotEdits(data) {
    const env = { RESTIC_REPOSITORY: this.p('repo-edit') };
    await this.run(null, ['init'], { env });
    const docs = await this.run(null, ['backup', '--json', '--host', HOST, join(data, 'docs')], { env });
    const notes = await this.run(null, ['backup', '--json', '--host', HOST, join(data, 'notes')], { env });
    await this.run(null, ['forget', summaryOf(docs)?.snapshot_id ?? 'none'], { env });
    await this.run('recover', ['recover'], { env });
    await this.run('tag', ['tag', '--json', '--add', 'extra', summaryOf(notes)?.snapshot_id ?? 'none'], { env });
    await this.run('rewrite', ['rewrite', '--forget', '--exclude', join(data, 'notes', 'gamma.txt'), '--tag', 'extra'], { env });
  }

  /** migrate-list, migrate-apply: a repository of format 1 lists, then takes, the upgrade to format 2. */
  async recordMigrate() {
    const env = { RESTIC_REPOSITORY: this.p('repo-v1') };
    await this.run(null, ['init', '--repository-version', '1'], { env });
    await this.run('migrate-list', ['migrate'], { env });
    await this.run('migrate-apply', ['migrate', 'upgrade_repo_v2'], { env });
  }

  /**
   * backup-skip-unchanged: `--skip-if-unchanged` twice, the second run recorded. Runs on a copy of
   * the repository so that extra snapshots do not change the main one. The snapshot's tree holds
   * the ancestors of the data folder too (/tmp itself), whose mtime changes whenever anything on
   * the machine creates a file in /tmp; so a pair is retried (a few times) until the second run
   * reports a skipped backup (a summary without snapshot_id), or fails (flag unknown).
   */
  async recordSkipUnchanged(repo, data) {
    const copy = this.p('repo-skip');
    cpSync(repo, copy, { recursive: true });
    mkdirSync(this.p('cache-skip'), { recursive: true });
    const env = { RESTIC_REPOSITORY: copy, RESTIC_CACHE_DIR: this.p('cache-skip') };
    const args = ['backup', '--json', '--skip-if-unchanged', '--host', HOST, data];
    let first = await this.run(null, args, { env });
    for (let attempt = 1; ; attempt++) {
      const second = await this.run(null, args, { env });
      const skipped = second.exitCode !== 0 || (summaryOf(second) && !summaryOf(second).snapshot_id);
      if (skipped || attempt >= 5) {
        if (!skipped) console.warn(`  [${this.series}] backup-skip-unchanged: no skipped run after ${attempt} attempts`);
        this.record('backup-skip-unchanged-first', args, first);
        this.record('backup-skip-unchanged', args, second);
        return;
      }
      first = second;
    }
  }

  /**
   * backup-partial: the data folder plus one file (mode 000) restic cannot open. Root reads
   * mode-000 files, so when running as root restic is started as user "nobody" (with its own
   * repository, cache, HOME and TMPDIR owned by nobody), which makes the open() fail with EACCES.
   * backup-partial-missing: the data folder plus a top-level path that does not exist.
   */
  async recordPartial(data) {
    const unreadable = this.p('unreadable.txt');
    writeFileSync(unreadable, 'secret\n');
    chmodSync(unreadable, 0o000);
    const args = ['backup', '--json', '--host', HOST, data, unreadable];
    const partialRepo = this.p('repo-partial');
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot) {
      const { uid, gid } = nobodyIds();
      const home = this.p('nobody');
      for (const d of ['home', 'tmp', 'cache']) mkdirSync(join(home, d), { recursive: true });
      chownRecursive(home, uid, gid);
      chmodSync(this.tmp, 0o755); // let nobody traverse to the data folder
      const env = {
        RESTIC_REPOSITORY: partialRepo, HOME: join(home, 'home'), TMPDIR: join(home, 'tmp'), RESTIC_CACHE_DIR: join(home, 'cache'),
      };
      mkdirSync(partialRepo);
      chownSync(partialRepo, uid, gid);
      await this.run(null, ['init'], { env, uid, gid });
      await this.run('backup-partial', args, { env, uid, gid });
    } else {
      const env = { RESTIC_REPOSITORY: partialRepo };
      await this.run(null, ['init'], { env });
      await this.run('backup-partial', args, { env });
    }
    chmodSync(unreadable, 0o600);

    // backup-partial-missing: an existing folder plus a top-level path that does not exist.
    const missingRepo = this.p('repo-partial-missing');
    const env = { RESTIC_REPOSITORY: missingRepo };
    await this.run(null, ['init'], { env });
    await this.run('backup-partial-missing', ['backup', '--json', '--host', HOST, data, this.p('does-not-exist')], { env });
  }

  /** check-corrupt: a copy of the repository with a few bytes flipped in its largest data pack. */
  async recordCorrupt(repo) {
    const copy = this.p('repo-corrupt');
    cpSync(repo, copy, { recursive: true });
    const packs = filesUnder(join(copy, 'data')).map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size);
    if (packs.length > 0) {
      const { f, size } = packs[0];
      const at = Math.floor(size / 2);
      const flipped = Buffer.from(readFileSync(f).subarray(at, at + 16)); // a copy
      for (let i = 0; i < flipped.length; i++) flipped[i] ^= 0xff; // surely different bytes
      const fd = openSync(f, 'r+');
      try {
        writeSync(fd, flipped, 0, flipped.length, at);
      } finally {
        closeSync(fd);
      }
    }
    // Own cache: the copy has the same repository ID as the original.
    mkdirSync(this.p('cache-corrupt'), { recursive: true });
    await this.run('check-corrupt', ['check', '--read-data', '--json'], {
      env: { RESTIC_REPOSITORY: copy, RESTIC_CACHE_DIR: this.p('cache-corrupt') },
    });
  }

  /**
   * locked: a `backup --stdin` whose stdin stays open holds a (non-exclusive) lock for as long
   * as it runs; commands that need an exclusive lock fail meanwhile.
   * stale-lock: a `backup --stdin` killed with SIGKILL leaves its lock file behind.
   */
  async recordLocks() {
    const repo = this.p('repo-lock');
    const env = { RESTIC_REPOSITORY: repo };
    await this.run(null, ['init'], { env });

    const holderArgs = ['backup', '--json', '--host', HOST, '--stdin', '--stdin-filename', 'stream.txt'];
    const holder = this.start(holderArgs, { env, stdin: 'pipe' });
    if (!(await this.waitForLock(repo))) console.warn(`  [${this.series}] lock holder did not create a lock`);
    await this.run('locked', ['check', '--json'], { env });
    await this.run('locked-forget', ['forget', '--json', '--keep-last', '1'], { env });
    await this.run('locked-prune', ['prune'], { env });
    holder.child.stdin.end('streamed data\n');
    this.record('backup-stdin', holderArgs, await holder.done);

    const victim = this.start(holderArgs, { env, stdin: 'pipe' });
    if (!(await this.waitForLock(repo))) console.warn(`  [${this.series}] second lock holder did not create a lock`);
    victim.child.kill('SIGKILL');
    await victim.done; // reaped: its PID no longer exists
    await this.run('stale-lock', ['check', '--json'], { env });
    await this.run('unlock', ['unlock'], { env });
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const requested = process.argv.slice(2);
  for (const v of requested) {
    if (!ALL_VERSIONS.includes(v)) {
      console.error(`unknown version "${v}"; expected one of ${ALL_VERSIONS.join(', ')}`);
      process.exit(2);
    }
  }
  const versions = requested.length > 0 ? requested : ALL_VERSIONS;
  for (const series of versions) {
    const binary = join(ROOT, '.restic', series, 'restic');
    if (!existsSync(binary)) {
      console.error(`missing ${binary}; run: bash scripts/install-restic.sh`);
      process.exitCode = 1;
      continue;
    }
    console.log(`recording restic ${series}`);
    const session = new Session(series);
    try {
      await session.recordAll();
    } finally {
      rmSync(session.tmp, { recursive: true, force: true });
      tempDirs.delete(session.tmp);
    }
    console.log(`  [${series}] ${session.recorded.length} fixtures in ${session.outDir}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
}).finally(cleanup);
