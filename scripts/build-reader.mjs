// Builds the `resticjs/reader` entry (src/reader/index.ts) into dist/esm/reader.js and
// dist/cjs/reader.js. Its npm dependencies stay external (installed beside resticjs), and the
// error classes come from the main bundle (`./index.js`), so that `instanceof ResticError` and
// `instanceof WrongPasswordError` hold across both entries.
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
