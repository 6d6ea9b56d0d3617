// The page: repository facts, the snapshots (table and chart), the folder being browsed
// (from the address's hash), and the action panel.
import { describe, getJson } from './api.js';
import { actionsPanel } from './actions.js';
import { followActivity } from './activity.js';
import { parseHash, showFolder } from './browse.js';
import { drawGrowth } from './chart.js';
import { markCurrent, renderSnapshots } from './snapshots.js';

const $ = (id) => document.getElementById(id);

function showError(element, error) {
  element.textContent = describe(error);
  element.hidden = false;
}

async function loadSnapshots() {
  try {
    const { snapshots } = await getJson('/api/snapshots');
    renderSnapshots($('snapshots'), $('summary-note'), snapshots);
    drawGrowth($('growth-chart'), snapshots);
    $('snapshots-error').hidden = true;
    markCurrent($('snapshots'), parseHash(location.hash)?.snapshot);
  } catch (error) {
    showError($('snapshots-error'), error);
  }
}

async function start() {
  let info;
  try {
    info = await getJson('/api/info');
  } catch (error) {
    $('repo-info').textContent = describe(error);
    return;
  }
  $('repo-info').textContent = `${info.repository} · restic ${info.restic}${info.demo ? ' · demo repository' : ''}`;
  $('restore-root').textContent = info.restoreRoot ?? '(none given: restore is off)';
  $('backup-paths').textContent = info.backupPaths.join(', ') || '(none given: backup is off)';

  const panel = actionsPanel(
    {
      form: $('restore-form'),
      target: $('restore-target'),
      what: $('restore-what'),
      from: $('restore-snapshot'),
      restoreButton: $('restore-button'),
      backupButton: $('backup-button'),
      cancelButton: $('cancel-button'),
      bar: $('progress'),
      fill: $('progress-fill'),
      status: $('status'),
    },
    info,
    loadSnapshots,
  );

  const browse = async () => {
    const place = parseHash(location.hash);
    markCurrent($('snapshots'), place?.snapshot);
    if (!place) return;
    try {
      const elements = { table: $('listing'), crumbs: $('breadcrumbs'), hint: $('browse-hint'), error: $('browse-error') };
      await showFolder(elements, place.snapshot, place.path, (picked) => panel.select({ snapshot: place.snapshot, ...picked }));
    } catch (error) {
      showError($('browse-error'), error);
    }
  };
  window.addEventListener('hashchange', () => void browse());
  await Promise.all([loadSnapshots(), browse()]);
  followActivity($('activity-list'));
}

void start();
