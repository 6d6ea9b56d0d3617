// What the reader needs of a storage backend: list, read whole files, read a range of a pack,
// hash a whole pack. Implemented for local folders (local.ts), REST servers (rest.ts) and S3
// buckets (s3.ts).

export type FileType = 'keys' | 'snapshots' | 'index' | 'locks';

/**
 * The largest file of each type the reader reads whole (as stored, and for snapshots and index
 * files also once decompressed); a larger one is refused as damaged before it is read. Each is
 * far above what restic writes, so that no real repository meets it:
 * - config and keys: restic's are a few hundred bytes.
 * - snapshots: a few KiB, but every path given to `backup` (`--files-from` can give millions) is
 *   listed in it, so a 256 MiB margin.
 * - index: restic splits them at 50 000 to 150 000 blobs, about 20 MiB of JSON; 0.17.0 to
 *   0.17.3's `repair index --read-all-packs` wrote one for the whole repository. 512 MiB is about
 *   as much as Node can hold in one string (V8's limit is 2^29 - 24 characters), so the most any
 *   index can be and still be parsed.
 */
export const MAX_FILE_BYTES: Readonly<Record<FileType | 'config', number>> = {
  config: 1024 * 1024,
  keys: 1024 * 1024,
  locks: 1024 * 1024,
  snapshots: 256 * 1024 * 1024,
  index: 512 * 1024 * 1024,
};

/**
 * The whole files a backend holds in memory at once, read or being read: a reader loads eight
 * snapshots or index files at a time, which could otherwise take eight times the bound above.
 * One file alone may take more (up to its own bound), so that any file can be read.
 */
export const MAX_BYTES_IN_FLIGHT = 512 * 1024 * 1024;

/** A pack file that does not exist (readPack and hashPack): the reader reports it as damage. */
export class MissingPackError extends Error {
  constructor(pack: string, options?: ErrorOptions) {
    super(`pack ${pack} does not exist`, options);
  }
}

export interface Backend {
  /** A description for error messages (the location, never a credential). */
  readonly location: string;
  /** The repository's config file, or RepositoryNotFoundError. */
  readConfig(signal?: AbortSignal): Promise<Buffer>;
  /** The IDs of the files of one type, sorted. A file named otherwise (not a whole ID) is not restic's: skipped. */
  list(type: FileType, signal?: AbortSignal): Promise<string[]>;
  /** A whole file; undefined if it does not exist. */
  read(type: FileType, id: string, signal?: AbortSignal): Promise<Buffer | undefined>;
  /** `length` bytes of a pack file from `offset`. Fewer bytes when the file is shorter; MissingPackError when there is none. */
  readPack(id: string, offset: number, length: number, signal?: AbortSignal): Promise<Buffer>;
  /** The SHA-256 of a whole pack file (hex), read as a stream; MissingPackError when there is none. */
  hashPack(id: string, signal?: AbortSignal): Promise<string>;
  /** Releases open files and connections. */
  close(): Promise<void>;
}
