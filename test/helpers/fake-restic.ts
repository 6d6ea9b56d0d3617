import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Restic } from '../../src/index.js';
import { spawnRecorder } from './spawn-recorder.js';

/**
 * An instance whose restic is a shell script: it prints `release` for `version`, `stdout` for
 * anything else, and exits 0. What the instance started is in `calls()`, as argv.
 */
export function fakeRestic(t: { after(fn: () => void): void }, release: string, stdout = ''): { restic: Restic; calls: () => (readonly string[])[] } {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-fake-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, 'restic');
  const output = join(dir, 'stdout');
  writeFileSync(output, stdout);
  writeFileSync(binary, `#!/bin/sh\nfor a in "$@"; do [ "$a" = version ] && echo "restic ${release} compiled with go1.22.0 on linux/amd64" && exit 0; done\ncat '${output}'\n`);
  chmodSync(binary, 0o755);
  const recorder = spawnRecorder();
  const restic = new Restic({ binaryPath: binary, repository: join(dir, 'repo'), password: 'pw', spawn: recorder.spawn });
  return { restic, calls: () => recorder.calls.map((c) => c.args) };
}
