// Runs test jobs (Node's test runner on some compiled files, with one Node binary and one
// environment each) at most `slots` at a time, in one pool for every Node, so that no Node
// waits for another's slowest file. Each job's output is held and printed whole when it ends,
// under a line that names its Node, its files and its restic versions.
import { spawn } from 'node:child_process';

/** `ℹ pass 12` and the like, the summary that the spec reporter ends each run with. */
const COUNT = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm;

function countsOf(output) {
  const counts = {};
  for (const [, name, n] of output.matchAll(COUNT)) counts[name] = (counts[name] ?? 0) + Number(n);
  return counts;
}

function runOne(job) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(job.command, job.args, { env: job.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.stack}\n`)));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ job, ok: code === 0, code: code ?? signal, seconds: (Date.now() - started) / 1000, counts: countsOf(output), output });
    });
  });
}

/** Runs `jobs` (`{ title, command, args, env }`) in order, `slots` at a time; resolves to their results, in order. */
export async function runPool(jobs, { slots, print = (text) => process.stdout.write(text) }) {
  const results = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const result = await runOne(jobs[index]);
      results[index] = result;
      done++;
      const mark = result.ok ? '✔' : `✖ (exit ${result.code})`;
      print(`\n━━ ${jobs[index].title}\n${result.output.trimEnd()}\n━━ ${mark} ${jobs[index].title}: ${result.seconds.toFixed(1)} s [${done}/${jobs.length}]\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, jobs.length) }, worker));
  return results;
}
