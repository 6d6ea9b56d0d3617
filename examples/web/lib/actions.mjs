// What the page's buttons do: Restore (into the restore root) and Back up now (the paths
// given at start), each a job with restic's progress.
import { rmdir } from 'node:fs/promises';
import { compareVersions, FEATURES, IncompleteBackupError } from 'resticjs';
import { bytes, count } from '../public/format.js';
import { checkPath, checkSnapshotId } from './browse.mjs';
import { HttpError } from './http.mjs';
import { restoreTarget } from './restore-target.mjs';

/**
 * `repo`, `jobs`; `restoreRoot`: the real restore root or undefined; `backupPaths`, `host`;
 * `version`: the installed restic's.
 */
export function actions({ repo, jobs, restoreRoot, backupPaths, host, version }) {
  // restic prints restore progress from 0.16; before, the bar only says when it is done.
  const restoreProgress = compareVersions(version, FEATURES.restoreJsonOutput.since) >= 0;

  async function restore(body) {
    if (!restoreRoot) throw new HttpError(403, 'RestoreDisabled', 'no restore root was given at start (--restore-root)');
    const snapshotId = checkSnapshotId(body.snapshot);
    const path = checkPath(body.path);
    const targetDir = await restoreTarget(restoreRoot, body.target);
    const shown = targetDir.slice(restoreRoot.length + 1) || '.';
    const start = restoreProgress ? `Restoring ${path}…` : `Restoring ${path} (restic ${version} reports no progress: the bar fills when it is done)…`;
    const work = async (signal, progress) => {
      const summary = await repo.restore({
        snapshotId,
        targetDir,
        include: path === '/' ? undefined : [path],
        signal,
        onProgress: restoreProgress
          ? (s) => progress(s.percent_done, `Restoring: ${s.files_restored ?? 0} of ${s.total_files ?? '?'} files and folders, ${bytes(s.bytes_restored)} of ${bytes(s.total_bytes)}`)
          : undefined,
      });
      // restic counts the folders it restores with the files.
      const what = summary ? `${summary.files_restored ?? 0} files and folders (${bytes(summary.bytes_restored)})` : path;
      return `Restored ${what} into ${shown} under the restore root.`;
    };
    try {
      return jobs.start('restore', start, work);
    } catch (error) {
      // Busy: the new folder, still empty, goes, so that the same name can be asked again.
      await rmdir(targetDir);
      throw error;
    }
  }

  async function backup() {
    if (backupPaths.length === 0) throw new HttpError(403, 'BackupDisabled', 'no paths to back up were given at start (--backup)');
    return jobs.start('backup', `Backing up ${backupPaths.join(', ')}…`, async (signal, progress) => {
      let summary;
      try {
        summary = await repo.backup({
          paths: backupPaths,
          host,
          signal,
          onProgress: (s) =>
            progress(
              s.percent_done,
              // restic has read everything before the last of it is written to the repository.
              s.percent_done >= 1
                ? `Backing up: all ${bytes(s.total_bytes)} read, writing the last of it to the repository…`
                : `Backing up: ${s.files_done ?? 0} of ${s.total_files ?? '?'} files, ${bytes(s.bytes_done)} of ${bytes(s.total_bytes)}`,
            ),
        });
      } catch (error) {
        if (!(error instanceof IncompleteBackupError)) throw error;
        // The snapshot was written; some files were not.
        return `Snapshot ${error.summary?.snapshot_id?.slice(0, 8)} saved, but ${count(error.errors?.length ?? 0, 'file')} could not be read (IncompleteBackupError).`;
      }
      return `Snapshot ${summary.snapshot_id.slice(0, 8)} saved: ${count(summary.files_new, 'new file')}, ${count(summary.files_changed, 'changed file')}, ${bytes(summary.data_added_packed ?? summary.data_added)} added.`;
    });
  }

  return { restore, backup, restoreProgress };
}
