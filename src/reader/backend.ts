// What the reader needs of a storage backend: list, read whole files, read a range of a pack,
// hash a whole pack. Implemented for local folders (local-backend.ts) and REST servers
// (rest-backend.ts).

export type FileType = 'keys' | 'snapshots' | 'index' | 'locks';

/** A whole ID (of a file, a pack, a blob or a tree): 64 lowercase hex digits. A file listed under another name is not restic's and is skipped. */
export const WHOLE_ID = /^[0-9a-f]{64}$/;

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
  /** The IDs of the files of one type, sorted. */
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
