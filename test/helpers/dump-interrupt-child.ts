// Run by test/e2e/reader-interrupt.test.ts in a child process, so that an unhandled rejection
// (which ends a Node process with exit code 1) is seen as such: dumps a folder and a file of
// several blobs, stops reading after k chunks for every k, then closes the reader, lets its
// idle timeout fire, or aborts, and reads on. Prints one JSON line per round: what the rest of
// the stream did.
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { Restic } from '../../src/index.js';
import { ResticReader } from '../../src/reader/index.js';

interface Job {
  repository: string;
  password: string;
  binaryPath: string;
  paths: string[];
  mode: 'close' | 'idle' | 'abort' | 'restic-abort';
  rounds: number;
}

const job = JSON.parse(process.argv[2]!) as Job;

/** Reads k chunks, lets the stream read ahead and pause, interrupts, then reads on. */
async function round(stream: Readable, k: number, interrupt: () => Promise<void>): Promise<string> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (let i = 0; i < k; i++) if ((await chunks.next()).done) return 'complete';
    // The stream fills its buffer up to its high-water mark and leaves its source suspended.
    for (let i = 0; i < 5; i++) await tick();
    await interrupt();
    while (!(await chunks.next()).done);
    return 'complete';
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

async function main(): Promise<void> {
  const open = (more = {}): Promise<ResticReader> => ResticReader.open({ repository: job.repository, password: job.password, ...more });
  let shared: ResticReader | undefined;
  for (const path of job.paths) {
    for (let k = 0; k < job.rounds; k++) {
      let outcome: string;
      if (job.mode === 'abort') {
        shared ??= await open();
        const controller = new AbortController();
        outcome = await round(shared.dump('latest', path, { signal: controller.signal }), k, async () => controller.abort());
      } else if (job.mode === 'restic-abort') {
        const restic = new Restic({ binaryPath: job.binaryPath, repository: job.repository, password: job.password, reads: 'native' });
        const controller = new AbortController();
        outcome = await round(restic.dump('latest', path, { signal: controller.signal }), k, async () => controller.abort());
        restic.close();
      } else if (job.mode === 'idle') {
        const reader = await open({ idleTimeoutMs: 20 });
        outcome = await round(reader.dump('latest', path), k, () => sleep(200));
        reader.close();
      } else {
        const reader = await open();
        outcome = await round(reader.dump('latest', path), k, async () => reader.close());
      }
      console.log(JSON.stringify({ path, k, outcome }));
      if (outcome === 'complete') break;
    }
  }
  shared?.close();
}

await main();
