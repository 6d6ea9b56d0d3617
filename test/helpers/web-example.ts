// The web example (examples/web/server.mjs) as a child process, for its browser test: started
// in demo mode, its printed facts read back, stopped (and its demo folder removed) after.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { projectRoot, type ResticBinary } from './binaries.js';

export interface WebExample {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  token: string;
  /** The address printed at start, with the token. */
  url: string;
  demoFolder: string;
  repository: string;
  passwordFile: string;
  restoreRoot: string;
  /** The generated folder the demo's snapshots hold (and "Back up now" backs up). */
  data: string;
  /** What the server printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
}

const field = (text: string, pattern: RegExp): string => {
  const value = pattern.exec(text)?.[1];
  if (value === undefined) throw new Error(`the web example did not print ${pattern}:\n${text}`);
  return value;
};

/** The environment without the developer's RESTIC_* variables, which would change the demo. */
const withoutResticVariables = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('RESTIC_')));

/** Starts the demo; resolves once it prints its address. Stopped after the test whatever happens. */
export async function startWebExample(t: TestContext, binary: ResticBinary): Promise<WebExample> {
  const child = spawn(process.execPath, [join(projectRoot, 'examples', 'web', 'server.mjs')], {
    env: { ...withoutResticVariables(process.env), RESTIC_BIN: binary.path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let demoFolder: string | undefined;

  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code] = await exited;
    clearTimeout(timer);
    return code;
  };
  t.after(async () => {
    await stop();
    // Removed by the server on SIGTERM; here in case it was killed.
    if (demoFolder) rmSync(demoFolder, { recursive: true, force: true });
  });

  const deadline = Date.now() + 60_000;
  while (!/^open http/m.test(output)) {
    if (child.exitCode !== null) throw new Error(`the web example exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the web example did not start in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  demoFolder = field(output, /^demo folder: (\S+)/m);
  const url = field(output, /^open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m);
  return {
    child,
    url,
    origin: new URL(url).origin,
    token: new URL(url).searchParams.get('token') ?? '',
    demoFolder,
    repository: field(output, /, repository (\S+)$/m),
    passwordFile: field(output, /^demo password file: (\S+)$/m),
    restoreRoot: field(output, /^restore root: (\S+)$/m),
    data: field(output, /^back up now: (\S+)$/m),
    output: () => output,
    stop,
  };
}

/** The process IDs of the restic processes whose parent is `pid` (read from /proc). */
export function resticChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid && comm === 'restic') found.push(Number(entry));
  }
  return found;
}
