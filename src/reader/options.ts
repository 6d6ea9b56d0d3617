// The options and the public types of ResticReader's calls.
import type { SnapshotFilterOptions } from '../shared/snapshot-filter.js';
import type { IndexFile, KeyFile, RepositoryConfig, Tree } from '../types/repository.js';
import type { SnapshotRecord } from '../types/snapshot.js';
import type { ScryptLimits } from './crypto/key-derivation.js';
import type { ResticError } from './errors.js';

/** How to open a repository with {@link ResticReader.open}. Give exactly one of `password`, `passwordFile`, `passwordCommand`. */
export interface ResticReaderOptions {
  /**
   * The repository: a local folder (`/backups/repo` or `local:/backups/repo`), a REST server
   * (`rest:http://host:8000/repo`, credentials in the URL or in `restUsername`/`restPassword`)
   * or an S3 bucket (`s3:https://host/bucket/prefix`, `s3:http://…`, `s3:s3.amazonaws.com/bucket`;
   * credentials from `env`). Other backends are not supported yet.
   */
  repository: string;
  /**
   * For an S3 repository: the variables restic would read, in place of `process.env`:
   * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_DEFAULT_REGION, and the
   * shared credentials file (AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, HOME). No credentials:
   * anonymous requests.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** restic's extended options (`-o`): for S3, `s3.region`, `s3.bucket-lookup` (`auto`, `dns`, `path`) and `s3.list-objects-v1`; others are ignored. */
  options?: Readonly<Record<string, string | number | boolean>>;
  /** The REST server's user name when the URL has none (restic's RESTIC_REST_USERNAME). */
  restUsername?: string;
  /** The REST server's password when the URL has none (restic's RESTIC_REST_PASSWORD). */
  restPassword?: string;
  /** For an https REST or S3 server: files of CA certificates to trust instead of the system's (restic's `--cacert`). */
  cacert?: string | readonly string[];
  /** For an https REST or S3 server: a file with the client certificate and its private key, in PEM (restic's `--tls-client-cert`). */
  tlsClientCert?: string;
  /** For an https REST or S3 server: accept any server certificate (restic's `--insecure-tls`). */
  insecureTls?: boolean;
  /** The repository password. */
  password?: string;
  /** A file holding the password (read whole, white space around it trimmed, as restic does). */
  passwordFile?: string;
  /** A command that prints the password, split like restic splits it and run without a shell. */
  passwordCommand?: string;
  /** Aborts opening (reading keys, the index, the snapshots). */
  signal?: AbortSignal;
  /** The ID (or a prefix) of the key file to try first, like restic's `--key-hint`. */
  keyHint?: string;
  /** Run scrypt for at most this many key files (restic tries 20): the hinted one, then the cheapest first. Default 20. */
  maxKeys?: number;
  /** Bounds on the scrypt parameters of key files; a key file beyond them is refused, never run. Default: 256 MiB, p ≤ 32, N·r·p ≤ 2^23 (see ScryptLimits). */
  scryptLimits?: Partial<ScryptLimits>;
  /**
   * Check each pack file's SHA-256 against its name once, before its first use. Blob MACs and
   * IDs are verified either way, so no unverified byte is returned without it. Default: true for
   * a local folder; false for a REST server or S3, where it would download every pack it touches whole.
   */
  verifyPacks?: boolean;
  /** How many index and snapshot files are read at once (default 8). */
  concurrency?: number;
  /**
   * Close the reader, zeroing the master key, after this many milliseconds in which it did no
   * work (a paused stream counts as idle). Later calls reject with ReaderClosedError. Default:
   * never.
   */
  idleTimeoutMs?: number;
  /**
   * Called for each file the reader skips while it loads (at `open()` and `refresh()`): a
   * snapshot file that cannot be read, which restic too skips with a warning and lists the
   * others. The same list is `warnings` after the load. Throwing from it makes the load reject
   * with what it threw, for a caller who wants no snapshot missed silently.
   */
  onWarning?: (warning: ReaderWarning) => void;
}

/**
 * A file the reader skipped, as restic skips it (printing `could not load snapshot` or
 * `Ignoring "<id>"` on stderr). Only snapshot files are skipped: a damaged index file fails the
 * load, as it fails restic's `ls`, `find` and `dump`.
 */
export interface ReaderWarning {
  /** The file skipped, as `snapshots/<id>`. */
  file: string;
  /**
   * Why, as a typed error: RepositoryCorruptError (damaged, not this repository's, not a
   * snapshot), ObjectNotFoundError (gone since it was listed), BackendError (it cannot be read).
   */
  error: ResticError;
}

/** Options of the reading calls. */
export interface ReaderCallOptions {
  /** Aborting rejects the call (or ends the stream) with ResticAbortedError. */
  signal?: AbortSignal;
}

/** Which snapshots `snapshots()` returns, as restic's `--host`, `--tag` and `--path` filters. */
export interface ReaderSnapshotFilter extends SnapshotFilterOptions, ReaderCallOptions {}

/** Options of `ls()` / `lsStream()`. */
export interface ReaderLsOptions extends ReaderCallOptions {
  /** With a path, list what is below it at any depth (restic's `--recursive`). */
  recursive?: boolean;
}

/** Options of `find()`. */
export interface ReaderFindOptions extends SnapshotFilterOptions, ReaderCallOptions {
  /** Match without regard to case (`--ignore-case`). */
  ignoreCase?: boolean;
  /** Only these snapshots (IDs, prefixes, or `latest`). */
  snapshotIds?: readonly string[];
  /** Oldest snapshots first (restic: newest first). */
  reverse?: boolean;
}

/** `cat` through the reader: the repository's objects, parsed or raw, verified. */
export interface ReaderCatCommands {
  /** The repository's config: format version, ID, chunker polynomial. */
  config(options?: ReaderCallOptions): Promise<RepositoryConfig>;
  /** A snapshot as stored (no `id` field). A unique prefix of the ID, or `latest`, is enough. */
  snapshot(id: string, options?: ReaderCallOptions): Promise<SnapshotRecord>;
  /** An index file, decrypted. A unique prefix of its ID is enough. */
  index(id: string, options?: ReaderCallOptions): Promise<IndexFile>;
  /** A key file (its JSON; the master key inside stays encrypted). A unique prefix of its ID is enough. */
  key(id: string, options?: ReaderCallOptions): Promise<KeyFile>;
  /** A tree blob, parsed as stored (names Go-quoted, as `restic cat blob` prints them). Needs the whole ID. */
  tree(id: string, options?: ReaderCallOptions): Promise<Tree>;
  /** A blob's plaintext (decrypted, decompressed, verified). Needs the whole 64-digit ID. */
  blob(id: string, options?: ReaderCallOptions): Promise<Buffer>;
}
