// resticjs against restic driven directly from the same Node process (spawn + parse, no
// library), interleaved A B B A so that drift cancels. Prints a table and writes
// bench/results/latest.json.
//
//   npm run bench                 full sizes (the trees and repositories are cached in .bench/)
//   npm run bench -- --quick      a few minutes: smaller trees, fewer rounds
//   npm run bench -- --only reader,startup
//                                 some of: calls, backup, listings, startup, reader, rest, s3
//                                 (results of a partial run go to bench/results/partial.json)
//
// restic: $RESTIC_BIN, else .restic/0.19/restic (scripts/setup.sh puts it there).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Restic } from '../dist/esm/index.js';
import { ResticReader } from '../dist/esm/reader.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const SECTIONS = ['calls', 'backup', 'listings', 'startup', 'reader', 'rest', 's3'];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : SECTIONS;
for (const name of only) if (!SECTIONS.includes(name)) throw new Error(`--only takes some of ${SECTIONS.join(', ')}; got '${name}'`);
const runs = (section) => only.includes(section);
const binary = process.env.RESTIC_BIN ?? join(root, '.restic', '0.19', 'restic');
const cache = join(root, '.bench', quick ? 'quick' : 'full');
const PASSWORD = 'benchmark password';
const sizes = quick
  ? { calls: 25, backupFiles: 5_000, backupBigMiB: 128, backupRounds: 2, listings: [10_000, 50_000] }
  : { calls: 61, backupFiles: 20_000, backupBigMiB: 1024, backupRounds: 8, listings: [10_000, 100_000, 1_000_000] };
// Short listings are dominated by restic's key derivation (~0.7 s, noisy): they get more rounds.
// Round counts are even, so that each side runs first in half the rounds (the first run of a
// pair can find the page cache colder than the second).
const listingRounds = (nodes) => (nodes <= 20_000 ? (quick ? 6 : 12) : nodes <= 200_000 ? 6 : 4);

mkdirSync(cache, { recursive: true });
const env = { ...process.env, RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(cache, 'restic-cache') };
delete env.RESTIC_PASSWORD_COMMAND;
delete env.RESTIC_PASSWORD_FILE;
const log = (...args) => console.error('·', ...args);

// ---- measuring ----------------------------------------------------------------------------

const TICKS = 100; // USER_HZ on Linux
/** CPU seconds of this process, and of its children already reaped (restic, once exited). */
function cpuTimes() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
  return { self: (Number(fields[11]) + Number(fields[12])) / TICKS, children: (Number(fields[13]) + Number(fields[14])) / TICKS };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs `a` and `b` alternately (A B, B A, …) and returns their timings, with the CPU time this
 * Node process spent in each (µs; restic's own CPU is not in it).
 */
async function interleaved(rounds, a, b, { warmup = 0 } = {}) {
  // Warm-up pairs fill the page cache and restic's cache; they are run, not counted.
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const times = { a: [], b: [] };
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? [['a', a], ['b', b]] : [['b', b], ['a', a]];
    for (const [key, fn] of order) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const extra = await fn();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      times[key].push({ ms, nodeCpuUs: used.user + used.system, ...extra });
    }
  }
  return times;
}

/**
 * The median of the per-round ratios a[i] / b[i]. Each round's two runs are neighbours in
 * time, so slow drift (restic's key derivation varies by ±10 % over minutes) cancels within a
 * pair instead of landing in one median or the other.
 */
const pairedRatio = (t) => median(t.a.map((x, i) => x.ms / t.b[i].ms));
/** The median time of one side (`'a'` or `'b'`) of interleaved rounds. */
const sideMedian = (t, side) => median(t[side].map((x) => x.ms));

/** restic run directly: spawn, read stdout lines, parse JSON lines — what any caller would write. */
function direct(args, { parse = true, count = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let rest = '';
    let lines = 0;
    let last;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop();
      for (const line of parts) {
        lines++;
        if (parse && !count && line.startsWith('{')) last = JSON.parse(line);
      }
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ lines, last, all: rest }) : reject(new Error(`restic ${args[0]} exited ${code}`))));
  });
}

function resticSync(args, repository) {
  return execFileSync(binary, args, { env: { ...env, RESTIC_REPOSITORY: repository }, encoding: 'utf8', maxBuffer: 1 << 30 });
}

// ---- fixtures (cached) ---------------------------------------------------------------------

function ensureRepository(path) {
  if (!existsSync(join(path, 'config'))) resticSync(['init', '-q'], path);
  return path;
}

function ensureTree(path, files, bigMiB) {
  const done = join(path, '.complete');
  if (existsSync(done)) return path;
  rmSync(path, { recursive: true, force: true });
  log(`making a tree of ${files} small files${bigMiB ? ` and a ${bigMiB} MiB file` : ''} in ${path}`);
  for (let i = 0; i < files; i++) {
    const dir = join(path, `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}`), bigMiB ? `small file ${i}\n` : '');
  }
  if (bigMiB) {
    const fd = openSync(join(path, 'big.bin'), 'w');
    for (let i = 0; i < bigMiB; i++) writeSync(fd, randomBytes(1 << 20));
    closeSync(fd);
  }
  writeFileSync(done, '');
  return path;
}

/** A repository whose latest snapshot has `nodes` nodes (files plus folders). */
function ensureListing(nodes) {
  const repo = join(cache, `listing-${nodes}`);
  const marker = join(repo, 'snapshot-id');
  if (existsSync(marker)) return { repo, id: readFileSync(marker, 'utf8').trim() };
  const files = nodes - Math.ceil(nodes / 1000);
  const tree = ensureTree(join(cache, `tree-${nodes}`), files, 0);
  ensureRepository(repo);
  log(`backing up ${files} files for the ${nodes}-node listing`);
  const out = resticSync(['backup', '--json', '-q', tree], repo);
  const id = JSON.parse(out.trim().split('\n').at(-1)).snapshot_id;
  writeFileSync(marker, id);
  return { repo, id };
}

/** `restic dump latest <path>`'s output, as a stream. */
const cliDump = (repository, path) => spawn(binary, ['--repo', repository, 'dump', 'latest', path], { env, stdio: ['ignore', 'pipe', 'ignore'] }).stdout;

const bytesOf = async (stream) => {
  let n = 0;
  for await (const chunk of stream) n += chunk.length;
  return n;
};

/**
 * The reader against restic on a large file's dump and a large listing, both opening each cached
 * repository as `location(path)` makes it (the path itself, or a REST URL to it).
 */
async function bigDumpAndListing(location, { dumpRounds, listRounds }) {
  // A large file of random data (incompressible), in a repository of its own.
  const bigMiB = quick ? 64 : 256;
  const bigTree = ensureTree(join(cache, `reader-big-tree-${bigMiB}`), 1, bigMiB);
  const bigRepo = ensureRepository(join(cache, `reader-big-repo-${bigMiB}`));
  if (JSON.parse(resticSync(['snapshots', '--json'], bigRepo)).length === 0) resticSync(['backup', '-q', bigTree], bigRepo);
  const big = join(bigTree, 'big.bin');
  const bigReader = await ResticReader.open({ repository: location(bigRepo), password: PASSWORD });
  const bigDump = await interleaved(
    dumpRounds,
    async () => ({ bytes: await bytesOf(bigReader.dump('latest', big)) }),
    async () => ({ bytes: await bytesOf(cliDump(location(bigRepo), big)) }),
  );
  bigReader.close();
  const listing = ensureListing(quick ? 50_000 : 100_000);
  const openListing = () => ResticReader.open({ repository: location(listing.repo), password: PASSWORD });
  const nodesListed = async (reader) => {
    let n = 0;
    for await (const message of reader.lsStream(listing.id)) if (message) n++;
    return n;
  };
  const listReader = await openListing();
  const ls = await interleaved(
    listRounds,
    async () => ({ n: await nodesListed(listReader) }),
    async () => ({ n: (await direct(['--repo', location(listing.repo), 'ls', '--json', listing.id])).lines }),
  );
  listReader.close();
  // A reader's first walk reads every tree; the rounds above find them in its tree cache.
  const firstWalks = [];
  for (let i = 0; i < listRounds; i++) {
    const fresh = await openListing();
    const started = performance.now();
    await nodesListed(fresh);
    firstWalks.push(performance.now() - started);
    fresh.close();
  }
  if (ls.a[0].n !== ls.b[0].n) throw new Error(`the reader listed ${ls.a[0].n} nodes, restic ${ls.b[0].n}`);
  return {
    big_dump_mib: bigMiB,
    big_dump_mib_s: (bigDump.a[0].bytes / 2 ** 20) / (sideMedian(bigDump, 'a') / 1000),
    big_dump_cli_mib_s: (bigDump.b[0].bytes / 2 ** 20) / (sideMedian(bigDump, 'b') / 1000),
    ls_nodes: ls.a[0].n,
    ls_ms: sideMedian(ls, 'a'),
    ls_cli_ms: sideMedian(ls, 'b'),
    ls_speedup: sideMedian(ls, 'b') / sideMedian(ls, 'a'),
    ls_first_ms: median(firstWalks),
    ls_first_speedup: sideMedian(ls, 'b') / median(firstWalks),
  };
}

// ---- benchmarks ------------------------------------------------------------------------------

const results = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, quick, sizes, benches: {} };
const version = new Restic({ binaryPath: binary }).version();
results.restic = (await version).restic_version;

// 1. Per-call overhead: snapshots() against `restic snapshots --json` with JSON.parse.
if (runs('calls')) {
  const repo = ensureRepository(join(cache, 'small-repo'));
  if (JSON.parse(resticSync(['snapshots', '--json'], repo)).length === 0) {
    const tree = ensureTree(join(cache, 'small-tree'), 100, 1);
    for (let i = 0; i < 3; i++) resticSync(['backup', '-q', '--tag', `t${i}`, tree], repo);
  }
  log(`per-call overhead: ${sizes.calls} calls each`);
  const lib = new Restic({ binaryPath: binary, repository: repo, password: PASSWORD, cacheDir: env.RESTIC_CACHE_DIR });
  await lib.snapshots(); // version detection, done once per binary
  const t = await interleaved(
    sizes.calls,
    async () => void (await lib.snapshots()),
    async () => {
      const { all } = await direct(['--repo', repo, 'snapshots', '--json'], { parse: false });
      JSON.parse(all.trim() || '[]');
    },
  );
  const a = median(t.a.map((x) => x.ms));
  const b = median(t.b.map((x) => x.ms));
  results.benches.perCall = {
    library_ms: a,
    direct_ms: b,
    ratio_of_medians: a / b,
    ratio: pairedRatio(t),
    target: 1.03,
    calls: sizes.calls,
    median_paired_difference_ms: median(t.a.map((x, i) => x.ms - t.b[i].ms)),
    library_node_cpu_ms: median(t.a.map((x) => x.nodeCpuUs / 1000)),
    direct_node_cpu_ms: median(t.b.map((x) => x.nodeCpuUs / 1000)),
  };
}

// 2. Backup: a tree of small files and one large file, progress callbacks on, into a fresh repository each time.
if (runs('backup')) {
  const tree = ensureTree(join(cache, `backup-tree-${sizes.backupFiles}-${sizes.backupBigMiB}`), sizes.backupFiles, sizes.backupBigMiB);
  log(`backup: ${sizes.backupRounds} rounds of ${sizes.backupFiles} files + ${sizes.backupBigMiB} MiB`);
  let n = 0;
  const fresh = () => {
    const repo = join(cache, `backup-repo-${n++}`);
    rmSync(repo, { recursive: true, force: true });
    return ensureRepository(repo);
  };
  const measure = async (fn) => {
    const repo = fresh();
    const before = cpuTimes();
    await fn(repo);
    const after = cpuTimes();
    rmSync(repo, { recursive: true, force: true });
    return { nodeCpu: after.self - before.self, resticCpu: after.children - before.children };
  };
  let events = 0;
  const t = await interleaved(
    sizes.backupRounds,
    () =>
      measure((repo) =>
        new Restic({ binaryPath: binary, repository: repo, password: PASSWORD, cacheDir: env.RESTIC_CACHE_DIR }).backup({ paths: [tree], onProgress: () => events++ }),
      ),
    () => measure((repo) => direct(['--repo', repo, 'backup', '--json', tree])),
    // The first backup of a run reads a cold tree (round 1 of run 8 took 15.5 s against ~10.5 s).
    { warmup: 1 },
  );
  const a = median(t.a.map((x) => x.ms));
  const b = median(t.b.map((x) => x.ms));
  const nodeShare = median(t.a.map((x) => x.nodeCpu / x.resticCpu));
  results.benches.backup = {
    library_ms: a,
    direct_ms: b,
    ratio_of_medians: a / b,
    ratio: pairedRatio(t),
    rounds_ms: t.a.map((x, i) => ({ first: i % 2 === 0 ? 'resticjs' : 'direct', resticjs: Math.round(x.ms), direct: Math.round(t.b[i].ms) })),
    target: 1.02,
    node_cpu_s: median(t.a.map((x) => x.nodeCpu)),
    restic_cpu_s: median(t.a.map((x) => x.resticCpu)),
    // restic's own CPU when run directly: if resticjs made restic work harder, this would be lower.
    direct_restic_cpu_s: median(t.b.map((x) => x.resticCpu)),
    node_cpu_share: nodeShare,
    node_cpu_target: 0.03,
    progress_events: events,
  };
}

// 3. Streaming listings: lsStream against reading `restic ls --json` directly and JSON.parse-ing
// each line (what a caller that wants the nodes must do), each in a fresh Node process.
if (runs('listings')) {
  results.benches.listings = [];
  const probe = (mode, repo, id) => {
    const script =
      mode === 'library'
        ? `import { Restic } from ${JSON.stringify(join(root, 'dist', 'esm', 'index.js'))};
           const r = new Restic({ binaryPath: ${JSON.stringify(binary)}, repository: ${JSON.stringify(repo)}, password: ${JSON.stringify(PASSWORD)}, cacheDir: ${JSON.stringify(env.RESTIC_CACHE_DIR)} });
           await r.version();
           const t0 = performance.now(); let n = 0;
           for await (const m of r.lsStream(${JSON.stringify(id)})) n++;
           const cpu = process.cpuUsage();
           console.log(JSON.stringify({ ms: performance.now() - t0, n, rss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 }));`
        : `import { spawn } from 'node:child_process';
           const t0 = performance.now(); let n = 0, rest = '';
           const c = spawn(${JSON.stringify(binary)}, ['--repo', ${JSON.stringify(repo)}, 'ls', '--json', ${JSON.stringify(id)}], { stdio: ['ignore', 'pipe', 'ignore'] });
           c.stdout.setEncoding('utf8');
           c.stdout.on('data', (d) => { const p = (rest + d).split('\\n'); rest = p.pop(); for (const l of p) if (l) { JSON.parse(l); n++; } });
           c.on('close', () => { const cpu = process.cpuUsage(); console.log(JSON.stringify({ ms: performance.now() - t0, n, rss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 })); });`;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' }));
  };
  for (const nodes of sizes.listings) {
    const { repo, id } = ensureListing(nodes);
    log(`listing ${nodes} nodes: ${listingRounds(nodes)} rounds`);
    const t = await interleaved(listingRounds(nodes), async () => probe('library', repo, id), async () => probe('direct', repo, id), { warmup: 1 });
    const a = median(t.a.map((x) => x.ms));
    const b = median(t.b.map((x) => x.ms));
    results.benches.listings.push({
      nodes: t.a[0].n - 1,
      rounds: t.a.length,
      library_ms: a,
      direct_ms: b,
      ratio_of_medians: a / b,
      ratio: pairedRatio(t),
      target: 1.05,
      // The whole Node process's CPU (start-up included): what reading and parsing cost on each side, free of restic's noise.
      library_node_cpu_ms: median(t.a.map((x) => x.cpuMs)),
      direct_node_cpu_ms: median(t.b.map((x) => x.cpuMs)),
      library_peak_rss_mib: Math.max(...t.a.map((x) => x.rss)) / 2 ** 20,
      direct_peak_rss_mib: Math.max(...t.b.map((x) => x.rss)) / 2 ** 20,
      rss_target_mib: 100,
    });
  }
}

// 4. Start-up: importing the library in a fresh Node process.
if (runs('startup')) {
  const url = JSON.stringify(new URL('../dist/esm/index.js', import.meta.url).href);
  const times = [];
  for (let i = 0; i < 15; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const t0 = performance.now(); await import(${url}); console.log(performance.now() - t0);`], { encoding: 'utf8' });
    times.push(Number(out));
  }
  results.benches.startup = { import_ms: median(times), target_ms: 30 };
}

// 5. resticjs/reader: one key derivation at open, then reads without restic, against the CLI.
if (runs('reader')) {
  const repo = ensureRepository(join(cache, 'reader-20-snapshots'));
  const tree = ensureTree(join(cache, 'small-tree'), 100, 1);
  const have = JSON.parse(resticSync(['snapshots', '--json'], repo)).length;
  for (let i = have; i < 20; i++) resticSync(['backup', '-q', '--tag', `t${i}`, tree], repo);
  const open = () => ResticReader.open({ repository: repo, password: PASSWORD });
  const rounds = quick ? 4 : 6;
  log(`reader: open, snapshots, dump, find, ls against the CLI`);
  // First open (key derivation, snapshots and index read) against one CLI call.
  const opened = await interleaved(
    rounds,
    async () => (await open()).close(),
    async () => void JSON.parse((await direct(['--repo', repo, 'snapshots', '--json'], { parse: false })).all || '[]'),
  );
  const reader = await open();
  // Warm snapshots(): many calls on the open reader.
  const warm = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const list = await reader.snapshots();
    warm.push(performance.now() - t0);
    if (list.length !== 20) throw new Error(`expected 20 snapshots, got ${list.length}`);
  }
  // A small file: 15 bytes (`small file 0\n`).
  const small = join(tree, 'd0', 'f0');
  const smallDump = await interleaved(
    rounds * 2,
    async () => ({ bytes: await bytesOf(reader.dump('latest', small)) }),
    async () => ({ bytes: await bytesOf(cliDump(repo, small)) }),
  );
  // find by name over 20 snapshots: the reader walks its cached trees, restic reads them anew.
  const found = await interleaved(
    rounds,
    async () => ({ hits: (await reader.find('f1*')).length }),
    async () => void JSON.parse((await direct(['--repo', repo, 'find', '--json', 'f1*'], { parse: false })).all || '[]'),
  );
  reader.close();
  const dumpAndListing = await bigDumpAndListing((repository) => repository, { dumpRounds: rounds, listRounds: quick ? 2 : 4 });
  // The in-memory index at a million blobs (made-up index files through the reader's table).
  const indexMemory = JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'index-memory.mjs'), String(quick ? 200_000 : 1_000_000)], { encoding: 'utf8' }));
  results.benches.reader = {
    first_open_ms: sideMedian(opened, 'a'),
    cli_call_ms: sideMedian(opened, 'b'),
    first_open_ratio: pairedRatio(opened),
    first_open_target: 1.2,
    warm_snapshots_ms: median(warm),
    warm_snapshots_target_ms: 5,
    small_dump_ms: sideMedian(smallDump, 'a'),
    small_dump_cli_ms: sideMedian(smallDump, 'b'),
    small_dump_target_ms: 15,
    find_ms: sideMedian(found, 'a'),
    find_cli_ms: sideMedian(found, 'b'),
    find_ratio: pairedRatio(found),
    ...dumpAndListing,
    ls_speedup_target: 5,
    index_blobs: indexMemory.blobs,
    index_kept_mib: indexMemory.kept_mib,
    index_bytes_per_blob: indexMemory.table_bytes_per_blob,
    index_peak_rss_mib: indexMemory.peak_rss_mib,
    index_load_ms: indexMemory.load_ms,
    index_lookup_us: indexMemory.lookup_us,
    index_target_mib: 200 / 1.048576,
  };
}

// The reader over REST against restic over REST: `rclone serve restic` on 127.0.0.1 serves the
// cached repositories of the reader section (the same files, so both sides read the same data
// over HTTP on loopback).
if (runs('rest')) {
  const server = spawn('rclone', ['serve', 'restic', '--addr', '127.0.0.1:0', cache], { env: { ...process.env, RCLONE_CONFIG: '/dev/null' }, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let text = '';
      server.stderr.on('data', (chunk) => {
        text += chunk;
        const match = /Serving restic REST API on \[?https?:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', (code) => reject(new Error(`rclone serve restic exited ${code}: ${text}`)));
    });
    log(`rest: the reader and restic through rclone serve restic on 127.0.0.1:${port}`);
    const rounds = quick ? 2 : 4;
    results.benches.rest = await bigDumpAndListing((repository) => `rest:http://127.0.0.1:${port}/${relative(cache, repository)}`, { dumpRounds: rounds, listRounds: rounds });
  } finally {
    server.kill('SIGKILL');
  }
}

// The reader over S3 against restic over S3: scripts/s3-test-server.mjs (an S3 server that
// checks SigV4) on 127.0.0.1 serves the cache folder, each cached repository a bucket of its
// own, so both sides read the same files through signed requests on loopback.
if (runs('s3')) {
  const credentials = { AWS_ACCESS_KEY_ID: 'BENCHKEY', AWS_SECRET_ACCESS_KEY: 'bench-secret' };
  Object.assign(env, credentials);
  const server = spawn(process.execPath, [join(root, 'scripts', 's3-test-server.mjs'), '--dir', cache, '--key', credentials.AWS_ACCESS_KEY_ID, '--secret', credentials.AWS_SECRET_ACCESS_KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let text = '';
      server.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]).port);
      });
      server.once('exit', (code) => reject(new Error(`the S3 server exited ${code}`)));
    });
    const location = (repository) => `s3:http://127.0.0.1:${port}/${relative(cache, repository)}`;
    log(`s3: the reader and restic through the S3 server on 127.0.0.1:${port}`);
    const rounds = quick ? 2 : 4;
    // The reader section's repository of 20 snapshots, and its small file.
    const repo = ensureRepository(join(cache, 'reader-20-snapshots'));
    const tree = ensureTree(join(cache, 'small-tree'), 100, 1);
    const have = JSON.parse(resticSync(['snapshots', '--json'], repo)).length;
    for (let i = have; i < 20; i++) resticSync(['backup', '-q', '--tag', `t${i}`, tree], repo);
    const open = () => ResticReader.open({ repository: location(repo), password: PASSWORD, env: credentials });
    const opened = await interleaved(
      rounds,
      async () => (await open()).close(),
      async () => void JSON.parse((await direct(['--repo', location(repo), 'snapshots', '--json'], { parse: false })).all || '[]'),
    );
    const reader = await open();
    const warm = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      if ((await reader.snapshots()).length !== 20) throw new Error('expected 20 snapshots');
      warm.push(performance.now() - t0);
    }
    const small = join(tree, 'd0', 'f0');
    const smallDump = await interleaved(
      rounds * 2,
      async () => ({ bytes: await bytesOf(reader.dump('latest', small)) }),
      async () => ({ bytes: await bytesOf(cliDump(location(repo), small)) }),
    );
    reader.close();
    const previous = { ...process.env };
    Object.assign(process.env, credentials);
    try {
      results.benches.s3 = {
        first_open_ms: sideMedian(opened, 'a'),
        cli_call_ms: sideMedian(opened, 'b'),
        first_open_ratio: pairedRatio(opened),
        warm_snapshots_ms: median(warm),
        warm_snapshots_target_ms: 5,
        small_dump_ms: sideMedian(smallDump, 'a'),
        small_dump_cli_ms: sideMedian(smallDump, 'b'),
        small_dump_ratio: pairedRatio(smallDump),
        ...(await bigDumpAndListing(location, { dumpRounds: rounds, listRounds: rounds })),
        ls_speedup_target: 5,
      };
    } finally {
      for (const name of Object.keys(credentials)) if (previous[name] === undefined) delete process.env[name];
    }
  } finally {
    server.kill('SIGKILL');
  }
}

// ---- report ---------------------------------------------------------------------------------

const f = (x, d = 1) => x.toFixed(d);
const b = results.benches;
const rows = [
  ...(b.perCall ? [
  ['per-call overhead (snapshots)', `${f(b.perCall.library_ms)} ms`, `${f(b.perCall.direct_ms)} ms`, f(b.perCall.ratio, 3), '≤ 1.03'],
  [
    'per call: paired difference, Node CPU',
    `${b.perCall.median_paired_difference_ms >= 0 ? '+' : ''}${f(b.perCall.median_paired_difference_ms)} ms, CPU ${f(b.perCall.library_node_cpu_ms, 2)} ms`,
    `CPU ${f(b.perCall.direct_node_cpu_ms, 2)} ms`,
    '',
    '',
  ]] : []),
  ...(b.backup ? [
  ['backup (wall)', `${f(b.backup.library_ms / 1000, 2)} s`, `${f(b.backup.direct_ms / 1000, 2)} s`, f(b.backup.ratio, 3), '≤ 1.02'],
  ['backup: Node CPU / restic CPU', `${f(b.backup.node_cpu_s, 2)} s / ${f(b.backup.restic_cpu_s, 2)} s`, '', `${f(b.backup.node_cpu_share * 100, 2)} %`, '≤ 3 %']] : []),
  ...(b.listings ?? []).map((l) => [
    `lsStream ${l.nodes} nodes`,
    `${f(l.library_ms)} ms, ${f(l.library_peak_rss_mib)} MiB, CPU ${f(l.library_node_cpu_ms)} ms`,
    `${f(l.direct_ms)} ms, ${f(l.direct_peak_rss_mib)} MiB, CPU ${f(l.direct_node_cpu_ms)} ms`,
    f(l.ratio, 3),
    '≤ 1.05, ≤ 100 MiB',
  ]),
  ...(b.startup ? [['import resticjs', `${f(b.startup.import_ms)} ms`, '', '', '≤ 30 ms']] : []),
  ...(b.reader ? [
    ['reader: first open / one CLI call', `${f(b.reader.first_open_ms)} ms`, `${f(b.reader.cli_call_ms)} ms`, f(b.reader.first_open_ratio, 3), '≤ 1.2'],
    ['reader: warm snapshots(), 20 snapshots', `${f(b.reader.warm_snapshots_ms, 3)} ms`, `${f(b.reader.cli_call_ms)} ms`, '', '≤ 5 ms'],
    ['reader: small-file dump', `${f(b.reader.small_dump_ms, 2)} ms`, `${f(b.reader.small_dump_cli_ms)} ms`, '', '≤ 15 ms'],
    ['reader: find by name, 20 snapshots', `${f(b.reader.find_ms, 2)} ms`, `${f(b.reader.find_cli_ms)} ms`, f(b.reader.find_ratio, 3), ''],
    [`reader: ${b.reader.big_dump_mib} MiB dump throughput`, `${f(b.reader.big_dump_mib_s)} MiB/s`, `${f(b.reader.big_dump_cli_mib_s)} MiB/s`, '', '≥ restic'],
    [`reader: lsStream ${b.reader.ls_nodes} nodes`, `${f(b.reader.ls_ms)} ms`, `${f(b.reader.ls_cli_ms)} ms`, `${f(b.reader.ls_speedup, 1)}× faster`, '≥ 5×'],
    [`reader: first lsStream of a reader, ${b.reader.ls_nodes} nodes`, `${f(b.reader.ls_first_ms)} ms`, `${f(b.reader.ls_cli_ms)} ms`, `${f(b.reader.ls_first_speedup, 1)}× faster`, ''],
    [`reader: index of ${b.reader.index_blobs} blobs`, `${f(b.reader.index_kept_mib)} MiB kept (${f(b.reader.index_bytes_per_blob)} B/blob), load ${f(b.reader.index_load_ms / 1000, 2)} s, lookup ${f(b.reader.index_lookup_us, 2)} µs`, '', '', '< 200 MB'],
  ] : []),
  ...(b.rest ? [
    [`reader over REST: ${b.rest.big_dump_mib} MiB dump`, `${f(b.rest.big_dump_mib_s)} MiB/s`, `${f(b.rest.big_dump_cli_mib_s)} MiB/s`, '', ''],
    [`reader over REST: lsStream ${b.rest.ls_nodes} nodes`, `${f(b.rest.ls_ms)} ms`, `${f(b.rest.ls_cli_ms)} ms`, `${f(b.rest.ls_speedup, 1)}× faster`, ''],
    [`reader over REST: first lsStream of a reader, ${b.rest.ls_nodes} nodes`, `${f(b.rest.ls_first_ms)} ms`, `${f(b.rest.ls_cli_ms)} ms`, `${f(b.rest.ls_first_speedup, 1)}× faster`, ''],
  ] : []),
  ...(b.s3 ? [
    ['reader over S3: first open / one CLI call', `${f(b.s3.first_open_ms)} ms`, `${f(b.s3.cli_call_ms)} ms`, f(b.s3.first_open_ratio, 3), ''],
    ['reader over S3: warm snapshots(), 20 snapshots', `${f(b.s3.warm_snapshots_ms, 3)} ms`, `${f(b.s3.cli_call_ms)} ms`, '', '≤ 5 ms'],
    ['reader over S3: small-file dump', `${f(b.s3.small_dump_ms, 2)} ms`, `${f(b.s3.small_dump_cli_ms)} ms`, f(b.s3.small_dump_ratio, 3), ''],
    [`reader over S3: ${b.s3.big_dump_mib} MiB dump`, `${f(b.s3.big_dump_mib_s)} MiB/s`, `${f(b.s3.big_dump_cli_mib_s)} MiB/s`, f(b.s3.big_dump_mib_s / b.s3.big_dump_cli_mib_s, 2), '≥ restic'],
    [`reader over S3: lsStream ${b.s3.ls_nodes} nodes`, `${f(b.s3.ls_ms)} ms`, `${f(b.s3.ls_cli_ms)} ms`, `${f(b.s3.ls_speedup, 1)}× faster`, '≥ 5×'],
    [`reader over S3: first lsStream of a reader, ${b.s3.ls_nodes} nodes`, `${f(b.s3.ls_first_ms)} ms`, `${f(b.s3.ls_cli_ms)} ms`, `${f(b.s3.ls_first_speedup, 1)}× faster`, ''],
  ] : []),
];
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['bench', 'resticjs', 'restic direct', 'ratio', 'target'], ...rows].map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`restic ${results.restic}, Node ${process.version}, ${results.machine.cpus} × ${results.machine.cpu}${quick ? ' (quick)' : ''}`);
console.log(line(['bench', 'resticjs', 'restic direct', 'ratio', 'target']));
// Ratios are medians of per-round ratios (each round runs both sides back to back).
for (const r of rows) console.log(line(r));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', only.length === SECTIONS.length ? 'latest.json' : 'partial.json'), JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2) + '\n');
