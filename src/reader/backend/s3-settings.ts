// How an S3 repository is addressed, from restic's extended options and environment:
// `s3.region` (else AWS_DEFAULT_REGION, else discovered), `s3.bucket-lookup` (auto, dns, path)
// and `s3.list-objects-v1`; and where a request for a key goes (virtual-host or path style).
import { InvalidArgumentError } from '../errors.js';
import type { Environment } from './s3-credentials.js';
import { uriEncode } from './sigv4.js';
import type { S3Location } from '../../shared/s3-location.js';

/** restic's extended options as the `options` setting holds them. */
export type ExtendedOptions = Readonly<Record<string, string | number | boolean>>;

export type BucketLookup = 'auto' | 'dns' | 'path';

export interface S3Settings {
  /** The region given (s3.region or AWS_DEFAULT_REGION); undefined: discovered. */
  region: string | undefined;
  lookup: BucketLookup;
  listV1: boolean;
}

/** Go's strconv.ParseBool, which restic's option parser uses. */
function goBool(name: string, value: string | number | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value);
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new InvalidArgumentError(`options['${name}']`, `expected a boolean, got ${JSON.stringify(text)}`);
}

export function s3Settings(options: ExtendedOptions | undefined, env: Environment): S3Settings {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new InvalidArgumentError('options', 'expected an object of restic extended options');
  const o = options ?? {};
  const region = o['s3.region'] !== undefined && o['s3.region'] !== '' ? String(o['s3.region']) : env['AWS_DEFAULT_REGION'] || undefined;
  const lookup = String(o['s3.bucket-lookup'] ?? 'auto').toLowerCase() || 'auto';
  if (lookup !== 'auto' && lookup !== 'dns' && lookup !== 'path') throw new InvalidArgumentError("options['s3.bucket-lookup']", `bad bucket-lookup style ${JSON.stringify(lookup)}: must be "auto", "path" or "dns"`);
  const listV1 = o['s3.list-objects-v1'] === undefined ? false : goBool('s3.list-objects-v1', o['s3.list-objects-v1']);
  return { region, lookup, listV1 };
}

/** Hosts where `auto` means virtual-host style, as minio-go decides: AWS's, Alibaba's and Google's. */
const VIRTUAL_HOST_SERVICES = /(^|\.)(amazonaws\.com(\.cn)?|aliyuncs\.com|storage\.googleapis\.com)$/;

/** Whether a bucket name can be a DNS label in front of the endpoint (dots only without TLS, whose certificates cover one level). */
function dnsCompatible(bucket: string, secure: boolean): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return false;
  return !(secure && bucket.includes('.'));
}

export function virtualHostStyle(location: S3Location, lookup: BucketLookup): boolean {
  if (lookup === 'path') return false;
  if (lookup === 'dns') return true;
  const host = location.endpoint.replace(/:\d+$/, '');
  return VIRTUAL_HOST_SERVICES.test(host) && dnsCompatible(location.bucket, location.secure);
}

/** The region an AWS endpoint names (s3.eu-west-1.amazonaws.com, s3-eu-west-1…, s3.dualstack.…), if it names one. */
export function regionOfHost(endpoint: string): string | undefined {
  const match = /^s3[.-](?:dualstack\.)?([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?(?::\d+)?$/.exec(endpoint);
  if (!match || match[1] === 'amazonaws') return undefined;
  return match[1] === 'external-1' ? 'us-east-1' : match[1];
}

/** The URL of `key` in the bucket (the bucket itself for ''), with a query built and encoded as SigV4 signs it. */
export function objectUrl(location: S3Location, virtualHost: boolean, key: string, query: readonly (readonly [string, string])[] = []): URL {
  const scheme = location.secure ? 'https' : 'http';
  const host = virtualHost ? `${location.bucket}.${location.endpoint}` : location.endpoint;
  const path = virtualHost ? `/${key}` : `/${location.bucket}/${key}`;
  const url = new URL(`${scheme}://${host}`);
  url.pathname = uriEncode(path, true);
  url.search = query.map(([name, value]) => `${uriEncode(name, false)}=${uriEncode(value, false)}`).join('&');
  return url;
}
