import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newestRestic, projectRoot } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

interface Probe {
  nodes: number;
  baseHeap: number;
  peakHeap: number;
  peakRss: number;
}

// Runs in its own Node process with --expose-gc, so that the live heap can be read after a
// collection and nothing of the test runner's own memory counts.
const PROBE = `
import { Restic } from ${JSON.stringify(join(projectRoot, 'build', 'src', 'index.js'))};
const [settings, snapshot] = [JSON.parse(process.argv[2]), process.argv[3]];
const restic = new Restic(settings);
globalThis.gc();
const baseHeap = process.memoryUsage().heapUsed;
let nodes = 0, peakHeap = 0, peakRss = 0;
for await (const message of restic.lsStream(snapshot)) {
  if (message.message_type === 'node' && ++nodes % 5000 === 0) {
    globalThis.gc();
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }
}
console.log(JSON.stringify({ nodes, baseHeap, peakHeap, peakRss }));
`;

const MiB = 1024 * 1024;

test("lsStream's memory stays flat from 10k to 100k nodes", { timeout: 600_000 }, async (t) => {
  const binary = newestRestic();
  const box = sandbox(t, binary);
  await box.restic.init();
  const data = box.writeData({});
  for (let d = 0; d < 1000; d++) {
    const dir = join(data, `d${String(d).padStart(4, '0')}`);
    mkdirSync(dir);
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `f${f}`), '');
  }
  // 10k nodes: the first 99 folders and their files; 100k: everything.
  const small = await box.restic.backup({ paths: Array.from({ length: 99 }, (_, d) => join(data, `d${String(d).padStart(4, '0')}`)) });
  const large = await box.restic.backup({ paths: [data] });
  const probePath = join(box.dir, 'probe.mjs');
  writeFileSync(probePath, PROBE);
  const settings = JSON.stringify({ binaryPath: binary.path, repository: box.repo, password: TEST_PASSWORD, cacheDir: join(box.dir, 'cache') });
  const probe = (snapshot: string): Probe =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', probePath, settings, snapshot], { encoding: 'utf8' })) as Probe;
  const at10k = probe(small.snapshot_id as string);
  const at100k = probe(large.snapshot_id as string);
  const mib = (n: number): string => (n / MiB).toFixed(1);
  t.diagnostic(`lsStream ${at10k.nodes} nodes: peak live heap ${mib(at10k.peakHeap)} MiB (start ${mib(at10k.baseHeap)}), peak RSS ${mib(at10k.peakRss)} MiB`);
  t.diagnostic(`lsStream ${at100k.nodes} nodes: peak live heap ${mib(at100k.peakHeap)} MiB (start ${mib(at100k.baseHeap)}), peak RSS ${mib(at100k.peakRss)} MiB`);
  assert.ok(at10k.nodes >= 10_000 && at100k.nodes >= 100_000, `${at10k.nodes} / ${at100k.nodes} nodes`);
  // Ten times the nodes, the same memory: a collecting reader would hold ~100 MiB more here.
  assert.ok(at100k.peakHeap - at10k.peakHeap < 4 * MiB, `heap grew by ${mib(at100k.peakHeap - at10k.peakHeap)} MiB`);
  assert.ok(at100k.peakRss < 100 * MiB, `peak RSS ${mib(at100k.peakRss)} MiB`);
});
