// Where an `s3:` repository lives, read as restic reads its location (internal/backend/s3's
// ParseConfig): `s3:https://host[:port]/bucket[/prefix]` and `s3:http://…` (a URL: its scheme
// says whether TLS is used), or `s3:host/bucket[/prefix]` and the older `s3://host/bucket…`
// (always https). The prefix is cleaned as Go's path.Clean cleans it; a user name or password
// in the URL is ignored, as restic ignores it, and shown nowhere.
import { posix } from 'node:path';
import { InvalidArgumentError } from '../errors.js';

export interface S3Location {
  /** `host` or `host:port`, as written (an IPv6 address in brackets). */
  endpoint: string;
  /** Whether requests go over https. */
  secure: boolean;
  bucket: string;
  /** The folder of the repository in the bucket, without slashes around it; '' for the bucket's root. */
  prefix: string;
}

const MESSAGE = 'an s3: repository is s3:https://host[:port]/bucket[/prefix], s3:http://… or s3:host/bucket[/prefix]';

export function parseS3Location(repository: string): S3Location {
  if (!repository.startsWith('s3:')) throw new InvalidArgumentError('repository', MESSAGE);
  let endpoint: string;
  let path: string;
  let secure = true;
  if (repository.startsWith('s3:http')) {
    let url: URL;
    try {
      url = new URL(repository.slice('s3:'.length));
    } catch {
      throw new InvalidArgumentError('repository', MESSAGE);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('repository', MESSAGE);
    secure = url.protocol === 'https:';
    endpoint = url.host;
    path = decodePath(url.pathname).replace(/^\//, '');
  } else {
    const rest = repository.slice(repository.startsWith('s3://') ? 's3://'.length : 's3:'.length);
    const slash = rest.indexOf('/');
    endpoint = slash < 0 ? rest : rest.slice(0, slash);
    path = slash < 0 ? '' : rest.slice(slash + 1);
  }
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  if (endpoint === '') throw new InvalidArgumentError('repository', `${MESSAGE}: the host is missing`);
  if (bucket === '') throw new InvalidArgumentError('repository', `${MESSAGE}: the bucket name is missing`);
  const rawPrefix = slash < 0 ? '' : path.slice(slash + 1);
  // Go's path.Clean: "a//b/../c/" is "a/c"; what is left of "." or "/" is the bucket's root.
  const prefix = rawPrefix === '' ? '' : posix.normalize(rawPrefix).replace(/^\/+|\/+$/g, '').replace(/^\.$/, '');
  return { endpoint, secure, bucket, prefix };
}

/** The path of a URL as Go's url.Parse gives it: percent-decoded. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new InvalidArgumentError('repository', `${MESSAGE}: the path is not valid percent-encoding`);
  }
}

/** The location as shown in messages: scheme, endpoint, bucket and prefix; never a credential. */
export function s3LocationText(location: S3Location): string {
  const scheme = location.secure ? 'https' : 'http';
  return `s3:${scheme}://${location.endpoint}/${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;
}
