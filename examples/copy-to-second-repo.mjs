// Keep a second copy of a repository's snapshots elsewhere (another disk, an offsite server):
// make the second repository with the first one's chunker parameters, copy the snapshots over,
// and list both.
//
//   node examples/copy-to-second-repo.mjs
//
// Both repositories are temporary local folders here; either could be any backend (sftp:, s3:,
// rest:, rclone:). restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Restic } from 'resticjs';

const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');

const work = mkdtempSync(join(tmpdir(), 'resticjs-copy-'));
// Two repositories, two passwords: copy reads the first with its own password, which resticjs
// hands to restic in the environment (RESTIC_FROM_PASSWORD), never in argv.
const primary = new Restic({ binaryPath, repository: join(work, 'primary'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });
const offsite = new Restic({ binaryPath, repository: join(work, 'offsite'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });
const from = { fromRepo: primary.repository, fromPassword: primary.password };

const data = join(work, 'data');
mkdirSync(data);
const list = async (name, repo) => {
  console.log(`${name}:`);
  for (const s of await repo.snapshots()) {
    console.log(`  ${s.short_id}  ${s.time.slice(0, 19).replace('T', ' ')}  [${(s.tags ?? []).join(', ')}]${s.original ? `  copy of ${s.original.slice(0, 8)}` : ''}`);
  }
};

try {
  await primary.init();
  writeFileSync(join(data, 'photo.raw'), randomBytes(2 * 1024 * 1024));
  await primary.backup({ paths: [data], tags: ['monday'] });
  writeFileSync(join(data, 'notes.txt'), 'new on tuesday\n');
  await primary.backup({ paths: [data], tags: ['tuesday'] });

  // Same chunker parameters means the same file content is cut into the same chunks in both
  // repositories: copied data is deduplicated against later backups made straight into the
  // second one. Without them, copy works but stores the data again in different chunks.
  await offsite.init({ ...from, copyChunkerParams: true });
  const [a, b] = await Promise.all([primary.cat.config(), offsite.cat.config()]);
  console.log(`offsite repository ${b.id.slice(0, 8)} shares the chunker polynomial of ${a.id.slice(0, 8)}: ${a.chunker_polynomial === b.chunker_polynomial}`);

  // copy() reports each snapshot it wrote (restic prints no JSON for copy; resticjs reads its text).
  const { copied } = await offsite.copy(from);
  for (const c of copied) console.log(`copied ${c.source} → ${c.target}`);

  // copy skips snapshots already in the target, so running it every night only sends what is new.
  const again = await offsite.copy(from);
  console.log(`second copy: ${again.copied.length} snapshots copied`);

  await list('primary', primary);
  await list('offsite', offsite);
  const check = await offsite.check();
  console.log(`offsite check: ${check.num_errors} errors`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
