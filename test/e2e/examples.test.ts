import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { projectRoot, resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

const run = promisify(execFile);
const example = (name: string): string => join(projectRoot, 'examples', name);

/** Runs an example that is expected to fail: its exit code and output. */
async function runFailing(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    await run(process.execPath, args, { env });
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
  assert.fail(`${args.join(' ')} exited 0`);
}

/** The nightly example's report, as far as the tests read it. */
interface StepReport {
  ok: boolean;
  seconds: number;
  [field: string]: unknown;
}
interface NightlyReport {
  ok: boolean;
  restic: string | null;
  backup: (StepReport & { snapshot_id?: string; files_new?: number; files_changed?: number; files_unmodified?: number; bytes_added?: number }) | null;
  forget: (StepReport & { snapshots_removed: number; snapshots_kept: number }) | null;
  check: (StepReport & { num_errors?: number }) | null;
  errors: { step: string; error: string; message: string; exitCode: number | null }[];
  seconds: number;
}

// The examples are part of the documentation: they run here, as the README says, so none can rot.
for (const binary of resticBinaries().filter((b) => b.series !== '0.18')) {
  describe(`examples on restic ${binary.series}`, () => {
    const env = { ...process.env, RESTIC_BIN: binary.path };

    test('basic-backup.mjs: backup, snapshots, restore, check', async () => {
      const { stdout } = await run(process.execPath, [example('basic-backup.mjs')], { env });
      assert.match(stdout, new RegExp(`^restic ${binary.series.replace('.', '\\.')}\\.\\d+ at `));
      assert.match(stdout, /backed up .* new files/);
      assert.match(stdout, /snapshots:\n {2}[0-9a-f]{8} /);
      assert.match(stdout, /restored latest into /);
      assert.match(stdout, /check: no errors found/);
    });

    test('progress-bar.mjs: a bar for the backup, and for the restore where restic reports one', async () => {
      const { stdout } = await run(process.execPath, [example('progress-bar.mjs'), '--size', '48'], { env });
      assert.match(stdout, /backup {2}\[#+-*\] +\d+\.\d%/);
      assert.match(stdout, /backup {2}\[#{30}\] 100\.0%/);
      assert.match(stdout, /snapshot [0-9a-f]{8}: 6 new files/);
      if (binary.series === '0.14') assert.match(stdout, /restore progress needs restic 0\.16\.0/);
      else assert.match(stdout, /restored \d+ files, 48\.0 MiB/);
    });

    test('nightly-backup.mjs: backup, forget with prune, check, one JSON report', async () => {
      const { stdout } = await run(process.execPath, [example('nightly-backup.mjs')], { env });
      const report = JSON.parse(stdout) as NightlyReport; // the whole of stdout is the one report
      assert.equal(report.ok, true);
      assert.deepEqual(report.errors, []);
      assert.match(report.restic ?? '', new RegExp(`^${binary.series.replace('.', '\\.')}\\.\\d+$`));
      assert.ok(report.backup && report.forget && report.check);
      // restic 0.14 reports the short ID only.
      assert.match(report.backup.snapshot_id ?? '', binary.series === '0.14' ? /^[0-9a-f]{8}$/ : /^[0-9a-f]{64}$/);
      // The demo changes one file and adds one after the three seeded snapshots.
      assert.equal(report.backup.files_new, 1);
      assert.equal(report.backup.files_changed, 1);
      assert.equal(report.backup.files_unmodified, 2);
      assert.ok((report.backup.bytes_added ?? 0) > 0);
      // Three snapshots of yesterday and tonight's: the daily rule removes at least one of
      // yesterday's (0.14 removes two; newer restic also keeps the oldest while buckets are unfilled).
      assert.ok(report.forget.snapshots_removed >= 1, `removed ${report.forget.snapshots_removed}`);
      assert.equal(report.forget.snapshots_removed + report.forget.snapshots_kept, 4);
      assert.equal(report.check.ok, true);
      assert.equal(report.check.num_errors, 0);
      for (const step of [report.backup, report.forget, report.check]) assert.ok(step.ok && step.seconds >= 0 && step.seconds <= report.seconds);
    });

    test('nightly-backup.mjs --repo --source --password-file: an existing repository, twice', async (t) => {
      const box = sandbox(t, binary);
      await box.restic.init();
      const data = box.writeData({ 'a.txt': 'a\n', 'b/c.txt': 'c\n' });
      const passwordFile = join(box.dir, 'password');
      writeFileSync(passwordFile, TEST_PASSWORD);
      const args = [example('nightly-backup.mjs'), '--repo', box.repo, '--source', data, '--password-file', passwordFile];
      const first = JSON.parse((await run(process.execPath, args, { env })).stdout) as NightlyReport;
      assert.equal(first.ok, true);
      assert.equal(first.backup?.files_new, 2);
      assert.deepEqual([first.forget?.snapshots_removed, first.forget?.snapshots_kept], [0, 1]);
      const second = JSON.parse((await run(process.execPath, args, { env })).stdout) as NightlyReport;
      assert.equal(second.ok, true);
      assert.deepEqual([second.backup?.files_new, second.backup?.files_unmodified], [0, 2]);
      // What the report says was kept is what the repository now holds.
      assert.equal((second.forget?.snapshots_removed ?? 0) + (second.forget?.snapshots_kept ?? 0), 2);
      assert.equal((await box.restic.snapshots()).length, second.forget?.snapshots_kept);
    });

    test('nightly-backup.mjs: a missing repository is a typed error in the report and exit 1', async () => {
      const { code, stdout } = await runFailing([example('nightly-backup.mjs'), '--repo', join(tmpdir(), `resticjs-no-such-repository-${process.pid}`)], { ...env, RESTIC_PASSWORD: 'x' });
      assert.equal(code, 1);
      const report = JSON.parse(stdout) as NightlyReport;
      assert.equal(report.ok, false);
      assert.equal(report.backup?.ok, false);
      assert.equal(report.forget, null, 'no forget after a failed backup');
      assert.equal(report.check?.ok, false);
      assert.deepEqual(report.errors.map((e) => [e.step, e.error]), [['backup', 'RepositoryNotFoundError'], ['check', 'RepositoryNotFoundError']]);
    });

    test('database-dump.mjs: a generated dump backed up from stdin and read back by dump() with the same sha256', async () => {
      const { stdout } = await run(process.execPath, [example('database-dump.mjs'), '--rows', '20000'], { env });
      const sent = /backed up ([\d.]+) MiB \(sha256 ([0-9a-f]{16})…\)/.exec(stdout);
      const back = /verified: dump of \/shop\.sql has the same sha256 ([0-9a-f]{16})…/.exec(stdout);
      assert.ok(sent && back, stdout);
      assert.equal(back[1], sent[2]);
      assert.ok(Number(sent[1]) > 2, `a dump of a few MiB, got ${sent[1]}`);
      assert.match(stdout, /paths \/shop\.sql, tags db,shop, \/shop\.sql is \d+ bytes/);
    });

    test('browse-and-restore-one-file.mjs: ls, find, and a restore of that one file only', async () => {
      const { stdout } = await run(process.execPath, [example('browse-and-restore-one-file.mjs')], { env });
      assert.match(stdout, /^snapshot [0-9a-f]{8} of /);
      assert.match(stdout, / {6}16 B {2}\/documents\/letter\.txt\n/);
      assert.match(stdout, /found \S+\/documents\/invoices\/invoice-2024-03\.pdf \(34 bytes/);
      assert.match(stdout, /restored \S+\/restored\/\S+\/invoice-2024-03\.pdf \(1 file in the target\):\n {2}%PDF-1\.4 March invoice: 99\.50 EUR\n/);
      const none = await runFailing([example('browse-and-restore-one-file.mjs'), 'no-such-*.pdf'], env);
      assert.equal(none.code, 1);
      assert.match(none.stdout, /no file matches no-such-\*\.pdf/);
    });

    test('copy-to-second-repo.mjs: same chunker parameters, copy, and both listings', async () => {
      const { stdout } = await run(process.execPath, [example('copy-to-second-repo.mjs')], { env });
      assert.match(stdout, /shares the chunker polynomial of [0-9a-f]{8}: true/);
      const copied = [...stdout.matchAll(/^copied ([0-9a-f]{8}) → ([0-9a-f]{8})$/gm)].map((m) => [m[1], m[2]]);
      assert.equal(copied.length, 2, stdout);
      assert.match(stdout, /second copy: 0 snapshots copied/);
      const [primary, offsite] = stdout.split(/^offsite:$/m) as [string, string];
      // Each offsite snapshot names the primary snapshot it was copied from, as copy() reported.
      const originals = [...offsite.matchAll(/^ {2}([0-9a-f]{8}) .* copy of ([0-9a-f]{8})$/gm)].map((m) => [m[2], m[1]]);
      assert.deepEqual(originals.sort(), copied.sort());
      for (const [source] of copied) assert.match(primary, new RegExp(`^ {2}${source} `, 'm'));
      assert.match(stdout, /offsite check: 0 errors/);
    });
  });
}

// The README's quick start, taken from the README itself and run as a reader would paste it
// (at the root of the clone, where `import 'resticjs'` resolves to this package).
test("README quick start: from a clone to a restored file, on each restic", async (t) => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const block = /<!-- quickstart -->\n```sh\n([\s\S]*?)\n```/.exec(readme)?.[1];
  assert.ok(block, 'the README has a quick start block');
  t.after(() => rmSync(join(projectRoot, 'quickstart.mjs'), { force: true }));
  for (const binary of resticBinaries()) {
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', block], { cwd: projectRoot, env: { ...process.env, RESTIC_BIN: binary.path } });
    assert.match(stdout, /^snapshot [0-9a-f]{8,64}: 2 new files$/m, binary.series);
    assert.match(stdout, /^found \/.*\/data\/docs\/letter\.txt in snapshot [0-9a-f]{8}$/m, binary.series);
    assert.match(stdout, /^restored: Dear restic,$/m, binary.series);
  }
});
