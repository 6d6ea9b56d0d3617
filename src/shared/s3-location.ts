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
    // The path as written: a URL resolves "." and ".." segments, which Go's url.Parse keeps.
    const afterHost = repository.slice(repository.indexOf('//') + 2).split(/[?#]/)[0]!;
    path = decodePath(afterHost.includes('/') ? afterHost.slice(afterHost.indexOf('/')) : '').replace(/^\//, '');
  } else {
    const rest = repository.slice(repository.startsWith('s3://') ? 's3://'.length : 's3:'.length);
    const slash = rest.indexOf('/');
    endpoint = slash < 0 ? rest : rest.slice(0, slash);
    // A user name or password before the host is ignored, as in the URL form: never sent or shown.
    endpoint = endpoint.slice(endpoint.lastIndexOf('@') + 1);
    path = slash < 0 ? '' : rest.slice(slash + 1);
  }
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  if (endpoint === '') throw new InvalidArgumentError('repository', `${MESSAGE}: the host is missing`);
  if (bucket === '') throw new InvalidArgumentError('repository', `${MESSAGE}: the bucket name is missing`);
  if (bucket === '.' || bucket === '..') throw new InvalidArgumentError('repository', `${MESSAGE}: the bucket name is not a name`);
  const rawPrefix = slash < 0 ? '' : path.slice(slash + 1);
  // Go's path.Clean: "a//b/../c/" is "a/c"; what is left of "." or "/" is the bucket's root.
  const prefix = rawPrefix === '' ? '' : posix.normalize(rawPrefix).replace(/^\/+|\/+$/g, '').replace(/^\.$/, '');
  // What a URL would make of "..": another bucket's keys, not the ones named.
  if (prefix === '..' || prefix.startsWith('../')) throw new InvalidArgumentError('repository', `${MESSAGE}: the prefix climbs out of the bucket`);
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
