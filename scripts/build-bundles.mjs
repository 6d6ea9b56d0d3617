// Builds the two entries, each as an ESM and a CommonJS bundle:
// - the main entry (src/index.ts) into dist/{esm,cjs}/index.js. Its one import of the reader
//   (`reads: 'native'`, a dynamic import) points at the reader's own bundle, so that the main
//   bundle holds no reader code and loads it (and fzstd) only when an instance asks for it;
// - `resticjs/reader` (src/reader/index.ts) into dist/{esm,cjs}/reader.js. Its npm dependencies
//   stay external (installed beside resticjs), and the error classes come from the main bundle
//   (`./index.js`), so that `instanceof ResticError` and `instanceof WrongPasswordError` hold
//   across both entries.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A plugin that turns the import of one source file into an import of `replacement` beside the bundle, left external. */
function externalize(name, filter, file, replacement) {
  const target = resolve(root, file);
  return {
    name,
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter }, (args) => (resolve(args.resolveDir, args.path) === target ? { path: replacement, external: true } : undefined));
    },
  };
}

const base = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

const main = { ...base, entryPoints: ['src/index.ts'], plugins: [externalize('reader-as-own-bundle', /\/reader\/index\.js$/, 'src/reader/index.js', './reader.js')] };
await build({ ...main, format: 'esm', outfile: 'dist/esm/index.js' });
await build({ ...main, format: 'cjs', outfile: 'dist/cjs/index.js' });

const reader = { ...base, entryPoints: ['src/reader/index.ts'], external: ['fzstd'], plugins: [externalize('share-main-entry', /\/errors\.js$/, 'src/errors.js', './index.js')] };
await build({ ...reader, format: 'esm', outfile: 'dist/esm/reader.js' });
await build({ ...reader, format: 'cjs', outfile: 'dist/cjs/reader.js' });

// Node holds a source file's text as one byte a character when it is all ASCII, and as two
// when any character is not: a bundle of 150 kB then costs 150 kB more at every import, enough
// to set off a garbage collection inside `import resticjs` (npm run bench -- --only startup).
// esbuild escapes strings and templates itself, but leaves regular expressions and comments as
// written; there, an escape `\uXXXX` means the same character.
for (const file of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/esm/reader.js', 'dist/cjs/reader.js']) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
