// The first line a test server prints once it listens (its ports, as JSON), read from its
// stdout; an error if it exits first or says nothing for 15 s. Its stdout is drained after.
import type { ChildProcess } from 'node:child_process';

export function readyLine<T>(child: ChildProcess, what: string, timeoutMs = 15_000): Promise<T> {
  const stdout = child.stdout;
  if (!stdout) return Promise.reject(new Error(`${what}: no stdout to read its ports from`));
  return new Promise<T>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      if (!out.includes('\n')) return;
      try {
        finish(undefined, JSON.parse(out.slice(0, out.indexOf('\n'))) as T);
      } catch (error) {
        finish(error as Error);
      }
    };
    const onExit = (code: number | null): void => finish(new Error(`${what} exited early (code ${code})`));
    function finish(error?: Error, value?: T): void {
      clearTimeout(timer);
      stdout!.off('data', onData);
      child.off('exit', onExit);
      stdout!.resume();
      if (error) reject(error);
      else resolve(value!);
    }
    stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
