// The demo: a generated folder backed up a few times from two hosts into a new repository,
// all in one temporary folder that remove() deletes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Restic } from 'resticjs';

const KiB = 1024;
const MiB = 1024 * KiB;

/** What each demo snapshot adds to the folder before it is taken: [host, days ago, files]. */
const HISTORY = [
  ['laptop', 28, {
    'documents/letter.txt': 'Dear neighbour,\nthe ladder is back in your shed.\n',
    'documents/notes/todo.md': '- renew the passport\n- back up the photos\n',
    'documents/invoices/invoice-2024-02.pdf': '%PDF-1.4 February invoice: 120.00 EUR\n',
    'photos/2024/beach-01.jpg': 256 * KiB,
    'photos/2024/beach-02.jpg': 256 * KiB,
  }],
  ['nas', 21, {
    'photos/2024/mountain-01.jpg': 512 * KiB,
    'photos/2024/mountain-02.jpg': 512 * KiB,
    'music/album/track-01.ogg': 1 * MiB,
  }],
  ['laptop', 14, {
    'documents/letter.txt': 'Dear neighbour,\nthe ladder is back in your shed. Thank you!\n',
    'documents/invoices/invoice-2024-03.pdf': '%PDF-1.4 March invoice: 99.50 EUR\n',
    'music/album/track-02.ogg': 1 * MiB,
  }],
  ['nas', 7, {
    'videos/holiday.mp4': 3 * MiB,
  }],
  ['laptop', 1, {
    'documents/notes/todo.md': '- renew the passport (done)\n- back up the photos\n',
    'photos/2025/garden-01.jpg': 768 * KiB,
  }],
];

/**
 * New files written after the last snapshot, for "Back up now" to save: large enough that
 * a backup takes a few seconds at the demo's upload limit, so Cancel can be tried.
 */
const NOT_YET_BACKED_UP = { 'camera/import-01.raw': 16 * MiB, 'camera/import-02.raw': 16 * MiB };
/** KiB/s: the demo's "Back up now" uploads its 32 MiB in about four seconds. */
export const DEMO_UPLOAD_LIMIT = 8 * 1024;

function write(folder, files) {
  for (const [name, content] of Object.entries(files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'number' ? randomBytes(content) : content);
  }
}

/** restic's --time format, in local time: `2006-01-02 15:04:05`. */
function resticTime(date) {
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/**
 * Creates the demo repository; `signal` stops it (its folder is then removed). Resolves to `{ folder, repository, passwordFile, cacheDir, data,
 * restoreRoot, host, remove() }`; `data` is the generated folder the snapshots hold.
 */
export async function createDemo(binaryPath, signal) {
  const folder = mkdtempSync(join(tmpdir(), 'resticjs-web-'));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  try {
    const demo = {
      folder,
      repository: join(folder, 'repo'),
      passwordFile: join(folder, 'password'),
      cacheDir: join(folder, 'cache'),
      data: join(folder, 'data'),
      restoreRoot: join(folder, 'restored'),
      host: 'laptop',
      remove,
    };
    writeFileSync(demo.passwordFile, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
    mkdirSync(demo.restoreRoot);
    const repo = new Restic({ binaryPath, repository: demo.repository, passwordFile: demo.passwordFile, cacheDir: demo.cacheDir });
    await repo.init({ signal });
    for (const [host, daysAgo, files] of HISTORY) {
      write(demo.data, files);
      const time = resticTime(new Date(Date.now() - daysAgo * 86_400_000));
      await repo.backup({ paths: [demo.data], host, time, tags: [daysAgo > 20 ? 'first' : 'daily'], signal });
    }
    write(demo.data, NOT_YET_BACKED_UP);
    return demo;
  } catch (error) {
    remove();
    throw error;
  }
}
