// A nightly job: back up a folder, apply a retention policy (and prune), check the repository,
// and print ONE JSON report on stdout for a scheduler or monitoring to read. Exit code 1 when
// any step failed, so cron, systemd or CI notice without parsing anything.
//
//   node examples/nightly-backup.mjs [--repo PATH] [--source FOLDER] [--password-file FILE]
//
// Without --repo it makes a temporary repository, seeded with three snapshots dated yesterday
// so that the policy has something to remove; without --source it backs up a temporary folder.
// With --repo the repository must exist already (a nightly job should not create one by
// accident); its password comes from --password-file, else from RESTIC_PASSWORD or
// RESTIC_PASSWORD_FILE in the environment, which restic reads itself.
// restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IncompleteBackupError, RepositoryCheckError, Restic, ResticError } from 'resticjs';

const { values: args } = parseArgs({ options: { repo: { type: 'string' }, source: { type: 'string' }, 'password-file': { type: 'string' } } });
const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');

// Keep a week of dailies, a month of weeklies and a year of monthlies: restic keeps the newest
// snapshot of each day/week/month, per host and set of paths, and forgets the rest.
const POLICY = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };

const work = mkdtempSync(join(tmpdir(), 'resticjs-nightly-'));
const source = args.source ?? join(work, 'data');
const repo = args.repo
  ? new Restic({ binaryPath, repository: args.repo, passwordFile: args['password-file'] })
  : new Restic({ binaryPath, repository: join(work, 'repo'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });

const report = { ok: true, restic: null, repository: repo.repository, source, backup: null, forget: null, check: null, errors: [], seconds: 0 };
const started = performance.now();
const seconds = (since) => Number(((performance.now() - since) / 1000).toFixed(2));

/** Runs one step, timing it. restic's failures are typed: recorded in the report, never thrown on. */
async function step(name, run) {
  const t0 = performance.now();
  try {
    return { ok: true, ...(await run()), seconds: seconds(t0) };
  } catch (error) {
    if (!(error instanceof ResticError)) throw error; // a bug in this script, not a failed backup: crash loudly
    report.ok = false;
    report.errors.push({ step: name, error: error.name, message: error.message, exitCode: error.exitCode });
    // Two failures still carry a result worth reporting: the snapshot of an incomplete backup
    // exists (it lacks the unreadable files), and a failed check says how many errors it found.
    if (error instanceof IncompleteBackupError && error.summary) {
      return { ok: false, ...backupFields(error.summary), unreadable: error.errors.map((e) => e.item), seconds: seconds(t0) };
    }
    if (error instanceof RepositoryCheckError) return { ok: false, num_errors: error.summary.num_errors, seconds: seconds(t0) };
    return { ok: false, seconds: seconds(t0) };
  }
}

const backupFields = (s) => ({
  snapshot_id: s.snapshot_id, // 8 digits on restic 0.14, 64 from 0.15
  files_new: s.files_new,
  files_changed: s.files_changed,
  files_unmodified: s.files_unmodified,
  bytes_added: s.data_added,
  bytes_processed: s.total_bytes_processed,
});

try {
  if (!args.source) {
    writeTree(source, { 'notes/todo.txt': 'water the plants\n', 'photos/cat.jpg': randomBytes(256 * 1024), 'config.ini': '[app]\ncolour=blue\n' });
  }
  report.restic = (await repo.version()).restic_version;
  if (!args.repo) await seedPreviousNights();

  report.backup = await step('backup', async () => backupFields(await repo.backup({ paths: [source], tags: ['nightly'] })));

  // Forget only after a backup that wrote a snapshot: if tonight's backup failed, the old
  // snapshots are all there is. The tag limits the policy to the snapshots this job makes, and
  // `prune: true` frees the space of what was forgotten in the same call.
  if (report.backup.snapshot_id) {
    report.forget = await step('forget', async () => {
      const groups = await repo.forget({ ...POLICY, tags: ['nightly'], prune: true });
      return {
        policy: POLICY,
        snapshots_removed: groups.reduce((n, g) => n + (g.remove?.length ?? 0), 0), // restic says null, not [], when a group removes nothing
        snapshots_kept: groups.reduce((n, g) => n + (g.keep?.length ?? 0), 0),
      };
    });
  }

  // Reading a random tenth of the data each night verifies every pack over time, at a tenth of
  // the cost of readData. check() has the same shape on every version: restic 0.18+ print a JSON
  // summary, resticjs builds it from older restic's text. Errors reject with RepositoryCheckError.
  report.check = await step('check', async () => {
    const summary = await repo.check({ readDataSubset: '10%' });
    return { num_errors: summary.num_errors, suggest_repair_index: summary.suggest_repair_index, suggest_prune: summary.suggest_prune };
  });
} catch (error) {
  // restic missing, or the demo seeding failed: still one report, and a failure.
  if (!(error instanceof ResticError)) throw error;
  report.ok = false;
  report.errors.push({ step: 'setup', error: error.name, message: error.message, exitCode: error.exitCode });
} finally {
  report.seconds = seconds(started);
  if (!report.ok) process.exitCode = 1;
  console.log(JSON.stringify(report, null, 2));
  rmSync(work, { recursive: true, force: true });
}

function writeTree(root, files) {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

/** Demo only: three snapshots of yesterday (the daily rule keeps the newest), then a change for tonight to find. */
async function seedPreviousNights() {
  await repo.init();
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
  for (const hour of [1, 2, 3]) {
    yesterday.setHours(hour, 0, 0, 0);
    await repo.backup({ paths: [source], tags: ['nightly'], time: yesterday });
  }
  if (!args.source) writeTree(source, { 'notes/todo.txt': 'water the plants\nfeed the cat\n', 'notes/ideas.txt': 'a bigger shed\n' });
}
