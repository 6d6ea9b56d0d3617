// ACTIVITY LOG: NOT WIRED YET.
//
// The activity panel is to list every restic run, from the library's coming `onCommand`
// hook (`{ type: 'start'|'end', id, command, argv, startedAt, durationMs?, exitCode?,
// signal?, error? }`). Until the hook exists, this route answers 501 and the panel says so.
// See examples/web/README.md, "Activity log", for the three places to wire.
import { sendJson } from './http.mjs';

export function activityLog() {
  return {
    // ACTIVITY LOG: the Restic instance will get this as its `onCommand` setting (server.mjs).
    onCommand: undefined,
    // ACTIVITY LOG: will be an event stream (hub.subscribe) of the recent runs, then each new one.
    handle(req, res) {
      sendJson(res, 501, { error: 'NotImplemented', message: 'the activity log waits for the onCommand hook of resticjs' });
    },
  };
}
