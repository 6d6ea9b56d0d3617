// Runs test jobs (Node's test runner on some compiled files, with one Node binary and one
// environment each) at most `slots` at a time, in one pool for every Node, so that no Node
// waits for another's slowest file. Each job's output is held and printed whole when it ends,
// under a line that names its Node, its files and its restic versions. As output is held, the
// pool says every two minutes which jobs still run, and a job that runs past its time limit is
// killed with everything it started (its own process group), so that no file can hang the run.
import { spawn } from 'node:child_process';

/** The longest one job may take: the whole of npm test's budget on a 2-core machine. */
const JOB_LIMIT_MS = Number(process.env.RESTIC_TEST_JOB_LIMIT_S ?? 15 * 60) * 1000;
const STILL_RUNNING_MS = 2 * 60 * 1000;

// Each job is the leader of its own process group (so that a kill reaches all it started), and
// so out of the terminal's: a Ctrl-C of npm test is passed on to every job still running.
const groups = new Set();
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // It ended meanwhile.
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const pid of groups) killGroup(pid);
    process.exit(130);
  });
}

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
    const child = spawn(job.command, job.args, { env: job.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks = [];
    if (child.pid !== undefined) groups.add(child.pid);
    const limit = setTimeout(() => {
      chunks.push(Buffer.from(`\n✖ killed after ${JOB_LIMIT_MS / 1000} s (RESTIC_TEST_JOB_LIMIT_S), with every process it started\n`));
      killGroup(child.pid);
    }, JOB_LIMIT_MS);
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.stack}\n`)));
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      groups.delete(child.pid);
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
  const running = new Map();
  const heartbeat = setInterval(() => {
    const now = Date.now();
    const list = [...running].map(([title, since]) => `${title} (${Math.round((now - since) / 1000)} s)`);
    if (list.length > 0) print(`… still running: ${list.join('; ')}\n`);
  }, STILL_RUNNING_MS);
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      running.set(jobs[index].title, Date.now());
      const result = await runOne(jobs[index]);
      running.delete(jobs[index].title);
      results[index] = result;
      done++;
      const mark = result.ok ? '✔' : `✖ (exit ${result.code})`;
      print(`\n━━ ${jobs[index].title}\n${result.output.trimEnd()}\n━━ ${mark} ${jobs[index].title}: ${result.seconds.toFixed(1)} s [${done}/${jobs.length}]\n`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(slots, jobs.length) }, worker));
  } finally {
    clearInterval(heartbeat);
  }
  return results;
}
