// The activity log: every restic run the server's Restic starts, from the library's onCommand
// hook, kept for the page as the last few runs and streamed as Server-Sent Events.
import { eventHub } from './events.mjs';

const KEPT = 50;

/** The run as the page shows it: no Date objects, argv as restic got it (secrets already masked by resticjs). */
function entry(event) {
  const { type, id, command, argv, startedAt, durationMs, exitCode, signal, error } = event;
  return { type, id, command, argv, startedAt: startedAt.toISOString(), durationMs, exitCode, signal, error };
}

export function activityLog() {
  const hub = eventHub();
  /** The latest state of each recent run, by id, oldest first. */
  const recent = new Map();
  return {
    /** The Restic instance's `onCommand` setting. */
    onCommand(event) {
      const run = entry(event);
      recent.set(run.id, run);
      if (recent.size > KEPT) recent.delete(recent.keys().next().value);
      hub.publish('run', run);
    },
    /** An event stream: the recent runs, then each start and end as it comes. */
    handle(req, res) {
      hub.subscribe(req, res, [...recent.values()].map((run) => ['run', run]));
    },
    close() {
      hub.close();
    },
  };
}
