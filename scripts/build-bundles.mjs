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

const root = new URL('..', import.meta.url).pathname;
const sharedErrors = resolve(root, 'src', 'errors.js');

/** @type {import('esbuild').Plugin} */
const shareMainEntry = {
  name: 'share-main-entry',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/errors\.js$/ }, (args) => {
      if (resolve(args.resolveDir, args.path) === sharedErrors) return { path: './index.js', external: true };
      return undefined;
    });
  },
};

/** @type {import('esbuild').Plugin} */
const readerAsOwnBundle = {
  name: 'reader-as-own-bundle',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/reader\/index\.js$/ }, (args) => {
      if (resolve(args.resolveDir, args.path) === resolve(root, 'src', 'reader', 'index.js')) return { path: './reader.js', external: true };
      return undefined;
    });
  },
};

const main = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [readerAsOwnBundle],
  logLevel: 'warning',
};
await build({ ...main, format: 'esm', outfile: 'dist/esm/index.js' });
await build({ ...main, format: 'cjs', outfile: 'dist/cjs/index.js' });

const common = {
  absWorkingDir: root,
  entryPoints: ['src/reader/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['fzstd'],
  plugins: [shareMainEntry],
  logLevel: 'warning',
};
await build({ ...common, format: 'esm', outfile: 'dist/esm/reader.js' });
await build({ ...common, format: 'cjs', outfile: 'dist/cjs/reader.js' });
