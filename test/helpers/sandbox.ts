import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { Restic, type ResticOptions } from '../../src/index.js';
import type { ResticBinary } from './binaries.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface Sandbox {
  /** A temporary folder for this test, removed when the test ends. */
  dir: string;
  /** The repository path (not created until `init`). */
  repo: string;
  /** An instance on `repo` with TEST_PASSWORD and a private cache. */
  restic: Restic;
  /** Writes files under `dir/data` (relative names), creating folders; returns the data folder. */
  writeData(files: Record<string, string | Buffer>): string;
  /** Another instance with the same repository and different settings. */
  with(options: ResticOptions): Restic;
}

/** A fresh temporary folder and repository for one test, cleaned up after it. */
export function sandbox(t: TestContext | { after: (fn: () => void) => void }, binary: ResticBinary, options: ResticOptions = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `resticjs-${binary.series}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'repo');
  const base: ResticOptions = { binaryPath: binary.path, repository: repo, password: TEST_PASSWORD, cacheDir: join(dir, 'cache'), ...options };
  const restic = new Restic(base);
  return {
    dir,
    repo,
    restic,
    writeData(files) {
      const data = join(dir, 'data');
      for (const [name, content] of Object.entries(files)) {
        const path = join(data, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
      mkdirSync(data, { recursive: true });
      return data;
    },
    with(more) {
      return new Restic({ ...base, ...more });
    },
  };
}
