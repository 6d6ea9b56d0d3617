import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newestRestic, projectRoot } from '../helpers/binaries.js';

// What a user gets: `npm pack`, installed into a fresh project, used through import, require and TypeScript.
test('the packed package works through ESM import, CommonJS require and its type declarations', { timeout: 180_000 }, (t) => {
  const work = mkdtempSync(join(tmpdir(), 'resticjs-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  // An empty npm cache of its own, as on a fresh machine: the install must not lean on what this one kept.
  const npmEnv = { ...process.env, npm_config_cache: join(work, 'npm-cache') };
  const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // --ignore-scripts: the test runner has built dist already, and prepack's rebuild would pull it from under the tests running beside this one.
  npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', work], projectRoot);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const listing = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' });
  assert.ok(!/package\/(src|test|\.restic)\//.test(listing), 'only the build is published');

  const app = join(work, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  npm(['install', '--silent', '--no-audit', '--no-fund', join(work, tarball)], app);

  const { path: bin, series } = newestRestic();
  writeFileSync(
    join(app, 'esm.mjs'),
    `import { Restic, restic, ResticError, WrongPasswordError } from 'resticjs';
     const v = await new Restic({ binaryPath: ${JSON.stringify(bin)} }).version();
     if (typeof restic.backup !== 'function' || !(new WrongPasswordError('x') instanceof ResticError)) throw new Error('exports');
     console.log('esm', v.restic_version);`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `const { Restic, restic, ResticError } = require('resticjs');
     new Restic({ binaryPath: ${JSON.stringify(bin)} }).version().then((v) => {
       if (typeof restic.snapshots !== 'function' || typeof ResticError !== 'function') throw new Error('exports');
       console.log('cjs', v.restic_version);
     });`,
  );
  writeFileSync(
    join(app, 'types.mts'),
    `import { Restic, restic, type BackupSummary, type SnapshotGroup } from 'resticjs';
     const r: Restic = new Restic({ repository: '/tmp/repo', password: 'x' });
     restic.repository = '/tmp/repo';
     async function f(): Promise<number> {
       const s: BackupSummary = await r.backup({ paths: ['/tmp'], onProgress: (p) => void p.percent_done });
       const groups: SnapshotGroup[] = await r.snapshots({ groupBy: ['host'] });
       return s.files_new + groups.length;
     }
     void f;`,
  );
  writeFileSync(join(app, 'types-cjs.cts'), `import resticjs = require('resticjs'); const r: resticjs.Restic = new resticjs.Restic(); void r.version;`);
  // `esm 0.19.1`: the restic release, cut to its series.
  const seriesOf = (out: string): string => out.trim().split('.').slice(0, 2).join('.');
  assert.equal(seriesOf(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' })), `esm ${series}`);
  assert.equal(seriesOf(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' })), `cjs ${series}`);
  // reads: 'native' loads the reader's own bundle from the main one, from CommonJS too.
  const repo = join(work, 'repo');
  const env = { ...process.env, RESTIC_PASSWORD: 'pw', RESTIC_REPOSITORY: repo, RESTIC_CACHE_DIR: join(work, 'cache') };
  execFileSync(bin, ['init', '-q'], { env });
  execFileSync(bin, ['backup', '-q', join(projectRoot, 'LICENSE')], { env });
  writeFileSync(
    join(app, 'native.cjs'),
    `const { Restic } = require('resticjs');
     const r = new Restic({ binaryPath: ${JSON.stringify(bin)}, repository: ${JSON.stringify(repo)}, password: 'pw', reads: 'native' });
     r.snapshots().then((s) => { console.log('native', s.length); r.close(); });`,
  );
  assert.match(execFileSync(process.execPath, ['native.cjs'], { cwd: app, encoding: 'utf8' }), /^native 1$/m);
  const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const typeRoots = join(projectRoot, 'node_modules', '@types');
  for (const file of ['types.mts', 'types-cjs.cts']) {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', typeRoots, '--types', 'node', file], {
      cwd: app,
      encoding: 'utf8',
    });
  }
});
