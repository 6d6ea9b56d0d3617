// The backend a repository location names: `rest:` a REST server, `s3:` an S3 bucket, anything
// else a local folder (`local:` dropped). The reader reads no other backend.
import type { ResticReaderOptions } from '../options.js';
import { UnsupportedRepositoryError } from '../errors.js';
import type { Backend } from './backend.js';
import { LocalBackend } from './local.js';
import { RestBackend } from './rest.js';
import { S3Backend } from './s3.js';

const UNSUPPORTED_BACKEND = /^(sftp|b2|azure|gs|swift|rclone|http|https|smb|webdav):/;

export function openBackend(options: ResticReaderOptions): Backend {
  let location = options.repository;
  if (location.startsWith('local:')) location = location.slice('local:'.length);
  if (UNSUPPORTED_BACKEND.test(location)) throw new UnsupportedRepositoryError(`the reader reads local, REST and S3 repositories only (for now); ${location.split(':')[0]}: is not supported`);
  const tls = { cacert: options.cacert, tlsClientCert: options.tlsClientCert, insecureTls: options.insecureTls };
  if (location.startsWith('rest:')) return new RestBackend(location, { username: options.restUsername, password: options.restPassword }, tls);
  if (location.startsWith('s3:')) return new S3Backend(location, { env: options.env, options: options.options, tls });
  return new LocalBackend(location);
}
