// Restore, Back up now and Cancel, and the progress bar they share, fed by the server's
// event stream (restic's progress as it comes).
import { describe, post } from './api.js';

/** `elements`: the panel's parts; `onSnapshotsChanged`: called after a backup ends. */
export function actionsPanel(elements, info, onSnapshotsChanged) {
  const { form, target, what, from, restoreButton, backupButton, cancelButton, bar, fill, status } = elements;
  let selection;
  let busy = false;

  const refreshButtons = () => {
    restoreButton.disabled = busy || !selection || !info.restoreRoot;
    backupButton.disabled = busy || info.backupPaths.length === 0;
    cancelButton.disabled = !busy;
  };

  const show = (job) => {
    busy = job.phase === 'running' || job.phase === 'cancelling';
    const percent = Math.round(job.percent ?? 0);
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', `${percent}%${job.kind ? `, ${job.kind} ${job.phase}` : ''}`);
    bar.className = job.phase;
    fill.style.width = `${percent}%`;
    status.textContent = job.text;
    refreshButtons();
  };

  const act = async (path, body) => {
    try {
      show(await post(path, body));
    } catch (error) {
      status.textContent = describe(error);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (selection) void act('/api/restore', { snapshot: selection.snapshot, path: selection.path, target: target.value });
  });
  backupButton.addEventListener('click', () => void act('/api/backup'));
  cancelButton.addEventListener('click', () => void act('/api/cancel'));

  const events = new EventSource('/api/events');
  events.addEventListener('job', (event) => show(JSON.parse(event.data)));
  events.addEventListener('snapshots', () => onSnapshotsChanged());
  refreshButtons();

  return {
    /** What Restore restores: `{ snapshot, path, name }`. */
    select(next) {
      if (selection?.snapshot !== next.snapshot) target.value = `restore-${next.snapshot.slice(0, 8)}`;
      selection = next;
      what.textContent = next.path;
      from.textContent = next.snapshot.slice(0, 8);
      refreshButtons();
    },
  };
}
