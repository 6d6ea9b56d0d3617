// Browse and restore a restic repository in a web page, built on resticjs's public API only.
//
//   npm run example:web                      a demo repository, made in a temporary folder
//   npm run example:web -- --repo /backups/repo --password-file ~/.restic-pw \
//       --restore-root ~/restored --backup ~/Documents
//
// It listens on 127.0.0.1 only and prints the address to open, with a token every request
// needs. examples/web/README.md describes the page and the security model.
// restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { Restic } from 'resticjs';
import { activityLog } from './lib/activity.mjs';
import { actions as makeActions } from './lib/actions.mjs';
import { createAuth } from './lib/auth.mjs';
import { createDemo, DEMO_UPLOAD_LIMIT } from './lib/demo-repo.mjs';
import { eventHub } from './lib/events.mjs';
import { requestHandler } from './lib/handler.mjs';
import { jobRunner } from './lib/jobs.mjs';
import { processWatch } from './lib/process-watch.mjs';
import { realRoot } from './lib/restore-target.mjs';
import { apiRoutes } from './lib/routes.mjs';
import { publicLocation, readSettings, resticBinary, UsageError } from './lib/settings.mjs';
import { staticFiles } from './lib/static.mjs';

let settings;
try {
  settings = readSettings(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(error.message.endsWith('\n') ? error.message : `${error.message}\n`);
  process.exit(2);
}
const binaryPath = resticBinary(process.env);

// Ctrl-C during start-up: the restic calls stop (their AbortSignal) and the demo folder,
// with its password file, goes. Once the server runs, stop() below takes over.
const starting = new AbortController();
let demo;
let onSignal = (signal) => {
  console.log(`${signal}: stopping`);
  starting.abort();
};
process.on('SIGINT', () => void onSignal('SIGINT'));
process.on('SIGTERM', () => void onSignal('SIGTERM'));
/** Ends the start-up here if a signal came during the last step. */
function stopIfSignalled() {
  if (!starting.signal.aborted) return;
  demo?.remove();
  process.exit(130);
}

if (settings.demo) {
  console.log('creating a demo repository…');
  try {
    demo = await createDemo(binaryPath, starting.signal);
  } catch (error) {
    stopIfSignalled();
    throw error;
  }
  settings.restic = { repository: demo.repository, passwordFile: demo.passwordFile, cacheDir: demo.cacheDir, limitUpload: DEMO_UPLOAD_LIMIT };
  settings.restoreRoot ??= demo.restoreRoot;
  if (settings.backupPaths.length === 0) settings.backupPaths = [demo.data];
  settings.host ??= demo.host;
}

const watch = processWatch();
const activity = activityLog();
const repo = new Restic({
  binaryPath,
  ...settings.restic,
  // Snapshots, folder listings and file downloads through the native reader: one key
  // derivation at the first read, then no restic process per click. Folders as tar, restore
  // and backup run restic. Backends the reader lacks fall back to restic by themselves.
  reads: 'native',
  spawn: watch.spawn,
  // Every restic run, as it starts and ends, for the page's activity log.
  onCommand: activity.onCommand,
});

let version;
let restoreRoot;
try {
  version = (await repo.version({ signal: starting.signal })).restic_version;
  restoreRoot = settings.restoreRoot === undefined ? undefined : await realRoot(resolve(settings.restoreRoot));
} catch (error) {
  stopIfSignalled();
  console.error(`cannot start: ${error.name}: ${error.message.split('\n')[0]}`);
  demo?.remove();
  process.exit(1);
}
const backupPaths = settings.backupPaths.map((path) => resolve(path));

const hub = eventHub();
const jobs = jobRunner({ repo, hub, watch });
const actions = makeActions({ repo, jobs, restoreRoot, backupPaths, host: settings.host, version });
const info = {
  restic: version,
  repository: publicLocation(settings.restic),
  demo: Boolean(demo),
  restoreRoot: restoreRoot ?? null,
  backupPaths,
  restoreProgress: actions.restoreProgress,
};
const route = apiRoutes({ repo, hub, jobs, actions, info, activity });
const files = staticFiles(new URL('./public/', import.meta.url));

const server = createServer();
await new Promise((done, fail) => {
  server.once('error', fail);
  server.listen(settings.port, '127.0.0.1', done);
});
stopIfSignalled();
const { port } = server.address();
const auth = createAuth(port);
server.on('request', requestHandler({ port, auth, files, route }));

console.log(`restic ${version}, repository ${info.repository}`);
if (demo) console.log(`demo folder: ${demo.folder} (removed on exit)\ndemo password file: ${demo.passwordFile}`);
console.log(`restore root: ${restoreRoot ?? '(none: Restore is off; give --restore-root)'}`);
console.log(`back up now: ${backupPaths.join(' ') || '(none: Back up now is off; give --backup)'}`);
console.log(`open http://127.0.0.1:${port}/?token=${auth.token}`);

// Open the reader now (one key derivation), so that the first page shows at once; a wrong
// password is shown to the page as WrongPasswordError when it asks.
repo.snapshots().catch((error) => {
  if (!stopping) console.error(`the repository does not open: ${error.name}`);
});

let stopping = false;
onSignal = async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await jobs.stop();
  hub.close();
  activity.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  // Zeroes the native reader's key and waits for what it still reads, before the exit.
  await repo[Symbol.asyncDispose]();
  demo?.remove();
  process.exit(0);
};
