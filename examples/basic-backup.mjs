// The main example: back up a folder into a new local repository, list the snapshots,
// restore the latest one, check the repository, and print what happened.
//
//   node examples/basic-backup.mjs [folder-to-back-up]
//
// restic is taken from $RESTIC_BIN, else from this project's .restic/0.19 (put there by
// scripts/setup.sh), else from PATH.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Restic } from 'resticjs';

const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');
const source = process.argv[2] ?? fileURLToPath(new URL('../src', import.meta.url));

const work = mkdtempSync(join(tmpdir(), 'resticjs-example-'));
const repo = new Restic({
  binaryPath,
  repository: join(work, 'repo'),
  password: randomBytes(16).toString('hex'), // a real setup would use passwordFile or passwordCommand
  cacheDir: join(work, 'cache'),
});

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

try {
  const { restic_version } = await repo.version();
  console.log(`restic ${restic_version} at ${binaryPath}`);

  const id = await repo.init();
  console.log(`created repository ${id.slice(0, 10)}… in ${repo.repository}`);

  const summary = await repo.backup({ paths: [source], tags: ['example'] });
  console.log(
    `backed up ${source}: ${summary.files_new} new files, ${summary.dirs_new} new folders, ` +
      `${mib(summary.total_bytes_processed)} read, ${mib(summary.data_added)} added → snapshot ${summary.snapshot_id.slice(0, 8)}`,
  );

  console.log('snapshots:');
  for (const s of await repo.snapshots()) {
    console.log(`  ${s.short_id}  ${s.time.slice(0, 19).replace('T', ' ')}  ${s.hostname}  [${(s.tags ?? []).join(', ')}]  ${s.paths.join(' ')}`);
  }

  const target = join(work, 'restored');
  const restored = await repo.restore({ snapshotId: 'latest', targetDir: target });
  console.log(`restored latest into ${target}${restored ? `: ${restored.files_restored} files, ${mib(restored.bytes_restored ?? 0)}` : ''}`);

  const check = await repo.check({ readData: true });
  console.log(`check: ${check.num_errors === 0 ? 'no errors found' : `${check.num_errors} errors`}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
