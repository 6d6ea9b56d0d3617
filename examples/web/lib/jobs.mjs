// One restore or backup at a time: its state pushed to every page as it changes, Cancel
// through its AbortSignal, and after a cancel a check that restic left nothing behind.
import { ResticAbortedError } from 'resticjs';
import { describeError, HttpError } from './http.mjs';

/** At most this many progress events a second reach the pages. */
const EVENTS_PER_SECOND = 10;

/**
 * `repo`: the Restic; `hub`: the event hub; `watch`: the process watch. A job's state:
 * `{ kind, phase: 'idle'|'running'|'cancelling'|'done'|'cancelled'|'failed', percent, text }`.
 */
export function jobRunner({ repo, hub, watch }) {
  let state = { kind: null, phase: 'idle', percent: 0, text: 'Nothing running.' };
  let controller;
  let running;
  let lastEvent = 0;

  const publish = (patch) => {
    state = { ...state, ...patch };
    hub.publish('job', state);
  };

  /** What a cancel left behind: restic processes the job started, and locks in the repository. */
  async function leftBehind(job) {
    const processes = watch.running(job);
    const locks = await repo.list.locks().catch((error) => error);
    const lockText =
      locks instanceof Error
        ? `the locks could not be listed (${describeError(locks).error})`
        : locks.length === 0
          ? 'no lock left'
          : `${locks.length} lock${locks.length === 1 ? '' : 's'} left (${locks.map((id) => id.slice(0, 8)).join(', ')})`;
    const processText = processes.length === 0 ? 'no restic process left' : `restic still running (pid ${processes.join(', ')})`;
    return { clean: Array.isArray(locks) && locks.length === 0 && processes.length === 0, text: `Cancelled; ${lockText}, ${processText}.` };
  }

  return {
    current: () => state,

    /**
     * Starts `work(signal, progress)`, which resolves to the text shown when it is done;
     * `progress(fraction, text)` reports restic's progress.
     */
    start(kind, text, work) {
      if (running) throw new HttpError(409, 'Busy', `a ${state.kind} is running: cancel it or wait for it`);
      controller = new AbortController();
      const { signal } = controller;
      state = { kind, phase: 'running', percent: 0, text };
      hub.publish('job', state);
      const progress = (fraction, progressText) => {
        const now = Date.now();
        if (signal.aborted || now - lastEvent < 1000 / EVENTS_PER_SECOND) return;
        lastEvent = now;
        // restic reports what it has read; 100 waits for the end of the call.
        publish({ percent: Math.min(99, Math.max(0, Math.floor(fraction * 100))), text: progressText });
      };
      // The controller tags the job's restic processes, for the check after a cancel.
      const job = controller;
      running = watch
        .as(job, () => work(signal, progress))
        .then(
          (doneText) => publish({ phase: 'done', percent: 100, text: doneText }),
          async (error) => {
            if (signal.aborted && error instanceof ResticAbortedError) {
              const { clean, text: cancelText } = await leftBehind(job);
              publish({ phase: 'cancelled', text: cancelText, clean });
            } else {
              const { error: name, message } = describeError(error);
              publish({ phase: 'failed', text: `${name}: ${message}`, error: name });
            }
          },
        )
        .finally(() => {
          running = undefined;
          if (kind === 'backup') hub.publish('snapshots', {});
        });
      return state;
    },

    cancel() {
      if (!running || !controller) throw new HttpError(409, 'NothingRunning', 'nothing is running');
      publish({ phase: 'cancelling', text: 'Cancelling: stopping restic…' });
      controller.abort();
      return state;
    },

    /** Cancels what runs and waits for it to end (the server stops). */
    async stop() {
      controller?.abort();
      await running;
    },
  };
}
