import { optionalBoolean, optionalString, type ArgvBuilder } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
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

/** The flags about the source repository that are not secrets (and so may be in argv). */
export function addSourceRepositoryFlags(argv: ArgvBuilder, options: SourceRepositoryOptions): ArgvBuilder {
  return argv
    .value('from-key-hint', optionalString('fromKeyHint', options.fromKeyHint))
    .flag('from-insecure-no-password', optionalBoolean('fromInsecureNoPassword', options.fromInsecureNoPassword));
}

export function hasSourceRepository(options: SourceRepositoryOptions): boolean {
  return options.fromRepo !== undefined || options.fromRepositoryFile !== undefined;
}

/** The variables that name the source repository, clearing inherited ones that would compete with them. */
export function sourceRepositoryEnvironment(options: SourceRepositoryOptions): { env: Record<string, string | undefined>; secrets: string[] } {
  const repository = { RESTIC_FROM_REPOSITORY: optionalString('fromRepo', options.fromRepo), RESTIC_FROM_REPOSITORY_FILE: optionalString('fromRepositoryFile', options.fromRepositoryFile) };
  const password = {
    RESTIC_FROM_PASSWORD: optionalString('fromPassword', options.fromPassword, { allowEmpty: true }),
    RESTIC_FROM_PASSWORD_FILE: optionalString('fromPasswordFile', options.fromPasswordFile),
    RESTIC_FROM_PASSWORD_COMMAND: optionalString('fromPasswordCommand', options.fromPasswordCommand),
  };
  const env: Record<string, string | undefined> = {};
  for (const group of [repository, password] as Record<string, string | undefined>[]) {
    const given = Object.entries(group).filter(([, v]) => v !== undefined);
    if (given.length > 1) throw new InvalidArgumentError(given.map(([k]) => k).join('/'), 'give only one of these');
    // A group comes from the options whole (the others set to undefined, which removes them), so an inherited variable cannot mix in.
    if (given.length === 1) Object.assign(env, group);
  }
  const secrets = [options.fromPassword, urlPassword(options.fromRepo)].filter((s): s is string => typeof s === 'string' && s !== '');
  return { env, secrets };
}
