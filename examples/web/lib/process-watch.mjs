// The restic processes this server has started and that are still running, counted through
// the `spawn` setting of a Restic (child_process.spawn, watched).
import { spawn as nodeSpawn } from 'node:child_process';

export function processWatch() {
  const running = new Set();
  return {
    /** Give this as a Restic's `spawn` setting. */
    spawn(command, args, options) {
      const child = nodeSpawn(command, args, options);
      running.add(child);
      const done = () => running.delete(child);
      child.once('exit', done);
      child.once('error', done);
      return child;
    },
    /** The process IDs of those still running. */
    running: () => [...running].filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid),
  };
}
