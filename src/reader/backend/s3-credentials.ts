// The credentials of an S3 repository, found where restic (through minio-go's chain) finds
// them, first match wins: AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY) with AWS_SECRET_ACCESS_KEY (or
// AWS_SECRET_KEY) and AWS_SESSION_TOKEN; then the shared credentials file
// (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) and its profile (AWS_PROFILE, else
// "default"). None: anonymous requests, unsigned. Not read: MinIO's variables and files, EC2/ECS
// instance roles, AWS SSO, credential_process, and RESTIC_AWS_ASSUME_ROLE_* (refused, below).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { InvalidArgumentError, UnsupportedRepositoryError } from '../errors.js';
import type { SigningCredentials } from './sigv4.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Signing credentials that show no secret when printed, logged or serialised. */
export class S3Credentials implements SigningCredentials {
  readonly accessKeyId: string;
  readonly #secret: string;
  readonly #token: string | undefined;
  /** Where they were found, for messages: `environment` or `<file> [profile]`. */
  readonly source: string;

  constructor(accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined, source: string) {
    this.accessKeyId = accessKeyId;
    this.#secret = secretAccessKey;
    this.#token = sessionToken || undefined;
    this.source = source;
  }

  get secretAccessKey(): string {
    return this.#secret;
  }

  get sessionToken(): string | undefined {
    return this.#token;
  }

  toJSON(): Record<string, unknown> {
    return { source: this.source };
  }

  [inspect.custom](): string {
    return `S3Credentials { source: ${JSON.stringify(this.source)} }`;
  }
}

const value = (env: Environment, ...names: string[]): string => names.map((name) => env[name] ?? '').find((v) => v !== '') ?? '';

/** The credentials restic would use, or undefined for anonymous access. */
export function s3Credentials(env: Environment): S3Credentials | undefined {
  if (value(env, 'RESTIC_AWS_ASSUME_ROLE_ARN')) {
    throw new UnsupportedRepositoryError('the reader does not assume IAM roles (RESTIC_AWS_ASSUME_ROLE_ARN is set); read this repository through restic');
  }
  const id = value(env, 'AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY');
  const secret = value(env, 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY');
  // As restic refuses one without the other before any request.
  if (id && !secret) throw new InvalidArgumentError('AWS_SECRET_ACCESS_KEY', 'the S3 key ID (AWS_ACCESS_KEY_ID) is set but its secret is empty');
  if (secret && !id) throw new InvalidArgumentError('AWS_ACCESS_KEY_ID', 'the S3 secret (AWS_SECRET_ACCESS_KEY) is set but the key ID is empty');
  if (id) return new S3Credentials(id, secret, value(env, 'AWS_SESSION_TOKEN'), 'environment');
  return fromSharedFile(env);
}

/** The shared credentials file's profile, if the file exists and the profile has a key. */
function fromSharedFile(env: Environment): S3Credentials | undefined {
  const home = env['HOME'] || homedir();
  const file = value(env, 'AWS_SHARED_CREDENTIALS_FILE') || join(home, '.aws', 'credentials');
  const profile = value(env, 'AWS_PROFILE') || 'default';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidArgumentError('AWS_SHARED_CREDENTIALS_FILE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const section = iniSection(text, profile);
  const id = section.get('aws_access_key_id') ?? '';
  const secret = section.get('aws_secret_access_key') ?? '';
  if (!id || !secret) return undefined;
  return new S3Credentials(id, secret, section.get('aws_session_token'), `${file} [${profile}]`);
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
