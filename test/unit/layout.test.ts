import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// The layout CONTRIBUTING.md describes, checked on the sources (the tests run from build/).
const SRC = join(process.cwd(), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The project files a source imports, relative to src/ (`errors.ts`, `reader/backend/rest.ts`). */
function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)].map((m) => relative(SRC, resolve(dirname(path), (m[1] as string).replace(/\.js$/, '.ts'))));
}

test('no file in src/ is over 400 lines', () => {
  for (const path of sources(SRC)) {
    const lines = readFileSync(path, 'utf8').split('\n').length - 1;
    assert.ok(lines <= 400, `${relative(SRC, path)} has ${lines} lines`);
  }
});

test('the reader imports nothing outside src/reader/ but errors, result types and src/shared/', () => {
  const allowed = (target: string): boolean => target.startsWith('reader/') || target === 'errors.ts' || target.startsWith('types/') || target.startsWith('shared/');
  for (const path of sources(join(SRC, 'reader'))) {
    for (const target of imports(path)) assert.ok(allowed(target), `${relative(SRC, path)} imports ${target}`);
  }
});

test('src/shared/ and src/options/ sit below both read paths; commands know nothing of child_process', () => {
  for (const dir of ['shared', 'options']) {
    for (const path of sources(join(SRC, dir))) {
      for (const target of imports(path)) {
        assert.ok(!/^(commands|reader|process)\/|^(restic|executor|native-reads)\.ts$/.test(target), `${relative(SRC, path)} imports ${target}`);
      }
    }
  }
  for (const path of sources(join(SRC, 'commands'))) {
    assert.doesNotMatch(readFileSync(path, 'utf8'), /from 'node:child_process'/, relative(SRC, path));
  }
});
