import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runInContext, createContext, type Context } from 'node:vm';
import { transform } from 'esbuild';
import { Restic } from '../../src/index.js';
import { ResticReader } from '../../src/reader/index.js';
import { projectRoot } from '../helpers/binaries.js';

// `await using` on Restic and ResticReader. This file is compiled by tsc with the project's
// target (ES2022, which has no `using`), so the blocks below run through TypeScript's own
// lowering, as a consumer's code built for Node 20 does. ResticReader's, on a real repository,
// is in test/e2e/hooks.test.ts.

test('await using calls close() when the block ends, and when it throws', async () => {
  let closes = 0;
  const watched = (): Restic => {
    const repo = new Restic({ repository: '/nonexistent/repo', reads: 'native' });
    repo.close = function close(this: Restic) {
      closes++;
      Restic.prototype.close.call(this);
    };
    return repo;
  };
  {
    await using repo = watched();
    assert.equal(repo.reads, 'native');
    assert.equal(closes, 0);
  }
  assert.equal(closes, 1);
  await assert.rejects(async () => {
    await using repo = watched();
    void repo;
    throw new Error('the block failed');
  }, /the block failed/);
  assert.equal(closes, 2);
});

test('only the asynchronous form: closing releases files and connections, or waits for a reader still opening', () => {
  for (const prototype of [Restic.prototype, ResticReader.prototype]) {
    assert.equal(typeof prototype[Symbol.asyncDispose], 'function');
    assert.equal(Symbol.dispose in prototype, false);
    assert.equal(Object.keys(prototype).length, 0, 'not enumerable, as a method');
  }
});

/** The CommonJS bundles of dist/, evaluated in a realm of their own. */
function loadBundle(file: string, realm: Context): Record<string, unknown> {
  const requireOutside = createRequire(join(projectRoot, 'package.json'));
  const module = { exports: {} as Record<string, unknown> };
  const requireInside = (id: string): unknown => (id.startsWith('./') ? loadBundle(join(dirname(file), id), realm) : requireOutside(id));
  const wrapped = runInContext(`(function (exports, require, module) {${readFileSync(file, 'utf8')}\n})`, realm) as (...args: unknown[]) => void;
  wrapped(module.exports, requireInside, module);
  return module.exports;
}

// Node 24's V8 has the symbol in every realm, so a realm without it can be made only on 20 and 22.
const WITHOUT_SYMBOL = runInContext('typeof Symbol.asyncDispose', createContext({})) === 'undefined';

test('a runtime without Symbol.asyncDispose (Node 20.0 to 20.3): the registered symbol, which esbuild\'s lowering finds', { skip: WITHOUT_SYMBOL ? false : 'this V8 has Symbol.asyncDispose in every realm: tested on Node 20 and 22' }, async () => {
  // A new realm has V8's Symbol without the symbol Node 20 adds to its main realm: as on Node 20.0.
  const realm = createContext({ process, Buffer, setTimeout, clearTimeout, setImmediate, URL, TextDecoder, TextEncoder, AbortController, AbortSignal });
  assert.equal(runInContext('typeof Symbol.asyncDispose', realm), 'undefined');
  const main = loadBundle(join(projectRoot, 'dist', 'cjs', 'index.js'), realm) as { Restic: typeof Restic };
  const reader = loadBundle(join(projectRoot, 'dist', 'cjs', 'reader.js'), realm) as { ResticReader: typeof ResticReader };
  const registered = Symbol.for('Symbol.asyncDispose');
  assert.equal(typeof (main.Restic.prototype as unknown as Record<symbol, unknown>)[registered], 'function');
  assert.equal(typeof (reader.ResticReader.prototype as unknown as Record<symbol, unknown>)[registered], 'function');
  assert.equal(runInContext('typeof Symbol.asyncDispose', realm), 'undefined', 'the global Symbol is left alone');

  const lowered = await transform('module.exports = async (value) => { await using held = value; };', { loader: 'ts', format: 'cjs', target: 'node20' });
  const module = { exports: undefined as unknown };
  (runInContext(`(function (module) {${lowered.code}\n})`, realm) as (m: typeof module) => void)(module);
  const repo = new main.Restic({ repository: '/nonexistent/repo' });
  let closes = 0;
  repo.close = () => void closes++;
  await (module.exports as (value: unknown) => Promise<void>)(repo);
  assert.equal(closes, 1);
});
