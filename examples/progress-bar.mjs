// Back up a folder with a live progress bar, then restore it with one (restic 0.16+).
//
//   node examples/progress-bar.mjs [folder] [--size MiB]
//
// Without a folder, it makes a temporary one of --size MiB (default 400) of random data.
// On a terminal the bar is redrawn in place; otherwise one line is printed every half second.
// Ctrl-C aborts cleanly: restic is stopped, its lock removed, and the script exits 130.
// restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Restic, ResticAbortedError, UnsupportedFeatureError } from 'resticjs';

const args = process.argv.slice(2);
const sizeAt = args.indexOf('--size');
const sizeMiB = sizeAt >= 0 ? Number(args.splice(sizeAt, 2)[1]) : 400;
const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');

const work = mkdtempSync(join(tmpdir(), 'resticjs-progress-'));
let source = args[0];
if (!source) {
  source = join(work, 'data');
  mkdirSync(source);
  for (let i = 0; i < sizeMiB / 8; i++) writeFileSync(join(source, `file-${i}.bin`), randomBytes(8 * 1024 * 1024));
}

const repo = new Restic({ binaryPath, repository: join(work, 'repo'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const tty = process.stdout.isTTY;
const width = 30;
const mib = (bytes = 0) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const eta = (seconds) => (seconds === undefined ? '--' : seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`);
let lastLine = 0;
let finished = '';

/** One frame: `label [#####-----]  42.0%  168.0 MiB / 400.0 MiB  files 21/50  ETA 3s` */
function draw(label, fraction, done, total, files, eta_) {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${mib(done)} / ${mib(total)}  ${files}  ETA ${eta_}`;
  if (fraction >= 1) {
    if (finished === label) return; // restic's own last status already said 100%
    finished = label;
  }
  if (tty) {
    process.stdout.write(`\r\x1b[2K${line}`);
  } else if (Date.now() - lastLine >= 500 || fraction >= 1) {
    lastLine = Date.now();
    process.stdout.write(line + '\n');
  }
}

try {
  const { restic_version } = await repo.version();
  await repo.init();
  console.log(`restic ${restic_version}: backing up ${source}`);
  const summary = await repo.backup({
    paths: [source],
    signal: controller.signal,
    onProgress: (s) =>
      draw('backup ', s.percent_done, s.bytes_done, s.total_bytes, `files ${s.files_done ?? 0}/${s.total_files ?? '?'}`, eta(s.seconds_remaining)),
    onError: (e) => process.stderr.write(`\n  could not read ${e.item}: ${e.message}\n`),
  });
  draw('backup ', 1, summary.total_bytes_processed, summary.total_bytes_processed, `files ${summary.total_files_processed}/${summary.total_files_processed}`, '0s');
  if (tty) process.stdout.write('\n');
  console.log(`snapshot ${summary.snapshot_id.slice(0, 8)}: ${summary.files_new} new files, ${mib(summary.data_added)} added in ${summary.total_duration.toFixed(1)}s`);

  const target = join(work, 'restored');
  try {
    const restored = await repo.restore({
      targetDir: target,
      signal: controller.signal,
      onProgress: (s) =>
        draw('restore', s.percent_done, s.bytes_restored, s.total_bytes, `files ${s.files_restored ?? 0}/${s.total_files ?? '?'}`, eta(s.seconds_remaining)),
    });
    if (tty) process.stdout.write('\n');
    console.log(`restored ${restored.files_restored} files, ${mib(restored.bytes_restored)} into ${target}`);
  } catch (error) {
    if (!(error instanceof UnsupportedFeatureError)) throw error;
    console.log(`restore progress needs restic ${error.requiredVersion}; restoring without a bar`);
    await repo.restore({ targetDir: target, signal: controller.signal });
  }
} catch (error) {
  if (tty) process.stdout.write('\n');
  if (error instanceof ResticAbortedError) {
    console.log('aborted: restic stopped and removed its lock');
    process.exitCode = 130;
  } else {
    throw error;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
