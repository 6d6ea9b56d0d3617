import { existsSync } from 'node:fs';
import { buildEnvironment } from './environment.js';
import { findAwsCredentials } from './shared/aws-credentials.js';
import { ASYNC_DISPOSE } from './shared/dispose.js';
import { parseS3Location } from './shared/s3-location.js';
import type { CallSettings } from './settings.js';
import type { NativeReader, ReaderModule } from './commands/native-reader.js';

// In the bundles this import is rewritten to the reader's own bundle (scripts/build-bundles.mjs).
const loadReaderModule = (): Promise<ReaderModule> => import('./reader/index.js');

/** Backends the reader cannot read yet: every `scheme:` location but `local:`, `rest:` and `s3:`. */
const UNSUPPORTED = /^(?!local:|rest:|s3:)[a-z0-9]+:/i;
/** Proxy variables restic's HTTP client honours and the reader's does not. */
const PROXY_VARIABLES = /^(https?|all)_proxy$/i;
/** The variables the reader reads for an S3 repository (s3-credentials.ts), out of restic's environment. */
const S3_VARIABLES = /^(AWS_(ACCESS_KEY_ID|ACCESS_KEY|SECRET_ACCESS_KEY|SECRET_KEY|SESSION_TOKEN|DEFAULT_REGION|SHARED_CREDENTIALS_FILE|PROFILE)|RESTIC_AWS_ASSUME_ROLE_ARN|HOME)$/;

/** Whether a location is reached over HTTP(S), where restic would honour a proxy. */
const overHttp = (repository: string): boolean => repository.startsWith('rest:') || repository.startsWith('s3:');

/**
 * Whether these settings let the reader stand in for restic: a local, REST or S3 repository,
 * and a password the instance holds itself (a password, file or command; not one inherited
 * from the environment, not an empty one). A REST or S3 repository also needs restic's own way
 * to the server: no proxy variables, which the reader does not apply (its TLS settings it does
 * apply). An S3 repository needs credentials the reader finds as restic does (the AWS_*
 * variables, or a shared credentials file), and no role to assume: without them restic would
 * ask an instance's metadata service, which the reader does not. Anything else reads through
 * restic.
 */
export function nativeReadsPossible(settings: CallSettings, env: NodeJS.ProcessEnv = httpEnvironment(settings)): boolean {
  if (settings.reads !== 'native' || settings.insecureNoPassword) return false;
  const repository = settings.repository;
  if (repository === undefined || UNSUPPORTED.test(repository)) return false;
  if (overHttp(repository)) {
    if (!isLoopback(repository) && Object.keys(env).some((name) => PROXY_VARIABLES.test(name) && env[name])) return false;
  }
  if (repository.startsWith('s3:') && !s3CredentialsIn(env)) return false;
  return settings.password !== undefined || settings.passwordFile !== undefined || settings.passwordCommand !== undefined;
}

/** Whether the reader finds keys where restic would, and no role to assume (a bad setting: restic says why). */
function s3CredentialsIn(env: NodeJS.ProcessEnv): boolean {
  try {
    return findAwsCredentials(env).kind === 'keys';
  } catch {
    return false;
  }
}

/** The environment restic would get, which only a REST or S3 repository's settings read from. */
function httpEnvironment(settings: CallSettings): NodeJS.ProcessEnv {
  return settings.repository && overHttp(settings.repository) ? buildEnvironment(settings) : {};
}

/** The host of a rest: location, or of an s3: location as the reader reads it. */
function hostOf(repository: string): string | undefined {
  try {
    if (repository.startsWith('s3:')) return new URL(`https://${parseS3Location(repository).endpoint}`).hostname;
    return new URL(repository.slice('rest:'.length)).hostname;
  } catch {
    return undefined;
  }
}

/** Whether a rest: or s3: location names this machine, which Go's HTTP client never reaches through a proxy. */
function isLoopback(repository: string): boolean {
  const host = hostOf(repository);
  return host !== undefined && (host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** Whether the location is reached over https (an s3: location without a scheme is). */
function isHttps(repository: string): boolean {
  if (!repository.startsWith('s3:')) return repository.startsWith('rest:https:');
  try {
    return parseS3Location(repository).secure;
  } catch {
    // Not a location the reader reads: it refuses it when it opens.
    return false;
  }
}

/**
 * What restic would take for a REST or S3 server from the settings and, where they say nothing,
 * from its environment: the TLS files (`--cacert` or RESTIC_CACERT; `--tls-client-cert` or
 * RESTIC_TLS_CLIENT_CERT; `--insecure-tls`); for REST the credentials
 * (RESTIC_REST_USERNAME / _PASSWORD, restic 0.16.1+); for S3 the AWS_* variables and the
 * extended options. restic splits each `--cacert` value and RESTIC_CACERT at commas, and an
 * empty `cacert` list passes no flag, so RESTIC_CACERT then counts.
 */
function backendOptions(settings: CallSettings, env: NodeJS.ProcessEnv): Pick<OpenOptions, 'restUsername' | 'restPassword' | 'cacert' | 'tlsClientCert' | 'insecureTls' | 'env' | 'options'> {
  const repository = settings.repository;
  if (!repository || !overHttp(repository)) return {};
  const fromSettings = (typeof settings.cacert === 'string' ? [settings.cacert] : (settings.cacert ?? [])).flatMap((file) => file.split(','));
  const cacert = fromSettings.length > 0 ? fromSettings : env['RESTIC_CACERT'] ? env['RESTIC_CACERT'].split(',') : systemCaFile(repository, env);
  const tls = { cacert, tlsClientCert: settings.tlsClientCert ?? (env['RESTIC_TLS_CLIENT_CERT'] || undefined), insecureTls: settings.insecureTls };
  if (repository.startsWith('s3:')) {
    const s3Env = Object.fromEntries(Object.entries(env).filter(([name, value]) => S3_VARIABLES.test(name) && value !== undefined));
    return { ...tls, env: s3Env, options: settings.options };
  }
  return { restUsername: env['RESTIC_REST_USERNAME'], restPassword: env['RESTIC_REST_PASSWORD'], ...tls };
}

/**
 * The reader an instance keeps open for its reads: opened on the first read, opened again when
 * the repository or password settings change, refreshed before each read so that what restic
 * wrote through the same instance (or anyone else) is seen.
 */
export class NativeReads {
  #open: { options: OpenOptions; reader: Promise<NativeReader> } | undefined;

  /** The open reader for these settings (opening it if needed), refreshed; undefined when the settings rule it out. */
  async reader(settings: CallSettings, signal?: AbortSignal): Promise<NativeReader | undefined> {
    const env = httpEnvironment(settings);
    if (!nativeReadsPossible(settings, env)) return undefined;
    const options = openOptions(settings, env);
    const current = this.#open;
    if (!current || !sameOptions(current.options, options)) {
      void this.close();
      const reader = loadReaderModule().then(({ ResticReader }) => ResticReader.open({ ...options, signal }));
      const opened = { options, reader };
      this.#open = opened;
      // A failed open (an abort, a wrong password) must not stay cached.
      reader.catch(() => {
        if (this.#open === opened) this.#open = undefined;
      });
      const ready = await reader;
      return ready;
    }
    const reader = await current.reader;
    // Closed by its idle timeout: open a new one.
    if (reader.closed) {
      if (this.#open === current) this.#open = undefined;
      return this.reader(settings, signal);
    }
    await reader.refresh({ signal });
    return reader;
  }

  /** Closes the reader, which zeroes the master key it holds; settles once it is closed and released, also one still opening. Never rejects. */
  async close(): Promise<void> {
    const current = this.#open;
    this.#open = undefined;
    await current?.reader.then((reader) => reader[ASYNC_DISPOSE]()).catch(() => undefined);
  }
}

/** What a reader is opened with; a reader opened with other options is not the one these settings want. */
type OpenOptions = Omit<Parameters<ReaderModule['ResticReader']['open']>[0], 'signal'>;

/**
 * Where Go's crypto/x509 finds the system's CAs on Linux (root_linux.go), which restic trusts
 * when given no `--cacert`: $SSL_CERT_FILE, else the first of these bundles that exists. Node
 * would trust its own (Mozilla's) list instead, and fail where restic connects to a server
 * signed by a CA only the system knows. (Go also reads the folders /etc/ssl/certs and
 * /etc/pki/tls/certs, whose certificates the distributions' bundles already hold.)
 */
const SYSTEM_CA_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** The first of SYSTEM_CA_FILES that exists, looked for once (Go, too, loads the system's CAs once per process). */
let systemBundle: { path: string | undefined } | undefined;

function systemCaFile(repository: string, env: NodeJS.ProcessEnv): string[] | undefined {
  if (!isHttps(repository) || process.platform !== 'linux') return undefined;
  systemBundle ??= { path: SYSTEM_CA_FILES.find((path) => existsSync(path)) };
  const file = env['SSL_CERT_FILE'] || systemBundle.path;
  return file ? [file] : undefined;
}

function openOptions(settings: CallSettings, env: NodeJS.ProcessEnv): OpenOptions {
  return {
    repository: settings.repository as string,
    password: settings.password,
    passwordFile: settings.passwordFile,
    passwordCommand: settings.passwordCommand,
    keyHint: settings.keyHint,
    idleTimeoutMs: settings.readerIdleTimeoutMs,
    ...backendOptions(settings, env),
  };
}

function sameOptions(a: OpenOptions, b: OpenOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof OpenOptions)[]);
  return [...keys].every((key) => sameValue(a[key], b[key]));
}

/** Equal values, lists (the CA files) compared item by item, objects (S3's variables, extended options) entry by entry. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
  }
  return a === b;
}
