import { secretString } from '../shared/checks.js';
import { env, flag, value } from '../options/declare.js';
import { groupsGiven, oneWayEach, type Alternatives } from '../options/alternatives.js';
import { urlPassword } from '../process/redact.js';

/** A second repository that a command reads from (`init --copy-chunker-params`, `copy`). Its secrets travel like the main ones: in the environment. */
export interface SourceRepositoryOptions {
  /** The source repository (`RESTIC_FROM_REPOSITORY`). */
  fromRepo?: string;
  /** A file naming the source repository (`RESTIC_FROM_REPOSITORY_FILE`). */
  fromRepositoryFile?: string;
  /** The source repository's password (`RESTIC_FROM_PASSWORD`). */
  fromPassword?: string;
  /** A file holding the source repository's password (`RESTIC_FROM_PASSWORD_FILE`). */
  fromPasswordFile?: string;
  /** A command printing the source repository's password (`RESTIC_FROM_PASSWORD_COMMAND`). */
  fromPasswordCommand?: string;
  /** Which key of the source repository to try first (`--from-key-hint`). */
  fromKeyHint?: string;
  /** The source repository has an empty password (`--from-insecure-no-password`, restic 0.17+). */
  fromInsecureNoPassword?: boolean;
}

/**
 * The source repository's options, declared once for copy and init. Where it is and its
 * password go in restic's environment, never in argv; the key hint and the empty password
 * are no secrets and are flags.
 */
export const SOURCE_REPOSITORY = {
  fromRepo: env('RESTIC_FROM_REPOSITORY', { flag: 'from-repo' }),
  fromRepositoryFile: env('RESTIC_FROM_REPOSITORY_FILE', { flag: 'from-repository-file' }),
  // restic has no flag for the password itself.
  fromPassword: env('RESTIC_FROM_PASSWORD', { check: (option, v) => secretString(option, v, { allowEmpty: true }) }),
  fromPasswordFile: env('RESTIC_FROM_PASSWORD_FILE', { flag: 'from-password-file' }),
  fromPasswordCommand: env('RESTIC_FROM_PASSWORD_COMMAND', { flag: 'from-password-command', check: (option, v) => secretString(option, v) }),
  fromKeyHint: value('from-key-hint'),
  fromInsecureNoPassword: flag('from-insecure-no-password', { since: '0.17.0' }),
} as const;

type SourceOption = keyof typeof SOURCE_REPOSITORY;

/** Options of which one at most may be given: where the source repository is, and its password. */
const ALTERNATIVES: Alternatives<SourceOption> = {
  'source repository': ['fromRepo', 'fromRepositoryFile'],
  "source repository's password": ['fromPassword', 'fromPasswordFile', 'fromPasswordCommand'],
};

const variable = (name: SourceOption): string => SOURCE_REPOSITORY[name].variable as string;

export function hasSourceRepository(options: SourceRepositoryOptions): boolean {
  return options.fromRepo !== undefined || options.fromRepositoryFile !== undefined;
}

/** Refuses two ways of giving one thing (the check across options of copy and init); errors name the variables. */
export function oneOfEachGroup(options: SourceRepositoryOptions): void {
  oneWayEach<SourceOption>(ALTERNATIVES, (name) => [[variable(name), options[name]]]);
}

/**
 * The builder's variables with each group that was given completed: its other variables set
 * to undefined, which removes them, so that an inherited one cannot mix in.
 */
export function sourceRepositoryEnvironment(built: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const completed = { ...built };
  for (const group of groupsGiven(ALTERNATIVES, (name) => built[variable(name)] !== undefined)) {
    for (const name of group) completed[variable(name)] = built[variable(name)];
  }
  return completed;
}

/** The source repository's secrets, to be redacted: its password and a password in its URL. */
export function sourceRepositorySecrets(options: SourceRepositoryOptions): string[] {
  return [options.fromPassword, urlPassword(options.fromRepo)].filter((s): s is string => typeof s === 'string' && s !== '');
}
