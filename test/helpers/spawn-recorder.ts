import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { SpawnFunction } from '../../src/index.js';

export interface SpawnedCall {
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  /** `/proc/<pid>/cmdline` right after the start: what any user of the machine could read. */
  cmdline: string;
}

/** A `spawn` for the library that records what it started; `uid`/`gid` run restic as another user. */
export function spawnRecorder(as: { uid?: number; gid?: number } = {}): { spawn: SpawnFunction; calls: SpawnedCall[]; children: ChildProcess[]; commands(): string[] } {
  const calls: SpawnedCall[] = [];
  return {
    calls,
    get children() {
      return calls.map((c) => c.child);
    },
    /** The restic commands started (the first argument that is not a flag), but the version checks. */
    commands() {
      return calls.map((c) => c.args.find((a) => !a.startsWith('-')) ?? '').filter((command) => command !== 'version');
    },
    spawn: (command, args, options) => {
      const child = spawn(command, args, { ...options, ...as });
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        // already gone, or never started
      }
      calls.push({ args, env: options.env ?? {}, child, cmdline });
      return child;
    },
  };
}

export const hasExited = (child: ChildProcess | undefined): boolean => child !== undefined && (child.exitCode !== null || child.signalCode !== null);
