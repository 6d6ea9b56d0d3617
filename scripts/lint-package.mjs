// Lints the package as npm would publish it: packs the built dist/ into a temporary folder
// and runs publint and @arethetypeswrong/cli on that one tarball. Both only read the file
// (a tarball path; no --pack, no --from-npm), so nothing is fetched from the registry.
// `npm run lint:package` builds first; `npm test` calls lintPackage() after its own build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function tool(bin, args) {
  const run = spawnSync(process.execPath, [realpathSync(join(root, 'node_modules', '.bin', bin)), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** Packs and lints; prints both tools' reports and resolves to true when neither has anything to say. */
export function lintPackage({ print = console.log } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'resticjs-lint-'));
  try {
    // --ignore-scripts: dist/ is built already; prepack would build it again.
    const pack = spawnSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) {
      print(`npm pack failed:\n${pack.stderr}`);
      return false;
    }
    const path = join(work, tarball);
    // --strict makes warnings errors. Suggestions leave the exit status at 0, so "All good!" is what says there are none.
    const publint = tool('publint', ['run', path, '--strict']);
    // The strict profile: every entry must resolve with its types under node10, node16 (from CJS and ESM) and bundler.
    const attw = tool('attw', [path, '--profile', 'strict', '--format', 'table-flipped', '--no-color']);
    print(`publint on ${tarball}:\n${publint.output}\n\n@arethetypeswrong/cli on ${tarball}:\n${attw.output}`);
    const ok = publint.status === 0 && /^All good!$/m.test(publint.output) && attw.status === 0 && /No problems found/.test(attw.output);
    print(ok ? 'package lint: no problems' : 'package lint: problems above');
    return ok;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(lintPackage() ? 0 : 1);
}
