// The arguments `npm test` gives Node's test runner, in one place: the runner and the test
// that checks the runner's guard both use them.
import { fileURLToPath } from 'node:url';

const guard = fileURLToPath(new URL('./test-guard.mjs', import.meta.url));

/** `node` arguments that run `files` with the test guard loaded into each file's process. */
export function nodeTestArgs(files, { concurrency = 3 } = {}) {
  return ['--import', guard, '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files];
}
