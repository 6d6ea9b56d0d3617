// The activity log: each restic run the server starts, newest first, as the library's
// onCommand hook reports it (argv arrives with every secret already masked).

/** "exit 0 in 12 ms", "running", "SIGINT after 2.1 s: ResticAbortedError". */
function outcome(run) {
  if (run.type === 'start') return 'running';
  const took = run.durationMs < 1000 ? `${run.durationMs} ms` : `${(run.durationMs / 1000).toFixed(1)} s`;
  const how = run.exitCode === null ? (run.signal ?? 'not started') : `exit ${run.exitCode}`;
  return `${how} in ${took}${run.error ? `: ${run.error}` : ''}`;
}

/** Fills `list` from /api/activity, keeping one row per run. */
export function followActivity(list) {
  const rows = new Map();
  const events = new EventSource('/api/activity');
  events.addEventListener('run', (message) => {
    const run = JSON.parse(message.data);
    let row = rows.get(run.id);
    if (!row) {
      row = document.createElement('li');
      rows.set(run.id, row);
      list.prepend(row);
    }
    row.className = run.type === 'start' ? 'running' : run.error ? 'failed' : 'done';
    const command = document.createElement('strong');
    command.textContent = run.command;
    const argv = document.createElement('code');
    argv.textContent = run.argv.join(' ');
    row.replaceChildren(command, ' ', outcome(run), ' ', argv);
  });
}
