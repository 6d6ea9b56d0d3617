import { EXTENDED_OPTIONS } from '../options/extended-options.js';

/**
 * Removes secrets from text that leaves the library (error messages, stderr copies, argv
 * shown in errors). Two kinds of masking:
 * - structural, whatever the length of the value: the password of any `scheme://user:pw@host`,
 *   the value of an extended option `--option=name=value`, and the secret-named parameters
 *   of an rclone connection string (`rclone::sftp,pass=…:path`);
 * - by value: each secret the call handed to restic, wherever it appears. Secrets shorter than
 *   MIN_SECRET_LENGTH are not searched for: replacing every "ab" in a message would destroy
 *   it, and restic never prints a password itself.
 */
export const REDACTED = '***';
const MIN_SECRET_LENGTH = 3;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const list = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))]
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactStructure(text);
    for (const secret of list) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** The structural masks alone: URL passwords, extended option values, rclone secrets. */
export function redactStructure(text: string): string {
  return redactRcloneSecrets(redactOptionValue(redactUrlCredentials(text)));
}

// A URL's authority ends, as in Go's url.Parse, at the first '/', '?' or '#'; in free text
// also at a blank or a character no URL holds unescaped (quotes around a URL in a message).
const URL_AUTHORITY = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"<>\\^`{|}]*)/gi;

/**
 * Where the password sits in an authority (`user:password@host`), split as Go and WHATWG do:
 * the user-info runs to the LAST '@' (a password may hold '@'), the user to its first ':'.
 */
function splitAuthority(authority: string): { user: string; password: string; host: string } | undefined {
  const at = authority.lastIndexOf('@');
  if (at < 0) return undefined;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return undefined;
  return { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1), host: authority.slice(at + 1) };
}

/** `scheme://user:password@host` → `scheme://user:***@host`, wherever it appears, whatever the password holds. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_AUTHORITY, (whole, scheme: string, authority: string) => {
    const parts = splitAuthority(authority);
    return parts ? `${scheme}${parts.user}:${REDACTED}@${parts.host}` : whole;
  });
}

/** The password inside a repository URL such as `rest:https://user:pass@host/`, decoded, if there is one. */
export function urlPassword(repository: string | undefined): string | undefined {
  if (!repository) return undefined;
  const authority = /:\/\/([^/?#]*)/.exec(repository)?.[1];
  const password = authority === undefined ? undefined : splitAuthority(authority)?.password;
  if (!password) return undefined;
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

// `--option=sftp.command=sshpass -p … ssh host`: the value may hold a password and be of any
// length, so it is masked by position. Only a whole argument (or line) that opens so.
const OPTION_ARGUMENT = new RegExp(`^(--${EXTENDED_OPTIONS.flag as string}=[^=]*=)[\\s\\S]*$`);

function redactOptionValue(text: string): string {
  return text.replace(OPTION_ARGUMENT, `$1${REDACTED}`);
}

// rclone connection strings (`rclone::sftp,host=h,pass=…:path`, `rclone:remote,password=…:path`)
// carry backend parameters, `pass` obscured but reversible: parameters named like a secret are masked.
const RCLONE_TOKEN = /rclone:\S+/g;
const RCLONE_SECRET_PARAMETER = /([,:][a-z0-9_-]*(?:pass|key|secret|token|auth|credential|sas)[a-z0-9_-]*=)("[^"]*"|'[^']*'|[^,:\s]*)/gi;

function redactRcloneSecrets(text: string): string {
  return text.replace(RCLONE_TOKEN, (token) => token.replace(RCLONE_SECRET_PARAMETER, `$1${REDACTED}`));
}

/** The secret-named parameter values of an rclone connection string in a repository location. */
export function rcloneSecrets(repository: string | undefined): string[] {
  if (!repository?.startsWith('rclone:')) return [];
  return [...repository.matchAll(RCLONE_SECRET_PARAMETER)].map((m) => (m[2] as string).replace(/^(["'])(.*)\1$/, '$2')).filter((v) => v !== '');
}
