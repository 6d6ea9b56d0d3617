// What the tests of hostile repositories and servers share: a bound that turns a hang into a
// failure, and FIFOs that are let go after the test, so that a reader stuck on one (before a
// fix) does not keep the process alive.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

/** `promise`, or a failure naming `what` if it has not settled in a minute. Only a hang detector: the calls take milliseconds. */
export async function settled<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung`)), 60_000);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** FIFOs made for a test; `release()` opens each for writing once, which lets go a reader blocked on it. */
export function fifoMaker(): { make(path: string): void; release(): void } {
  const made: string[] = [];
  return {
    make(path) {
      execFileSync('mkfifo', [path]);
      made.push(path);
    },
    release() {
      for (const path of made.splice(0)) {
        try {
          closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // No reader waiting on it: nothing to let go.
        }
      }
    },
  };
}
