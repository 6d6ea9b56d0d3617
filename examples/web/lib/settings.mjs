// The command line and restic's own environment variables, turned into the server's settings.
//
// Flags win over variables; variables are read as restic reads them (RESTIC_REPOSITORY, …),
// and put on the Restic instance itself, so that its native reads see them too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: npm run example:web [-- options]

  (no repository)              serve a demo repository made in a temporary folder
                               (then no password or cache setting either)
  --repo <location>            a repository (or RESTIC_REPOSITORY)
  --repository-file <file>     a file naming it (or RESTIC_REPOSITORY_FILE)
  --password-file <file>       its password (or RESTIC_PASSWORD_FILE, RESTIC_PASSWORD,
                               RESTIC_PASSWORD_COMMAND)
  --password-command <cmd>     a command that prints it
  --cache-dir <dir>            restic's cache (or RESTIC_CACHE_DIR)
  --restore-root <dir>         where Restore may write (nothing outside it), made if
                               missing; none: no restore
  --backup <path>...           what "Back up now" backs up; none: no backup
  --port <n>                   the port on 127.0.0.1 (default 0: a free one)
`;

/** Flags that take one value, and the setting each becomes. */
const VALUE_FLAGS = {
  '--repo': 'repository',
  '--repository-file': 'repositoryFile',
  '--password-file': 'passwordFile',
  '--password-command': 'passwordCommand',
  '--cache-dir': 'cacheDir',
  '--restore-root': 'restoreRoot',
  '--port': 'port',
};

/** restic's variables for the settings of a Restic instance (restic's own names and meaning). */
const VARIABLES = {
  RESTIC_REPOSITORY: 'repository',
  RESTIC_REPOSITORY_FILE: 'repositoryFile',
  RESTIC_PASSWORD: 'password',
  RESTIC_PASSWORD_FILE: 'passwordFile',
  RESTIC_PASSWORD_COMMAND: 'passwordCommand',
  RESTIC_CACHE_DIR: 'cacheDir',
  RESTIC_KEY_HINT: 'keyHint',
  RESTIC_COMPRESSION: 'compression',
  RESTIC_PACK_SIZE: 'packSize',
};

export class UsageError extends Error {
  name = 'UsageError';
}

/** The restic binary: $RESTIC_BIN, else this project's .restic/0.19, else `restic` on PATH. */
export function resticBinary(env) {
  const project = fileURLToPath(new URL('../../../.restic/0.19/restic', import.meta.url));
  return env.RESTIC_BIN ?? (existsSync(project) ? project : 'restic');
}

/**
 * `{ restic, restoreRoot, backupPaths, port, host, demo }`: `restic` holds a Restic's options
 * (without binaryPath); `demo` is true when no repository was named anywhere.
 */
export function readSettings(argv, env) {
  const given = { backupPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    if (arg === '--backup') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) given.backupPaths.push(argv[++i]);
      if (given.backupPaths.length === 0) throw new UsageError(`--backup needs at least one path\n\n${USAGE}`);
    } else if (arg in VALUE_FLAGS) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value\n\n${USAGE}`);
      given[VALUE_FLAGS[arg]] = argv[++i];
    } else {
      throw new UsageError(`unknown argument ${arg}\n\n${USAGE}`);
    }
  }

  const restic = {};
  for (const [variable, setting] of Object.entries(VARIABLES)) {
    if (env[variable]) restic[setting] = setting === 'packSize' ? Number(env[variable]) : env[variable];
  }
  // A flag replaces the variables of its group, as restic's flags do.
  const groups = [
    ['repository', 'repositoryFile'],
    ['password', 'passwordFile', 'passwordCommand'],
  ];
  for (const group of groups) {
    if (group.some((setting) => given[setting] !== undefined)) for (const setting of group) delete restic[setting];
  }
  for (const setting of ['repository', 'repositoryFile', 'passwordFile', 'passwordCommand', 'cacheDir']) {
    if (given[setting] !== undefined) restic[setting] = given[setting];
  }

  // A password or cache without a repository is a mistake, not a request for the demo.
  const demo = !restic.repository && !restic.repositoryFile;
  const stray = Object.keys(restic)[0];
  if (demo && stray !== undefined) {
    const flag = Object.keys(VALUE_FLAGS).find((name) => VALUE_FLAGS[name] === stray && given[stray] !== undefined);
    const source = flag ?? Object.keys(VARIABLES).find((name) => VARIABLES[name] === stray && env[name]);
    throw new UsageError(`${source} needs a repository: give --repo (or RESTIC_REPOSITORY); the demo takes no repository settings\n\n${USAGE}`);
  }

  const port = given.port === undefined ? 0 : Number(given.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${given.port}`);
  return {
    restic,
    restoreRoot: given.restoreRoot,
    backupPaths: given.backupPaths,
    port,
    // The library never inherits RESTIC_HOST (it would filter snapshots); here it names the
    // host of "Back up now", as it does for `restic backup`.
    host: env.RESTIC_HOST || undefined,
    demo,
  };
}

/**
 * The repository's location as the page may show it: a password in a URL, and an rclone
 * connection string (which may hold one), are never sent to the browser.
 */
export function publicLocation(restic) {
  if (restic.repositoryFile) return `(named in ${restic.repositoryFile})`;
  const location = restic.repository ?? '';
  if (/^rclone:/.test(location)) return location.replace(/^rclone:.*$/, 'rclone:…');
  // Up to the last `@`, as Go reads the user part: a password may hold `/` or `@`.
  return location.replace(/\/\/.*@/, '//***@');
}
