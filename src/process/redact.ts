/**
 * Removes secrets from text that leaves the library (error messages, stderr copies, argv
 * shown in errors). Secrets shorter than MIN_SECRET_LENGTH are not searched for: replacing
 * every "ab" in a message would destroy it, and restic never prints a password itself.
 */
export const REDACTED = '***';
const MIN_SECRET_LENGTH = 3;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const list = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))]
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => redactUrlCredentials(text);
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join(REDACTED);
    return redactUrlCredentials(out);
  };
}

/** `scheme://user:password@host` → `scheme://user:***@host`, wherever it appears. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):([^\s/@]*)@/gi, (_m, head: string) => `${head}:${REDACTED}@`);
}

/** The password inside a repository URL such as `rest:https://user:pass@host/`, if there is one. */
export function urlPassword(repository: string | undefined): string | undefined {
  if (!repository) return undefined;
  const match = /:\/\/[^\s/:@]*:([^\s/@]+)@/.exec(repository);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
