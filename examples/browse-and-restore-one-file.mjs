// "I deleted one file yesterday": browse the latest snapshot, find the file by name, and restore
// only that file, not the whole snapshot.
//
//   node examples/browse-and-restore-one-file.mjs [name-pattern]
//
// It backs up a small temporary tree first, then looks for `name-pattern` (default
// `invoice-2024-03.pdf`; restic's patterns, e.g. `*.pdf`) and restores the first match.
// restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Restic } from 'resticjs';

const pattern = process.argv[2] ?? 'invoice-2024-03.pdf';
const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');

const work = mkdtempSync(join(tmpdir(), 'resticjs-browse-'));
const repo = new Restic({ binaryPath, repository: join(work, 'repo'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });
const data = join(work, 'home');
const files = {
  'documents/invoices/invoice-2024-02.pdf': '%PDF-1.4 February invoice: 120.00 EUR\n',
  'documents/invoices/invoice-2024-03.pdf': '%PDF-1.4 March invoice: 99.50 EUR\n',
  'documents/letter.txt': 'Dear neighbour,\n',
  'music/song.ogg': randomBytes(64 * 1024),
};
for (const [name, content] of Object.entries(files)) {
  mkdirSync(dirname(join(data, name)), { recursive: true });
  writeFileSync(join(data, name), content);
}

try {
  await repo.init();
  await repo.backup({ paths: [data] });

  // lsStream yields the snapshot first, then one node at a time: a snapshot of millions of files
  // can be browsed in constant memory, and `break` would stop restic early.
  for await (const entry of repo.lsStream('latest')) {
    if (entry.message_type === 'snapshot') {
      console.log(`snapshot ${entry.short_id} of ${entry.paths.join(' ')}:`);
    } else if (entry.path.startsWith(data)) {
      // Paths in a snapshot are absolute, so the folders above the backed-up one are listed too; skip them.
      const size = entry.type === 'file' ? `${entry.size} B` : entry.type;
      console.log(`  ${size.padStart(8)}  ${entry.path.slice(data.length) || '/'}`);
    }
  }

  // find() searches every snapshot and names each one it matched in. Here there is one; with
  // several, do not take the first as the newest: restic 0.18+ list the newest first, but 0.14
  // lists them in storage order (sort by the time of each from snapshots() where it matters).
  const results = await repo.find(pattern);
  const match = results.flatMap((r) => r.matches.map((m) => ({ ...m, snapshot: r.snapshot }))).find((m) => m.type === 'file');
  if (!match) {
    console.log(`no file matches ${pattern}`);
    process.exitCode = 1;
  } else {
    console.log(`found ${match.path} (${match.size} bytes, modified ${match.mtime.slice(0, 19)}) in snapshot ${match.snapshot.slice(0, 8)}`);

    // `include` restores only what matches, with its folders, under the target: the file lands
    // at target + its original absolute path, and nothing else of the snapshot is written.
    const target = join(work, 'restored');
    await repo.restore({ snapshotId: match.snapshot, targetDir: target, include: [match.path] });
    const restoredPath = join(target, match.path);
    const restored = readFileSync(restoredPath);
    const restoredFiles = readdirSync(target, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    console.log(`restored ${restoredPath} (${restoredFiles} file in the target):`);
    console.log(`  ${restored.toString().trimEnd()}`);
    if (!restored.equals(readFileSync(match.path)) || restoredFiles !== 1) {
      console.error('MISMATCH: the restored file differs from the original, or more than it was restored');
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
