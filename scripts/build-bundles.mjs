// Builds the two entries, each as an ESM and a CommonJS bundle:
// - the main entry (src/index.ts) into dist/{esm,cjs}/index.js. Its one import of the reader
//   (`reads: 'native'`, a dynamic import) points at the reader's own bundle, so that the main
//   bundle holds no reader code and loads it (and fzstd) only when an instance asks for it;
// - `resticjs/reader` (src/reader/index.ts) into dist/{esm,cjs}/reader.js. Its npm dependencies
//   stay external (installed beside resticjs), and the error classes come from the main bundle
//   (`./index.js`), so that `instanceof ResticError` and `instanceof WrongPasswordError` hold
//   across both entries.
import { build } from 'esbuild';
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
