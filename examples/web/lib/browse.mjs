// Reading the repository: the snapshots with their summaries, one folder of a snapshot, and
// downloads (a file as it is, a folder as tar), streamed from restic or the native reader.
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { clientGone, HttpError } from './http.mjs';

/** Listings stop here; the page says the folder has more. */
const MAX_ENTRIES = 5000;
const SNAPSHOT_ID = /^(latest|[0-9a-f]{8,64})$/;

export function checkSnapshotId(id) {
  if (typeof id !== 'string' || !SNAPSHOT_ID.test(id)) throw new HttpError(400, 'BadRequest', 'not a snapshot ID');
  return id;
}

export function checkPath(path) {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0')) throw new HttpError(400, 'BadRequest', 'not an absolute path in the snapshot');
  return posix.normalize(path);
}

/** Why a snapshot has no summary: restic stores one from 0.17 on. */
function noSummaryReason(snapshot) {
  const writer = snapshot.program_version ? `${snapshot.program_version}` : 'restic 0.15 or older';
  return `written by ${writer}, which stores no summary with a snapshot (restic 0.17 and later do)`;
}

/** The snapshots, oldest first, with what the page shows of each. */
export async function listSnapshots(repo, signal) {
  const snapshots = await repo.snapshots({ signal });
  return snapshots
    .map((s) => ({
      id: s.id,
      short_id: s.short_id,
      time: s.time,
      hostname: s.hostname,
      paths: s.paths,
      tags: s.tags ?? [],
      summary: s.summary
        ? {
            files_new: s.summary.files_new,
            files_changed: s.summary.files_changed,
            data_added: s.summary.data_added,
            data_added_packed: s.summary.data_added_packed,
            total_files_processed: s.summary.total_files_processed,
            total_bytes_processed: s.summary.total_bytes_processed,
          }
        : null,
      no_summary: s.summary ? undefined : noSummaryReason(s),
    }))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** The entries directly inside `folder` of a snapshot: `{ path, entries, truncated }`. */
export async function listFolder(repo, snapshot, folder, signal) {
  const entries = [];
  let seen = folder === '/';
  let truncated = false;
  for await (const message of repo.lsStream(snapshot, { paths: [folder], signal })) {
    if (message.message_type !== 'node') continue;
    if (message.path === folder) {
      seen = message.type === 'dir';
      continue;
    }
    if (posix.dirname(message.path) !== folder) continue;
    if (entries.length === MAX_ENTRIES) {
      truncated = true;
      break; // stops the listing
    }
    entries.push({ name: message.name, type: message.type, path: message.path, size: message.size, mtime: message.mtime });
  }
  if (!seen) throw new HttpError(404, 'NotFound', `no folder ${folder} in this snapshot`);
  // Folders first, then by name.
  entries.sort((a, b) => (b.type === 'dir') - (a.type === 'dir') || a.name.localeCompare(b.name));
  return { path: folder, entries, truncated };
}

/** `attachment` with the name, ASCII for old clients and UTF-8 for the others. */
function attachment(name) {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Streams a file, or a folder as tar, into the response: never held whole, with the
 * response's back-pressure, and stopped (restic too) when the client goes away.
 */
export async function download(repo, res, snapshot, path, kind) {
  const stream = repo.dump(snapshot, path, { signal: clientGone(res) });
  // Wait for the first bytes, so that a failure before them (no such path) is still an
  // error response the page can read, not a cut download.
  await new Promise((resolve, reject) => {
    stream.once('readable', resolve);
    stream.once('error', reject);
  });
  const name = path === '/' ? 'snapshot' : posix.basename(path);
  res.setHeader('Content-Type', kind === 'dir' ? 'application/x-tar' : 'application/octet-stream');
  res.setHeader('Content-Disposition', attachment(kind === 'dir' ? `${name}.tar` : name));
  await pipeline(stream, res);
}
