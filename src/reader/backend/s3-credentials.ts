// The credentials of an S3 repository, found where restic finds them (src/shared/aws-credentials.ts)
// and held so that no secret shows. Not read: MinIO's variables and files, EC2/ECS instance
// roles, AWS SSO, credential_process, and RESTIC_AWS_ASSUME_ROLE_* (refused, below).
import { inspect } from 'node:util';
import { findAwsCredentials, type Environment } from '../../shared/aws-credentials.js';
import { UnsupportedRepositoryError } from '../errors.js';
import type { SigningCredentials } from './sigv4.js';

export type { Environment };

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

/** The credentials restic would use, or undefined for anonymous access. */
export function s3Credentials(env: Environment): S3Credentials | undefined {
  const found = findAwsCredentials(env);
  if (found.kind === 'role') {
    throw new UnsupportedRepositoryError('the reader does not assume IAM roles (RESTIC_AWS_ASSUME_ROLE_ARN is set); read this repository through restic');
  }
  return found.kind === 'keys' ? new S3Credentials(found.accessKeyId, found.secretAccessKey, found.sessionToken, found.source) : undefined;
}
