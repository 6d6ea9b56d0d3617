// One folder of a snapshot: breadcrumbs, then its entries, each a link named by its name
// (a folder opens, a file downloads), with its size, time, and a tar of each folder.
import { downloadUrl, getJson } from './api.js';
import { bytes, time } from './format.js';

/** `#/snapshot/<id>/<path>` for a folder. */
export function folderHref(snapshot, path) {
  return `#/snapshot/${snapshot}${path === '/' ? '/' : path.split('/').map(encodeURIComponent).join('/')}`;
}

/** `{ snapshot, path }` from the address's hash, or undefined. */
export function parseHash(hash) {
  const m = /^#\/snapshot\/([0-9a-f]{8,64})(\/.*)$/.exec(hash);
  if (!m) return undefined;
  try {
    const path = m[2].split('/').map(decodeURIComponent).join('/');
    return { snapshot: m[1], path: path.length > 1 ? path.replace(/\/+$/, '') : '/' };
  } catch {
    return undefined; // a hand-edited address that does not decode
  }
}

function link(text, href, options = {}) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (options.download) a.setAttribute('download', '');
  if (options.label) a.setAttribute('aria-label', options.label);
  return a;
}

function td(...children) {
  const cell = document.createElement('td');
  cell.append(...children);
  return cell;
}

function breadcrumbs(list, snapshot, path) {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const items = [{ name: 'root', path: '/' }, ...parts.map((name, i) => ({ name, path: `/${parts.slice(0, i + 1).join('/')}` }))];
  list.replaceChildren(
    ...items.map((item, i) => {
      const li = document.createElement('li');
      if (i === items.length - 1) {
        const here = document.createElement('span');
        here.setAttribute('aria-current', 'location');
        here.textContent = item.name;
        li.append(here);
      } else {
        li.append(link(item.name, folderHref(snapshot, item.path)));
      }
      return li;
    }),
  );
}

/**
 * Shows a folder. `onSelect({ path, name })` is called with the folder itself, then with each
 * entry the reader selects for Restore.
 */
export async function showFolder(elements, snapshot, path, onSelect) {
  const { table, crumbs, hint, error } = elements;
  error.hidden = true;
  const listing = await getJson('/api/ls', { snapshot, path });
  hint.textContent = `Snapshot ${snapshot.slice(0, 8)}, folder ${path}${listing.truncated ? ' (the first 5000 entries)' : ''}.`;
  breadcrumbs(crumbs, snapshot, path);
  crumbs.parentElement.hidden = false;
  table.caption.textContent = `Folder ${path}`;

  const rows = listing.entries.map((entry) => {
    const tr = document.createElement('tr');
    const pick = document.createElement('input');
    pick.type = 'radio';
    pick.name = 'pick';
    pick.value = entry.path;
    pick.setAttribute('aria-label', `Select ${entry.name} for Restore`);
    pick.addEventListener('change', () => onSelect({ path: entry.path, name: entry.name }));
    const isDir = entry.type === 'dir';
    const name = isDir ? link(entry.name, folderHref(snapshot, entry.path)) : entry.type === 'file' ? link(entry.name, downloadUrl(snapshot, entry.path, 'file'), { download: true }) : document.createTextNode(`${entry.name} (${entry.type})`);
    const tar = isDir ? link('tar', downloadUrl(snapshot, entry.path, 'dir'), { download: true, label: `Download ${entry.name} as tar` }) : '';
    const size = td(isDir ? '' : bytes(entry.size));
    size.className = 'number';
    tr.append(td(pick), td(name), size, td(time(entry.mtime)), td(tar));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = false;
  onSelect({ path, name: path === '/' ? 'the whole snapshot' : path.split('/').at(-1) });
}
