import { existsSync, readFileSync } from 'node:fs';
import type { ProcessOutcome } from '../../src/process/restic-process.js';
import { fixturePath } from './binaries.js';

export const SERIES = ['0.14', '0.18', '0.19'] as const;

export interface Fixture {
  stdout: string;
  stderr: string;
  args: string[];
  exitCode: number;
  restic: string;
}

/** Real restic output recorded by scripts/record-fixtures.mjs. */
export function fixture(series: string, name: string): Fixture {
  const meta = fixturePath(series, `${name}.meta.json`);
  if (!existsSync(meta)) throw new Error(`fixture ${series}/${name} is missing: run node scripts/record-fixtures.mjs`);
  const { args, exitCode, restic } = JSON.parse(readFileSync(meta, 'utf8')) as { args: string[]; exitCode: number; restic: string };
  const read = (ext: string): string => (existsSync(fixturePath(series, `${name}.${ext}`)) ? readFileSync(fixturePath(series, `${name}.${ext}`), 'utf8') : '');
  return { stdout: read('stdout'), stderr: read('stderr'), args, exitCode, restic };
}

/** The outcome the process layer would report for a fixture. */
export function outcomeOf(f: Fixture): ProcessOutcome {
  return { exitCode: f.exitCode, signal: null, aborted: false, spawnError: undefined, stderr: f.stderr.replace(/\n$/, ''), args: f.args };
}
