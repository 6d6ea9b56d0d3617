// The reader's in-memory index at 1,000,000 blobs: what it keeps after loading, the peak while
// loading, and the cost of a lookup. Index files are made up here (restic's shape: files of at
// most 50,000 blobs, packs of ~100 blobs), because a real repository with a million blobs needs
// a million distinct files; they go through the same IndexTable the reader uses, one JSON text
// at a time as the reader parses them.
//
//   node bench/index-memory.mjs [blobs]     prints one JSON line
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const blobs = Number(process.argv[2] ?? 1_000_000);

if (process.env.INDEX_MEMORY_CHILD !== '1') {
  // Bundle the table on its own (it is internal to the reader's bundle), then measure in a fresh process.
  const { build } = await import('esbuild');
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index-table.mjs');
  await build({ entryPoints: [join(root, 'src', 'reader', 'repository', 'index-table.ts')], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), String(blobs)], {
    env: { ...process.env, INDEX_MEMORY_CHILD: '1', INDEX_TABLE_MODULE: pathToFileURL(outfile).href },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) process.exit(child.status ?? 1);
  process.stdout.write(child.stdout);
} else {
  const { IndexTable } = await import(process.env.INDEX_TABLE_MODULE);
  const used = () => {
    globalThis.gc();
    const m = process.memoryUsage();
    // external includes the ArrayBuffers (and Buffers) already.
    return m.heapUsed + m.external;
  };
  const hex = () => randomBytes(32).toString('hex');
  const PER_FILE = 50_000;
  const PER_PACK = 100;
  const before = used();
  const table = new IndexTable();
  const ids = [];
  let loadMs = 0;
  for (let done = 0; done < blobs; done += PER_FILE) {
    const packs = [];
    for (let p = 0; p < Math.min(PER_FILE, blobs - done); p += PER_PACK) {
      const entries = [];
      for (let b = 0; b < PER_PACK && done + p + b < blobs; b++) {
        const id = hex();
        if ((done + p + b) % 1000 === 0) ids.push(id);
        entries.push({ id, type: b === 0 ? 'tree' : 'data', offset: b * 4096, length: 4096, uncompressed_length: 8000 });
      }
      packs.push({ id: hex(), blobs: entries });
    }
    // As the reader gets it: a JSON text, parsed, handed over, dropped. Only this part is timed.
    const text = JSON.stringify({ packs });
    const started = performance.now();
    table.addIndexFile(JSON.parse(text));
    loadMs += performance.now() - started;
  }
  const started = performance.now();
  table.finish();
  loadMs += performance.now() - started;
  const kept = used() - before;
  const lookups = 200_000;
  const t = performance.now();
  let found = 0;
  for (let i = 0; i < lookups; i++) found += table.lookup(ids[i % ids.length]).length;
  const lookupUs = ((performance.now() - t) / lookups) * 1000;
  if (found !== lookups) throw new Error(`lookups found ${found} of ${lookups}`);
  console.log(
    JSON.stringify({
      blobs: table.size,
      kept_mib: kept / 2 ** 20,
      table_bytes_per_blob: table.byteSize / table.size,
      // Includes making the made-up index files, so it is an upper bound.
      peak_rss_mib: process.resourceUsage().maxRSS / 1024,
      load_ms: loadMs,
      lookup_us: lookupUs,
    }),
  );
}
