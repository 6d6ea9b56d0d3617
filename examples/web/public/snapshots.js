// The snapshot table: one row per snapshot, its summary where restic stored one.
import { bytes, time } from './format.js';

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

/** Where a snapshot opens: its one path, else the root. */
export function snapshotHref(snapshot) {
  const start = snapshot.paths.length === 1 ? snapshot.paths[0] : '/';
  return `#/snapshot/${snapshot.id}${start === '/' ? '/' : start.split('/').map(encodeURIComponent).join('/')}`;
}

/** Fills the table's body and the note that explains a "—". */
export function renderSnapshots(table, note, snapshots) {
  const rows = snapshots.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.id = s.id;
    const open = document.createElement('a');
    open.href = snapshotHref(s);
    open.textContent = s.short_id;
    const first = document.createElement('td');
    first.append(open);
    const tags = document.createElement('td');
    for (const tag of s.tags) {
      const span = document.createElement('span');
      span.className = 'tag';
      span.textContent = tag;
      tags.append(span, ' ');
    }
    tr.append(first, cell(time(s.time)), cell(s.hostname), cell(s.paths.join(', ')), tags);
    if (s.summary) {
      tr.append(cell(`${s.summary.files_new} / ${s.summary.files_changed}`, 'number'), cell(bytes(s.summary.data_added_packed ?? s.summary.data_added), 'number'));
    } else {
      const reason = `${s.short_id}: ${s.no_summary}`;
      const dash = (className) => {
        const td = cell('—', className);
        td.title = reason;
        return td;
      };
      tr.append(dash('number'), dash('number'));
    }
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);

  const missing = snapshots.filter((s) => !s.summary);
  note.hidden = missing.length === 0;
  const reasons = [...new Set(missing.map((s) => s.no_summary))];
  note.textContent = missing.length ? `— : no summary. ${missing.length} of ${snapshots.length} snapshots were ${reasons.join('; others ')}.` : '';
}

/** Marks the row of the snapshot being browsed. */
export function markCurrent(table, id) {
  for (const tr of table.tBodies[0].rows) tr.classList.toggle('current', tr.dataset.id === id);
}
