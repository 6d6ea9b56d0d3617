// Where restic (through minio-go's chain) finds S3 credentials, first match wins:
// AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY) with AWS_SECRET_ACCESS_KEY (or AWS_SECRET_KEY) and
// AWS_SESSION_TOKEN; then the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials) and its profile (AWS_PROFILE, else "default"); else none. Shared by the
// reader, which signs with them, and by reads: 'native', which hands a repository to the
// reader only when the reader would find them, so that both look in the same places.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../errors.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** What the chain gives: keys and where they were found, a role restic would assume, or nothing (anonymous). */
export type AwsCredentialLookup =
  | { kind: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined; source: string }
  | { kind: 'role' }
  | { kind: 'none' };

const value = (env: Environment, ...names: string[]): string => names.map((name) => env[name] ?? '').find((v) => v !== '') ?? '';

/** The credentials restic would use. InvalidArgumentError for a key without its secret (or the reverse) and an unreadable file. */
export function findAwsCredentials(env: Environment): AwsCredentialLookup {
  if (value(env, 'RESTIC_AWS_ASSUME_ROLE_ARN')) return { kind: 'role' };
  const id = value(env, 'AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY');
  const secret = value(env, 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY');
  // As restic refuses one without the other before any request.
  if (id && !secret) throw new InvalidArgumentError('AWS_SECRET_ACCESS_KEY', 'the S3 key ID (AWS_ACCESS_KEY_ID) is set but its secret is empty');
  if (secret && !id) throw new InvalidArgumentError('AWS_ACCESS_KEY_ID', 'the S3 secret (AWS_SECRET_ACCESS_KEY) is set but the key ID is empty');
  if (id) return { kind: 'keys', accessKeyId: id, secretAccessKey: secret, sessionToken: value(env, 'AWS_SESSION_TOKEN') || undefined, source: 'environment' };
  return fromSharedFile(env);
}

/** The shared credentials file's profile, if the file exists and the profile has a key. */
function fromSharedFile(env: Environment): AwsCredentialLookup {
  const home = env['HOME'] || homedir();
  const file = value(env, 'AWS_SHARED_CREDENTIALS_FILE') || join(home, '.aws', 'credentials');
  const profile = value(env, 'AWS_PROFILE') || 'default';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw new InvalidArgumentError('AWS_SHARED_CREDENTIALS_FILE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const section = iniSection(text, profile);
  const id = section.get('aws_access_key_id') ?? '';
  const secret = section.get('aws_secret_access_key') ?? '';
  if (!id || !secret) return { kind: 'none' };
  return { kind: 'keys', accessKeyId: id, secretAccessKey: secret, sessionToken: section.get('aws_session_token') || undefined, source: `${file} [${profile}]` };
}

/** The keys of one `[name]` section of an INI file (`key = value`; `#` and `;` start comments). */
export function iniSection(text: string, name: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inside = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      inside = header[1] === name;
      continue;
    }
    const eq = line.indexOf('=');
    if (inside && eq > 0) keys.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return keys;
}
