// The restic processes this server has started and that are still running, counted through
// the `spawn` setting of a Restic (child_process.spawn, watched). Each is tagged with the
// owner of the call that started it (AsyncLocalStorage follows the call's awaits), so that
// a job counts its own processes, not a download's in another tab.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn as nodeSpawn } from 'node:child_process';

export function processWatch() {
  const owners = new AsyncLocalStorage();
  const running = new Map();
  return {
    /** Give this as a Restic's `spawn` setting. */
    spawn(command, args, options) {
      const child = nodeSpawn(command, args, options);
      running.set(child, owners.getStore());
      const done = () => running.delete(child);
      child.once('exit', done);
      child.once('error', done);
      return child;
    },
    /** Runs `work()`, tagging the processes it starts with `owner`. */
    as: (owner, work) => owners.run(owner, work),
    /** The process IDs of those still running, of one owner if given. */
    running: (owner) =>
      [...running]
        .filter(([c, tag]) => (owner === undefined || tag === owner) && c.exitCode === null && c.signalCode === null)
        .map(([c]) => c.pid),
  };
}
