import { groupsGiven, type Alternatives } from './options/alternatives.js';
import { rcloneSecrets, urlPassword } from './process/redact.js';
import { ALTERNATIVES, globalSettings, variableOf, type CallSettings, type ResticOptions } from './settings.js';

/**
 * Settings whose inherited variables would compete with the instance's: restic lets a
 * RESTIC_PASSWORD_COMMAND win over a RESTIC_PASSWORD, so a stray inherited one would silently
 * change which password is used. When the instance gives any of a group, as a setting or in
 * its `env`, every inherited variable of the group is dropped.
 */
const COMPETING: Alternatives<keyof ResticOptions> = { ...ALTERNATIVES, cache: ['cacheDir'] };
const MINIMAL_ENVIRONMENT = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SYSTEMROOT'];
/**
 * Inherited variables that would silently change what a call does: RESTIC_HOST filters
 * snapshots by host (restic 0.17+), RESTIC_FROM_* would pick a source repository for copy.
 * They reach restic only from the instance's `env` or the call's options.
 */
const NEVER_INHERITED = /^(RESTIC_HOST|RESTIC_FROM_.*)$/;
const SECRET_NAME = /KEY|SECRET|TOKEN|PASS|CREDENTIAL|AUTH|SAS/i;
/** Extended options whose value is a command line, which may hold a password (`sshpass -p …`). */
const SECRET_BEARING_OPTION = /\.(command|args|program)$/i;

/** Whether the settings (or the environment restic will inherit) name a repository. */
export function hasRepository(env: NodeJS.ProcessEnv): boolean {
  return ALTERNATIVES.repository.some((setting) => Boolean(env[variableOf(setting)]));
}

/**
 * The environment restic runs with. Built anew for every call: the parent's environment
 * (unless `inheritEnv` is false), minus the RESTIC_* variables that would compete with the
 * instance's own repository, password and cache settings (COMPETING), then the instance's
 * `env`, then its settings.
 */
export function buildEnvironment(settings: CallSettings, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const parent = process.env;
  const env: NodeJS.ProcessEnv = {};
  if (settings.inheritEnv === false) {
    for (const key of MINIMAL_ENVIRONMENT) if (parent[key] !== undefined) env[key] = parent[key];
  } else {
    for (const [key, value] of Object.entries(parent)) if (!NEVER_INHERITED.test(key)) env[key] = value;
  }
  const own = settings.env ?? {};
  const given = (setting: keyof ResticOptions): boolean => settings[setting] !== undefined || variableOf(setting) in own;
  for (const group of groupsGiven(COMPETING, given)) for (const setting of group) delete env[variableOf(setting)];
  applyVariables(env, own);
  for (const [setting, declaration] of Object.entries(globalSettings.options)) {
    const value = (settings as Record<string, unknown>)[setting];
    if (declaration.kind === 'env' && value !== undefined) env[declaration.variable as string] = value as string;
  }
  applyVariables(env, extra);
  return env;
}

function applyVariables(env: NodeJS.ProcessEnv, variables: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(variables)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}

/**
 * The secrets a call hands to restic, for redaction: the password in use, a password inside
 * the repository URL or an rclone connection string, the values of the instance's `env`
 * entries whose names look secret, and of extended options that hold a command or a secret.
 * Other inherited variables are not searched for: replacing, say, an inherited API key that
 * happens to read "data" would mangle restic's messages.
 */
export function secretsOf(settings: CallSettings, env: NodeJS.ProcessEnv): string[] {
  const secrets: (string | undefined)[] = [settings.password, env[variableOf('password')]];
  for (const repo of [settings.repository, env[variableOf('repository')]]) {
    const inUrl = urlPassword(repo);
    if (inUrl) secrets.push(inUrl, encodeURIComponent(inUrl));
    secrets.push(...rcloneSecrets(repo));
  }
  for (const [key, value] of Object.entries(settings.env ?? {})) {
    if (value !== undefined && SECRET_NAME.test(key) && !/^RESTIC_.*(FILE|COMMAND)$/.test(key)) secrets.push(value);
  }
  // In argv every `-o` value is masked by position (see redact.ts); in restic's messages, the
  // values of options that run a command or are named like a secret are searched for too.
  for (const [key, value] of Object.entries(settings.options ?? {})) {
    if (typeof value === 'string' && (SECRET_NAME.test(key) || SECRET_BEARING_OPTION.test(key))) secrets.push(value);
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s !== '');
}
