/** `cat config`. */
export interface RepositoryConfig {
  /** The repository format: 1, or 2 (compression; what `init` creates from restic 0.14). */
  version: number;
  /** The repository's ID (64 hex digits). */
  id: string;
  /** The polynomial of the content-defined chunker, in hex; `init --copy-chunker-params` copies it. */
  chunker_polynomial: string;
  [field: string]: unknown;
}

/** `cat masterkey`: the repository's keys. Handle as a secret. */
export interface MasterKey {
  /** The Poly1305-AES authentication key, base64. */
  mac: {
    /** The AES-128 part, base64. */
    k: string;
    /** The Poly1305 part, base64. */
    r: string;
  };
  /** The AES-256 encryption key, base64. */
  encrypt: string;
  [field: string]: unknown;
}

/** `cat key <id>`: a key file, its master key encrypted with a password-derived key. */
export interface KeyFile {
  /** When the key was added (RFC 3339, with the zone offset of the machine). */
  created: string;
  /** The user recorded in the key. */
  username: string;
  /** The host name recorded in the key. */
  hostname: string;
  /** The key derivation function: `scrypt`. */
  kdf: string;
  /** scrypt's cost parameter N. */
  N: number;
  /** scrypt's block size parameter r. */
  r: number;
  /** scrypt's parallelism parameter p. */
  p: number;
  /** The scrypt salt, base64. */
  salt: string;
  /** The master key, encrypted with the key derived from the password, base64. */
  data: string;
  [field: string]: unknown;
}

/** `cat lock <id>`. */
export interface LockFile {
  /** When this lock file was written (RFC 3339); restic refreshes a lock by writing a new file. */
  time: string;
  /** True for an exclusive lock (`prune`, `check`, …), false for a shared one (`backup`, …). */
  exclusive: boolean;
  /** The host of the restic process that holds the lock. */
  hostname: string;
  /** The user that process runs as. */
  username: string;
  /** The process ID on that host. */
  pid: number;
  /** The user's numeric ID; restic omits it when it is 0. */
  uid?: number;
  /** The user's numeric group ID; restic omits it when it is 0. */
  gid?: number;
  [field: string]: unknown;
}

/** One blob in an index entry. */
export interface IndexBlob {
  /** The blob's ID (64 hex digits). */
  id: string;
  /** `data` (file content) or `tree` (a folder listing). */
  type: 'data' | 'tree';
  /** Where the blob starts in the pack file, in bytes. */
  offset: number;
  /** The blob's size in the pack file (encrypted, and compressed when it is), in bytes. */
  length: number;
  /** Repository format 2 (compressed blobs). */
  uncompressed_length?: number;
  [field: string]: unknown;
}

/** `cat index <id>`. */
export interface IndexFile {
  /** IDs of older index files this one replaces; usually absent or null. */
  supersedes?: string[] | null;
  /** The pack files this index describes. */
  packs: {
    /** The pack file's ID. */
    id: string;
    /** The blobs stored in that pack. */
    blobs: IndexBlob[];
  }[];
  [field: string]: unknown;
}

/** One entry of a tree (a file, folder, link, …) as stored. */
export interface TreeNode {
  /** The entry's name within its folder. */
  name: string;
  /** What kind of entry it is. */
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | 'irregular' | string;
  /** Go's FileMode: permission bits plus type bits (folders 1<<31, links 1<<27). */
  mode?: number;
  /** Last modification (RFC 3339). */
  mtime?: string;
  /** Last access (RFC 3339). */
  atime?: string;
  /** Last status change (RFC 3339). */
  ctime?: string;
  /** The owner's numeric ID. */
  uid?: number;
  /** The group's numeric ID. */
  gid?: number;
  /** The owner's name, when the backup could look it up. */
  user?: string;
  /** The group's name, when the backup could look it up. */
  group?: string;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  inode?: number;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  device_id?: number;
  /** The file's size in bytes (files only). */
  size?: number;
  /** The number of hard links. */
  links?: number;
  /** A symlink's target. */
  linktarget?: string;
  /** The data blobs of a file, in order. */
  content?: string[] | null;
  /** The tree of a folder. */
  subtree?: string;
  [field: string]: unknown;
}

/** A tree blob (`cat blob <tree id>`, `cat tree <snapshot>:<folder>`). */
export interface Tree {
  /** The folder's entries, sorted by name. */
  nodes: TreeNode[];
  [field: string]: unknown;
}

/** One key of `key list`. `created` is local time without a zone, as restic prints it. */
export interface KeyInfo {
  /** True for the key that opened the repository in this call. */
  current: boolean;
  /** 64 hex digits (resticjs completes the 8-digit IDs restic before 0.17 prints). */
  id: string;
  /** The user recorded in the key. */
  userName: string;
  /** The host name recorded in the key. */
  hostName: string;
  /** When the key was added, `YYYY-MM-DD HH:MM:SS`. */
  created: string;
  [field: string]: unknown;
}

/** One line of `list blobs`. */
export interface BlobEntry {
  /** `data` or `tree`. */
  type: 'data' | 'tree' | string;
  /** The blob's ID (64 hex digits). */
  id: string;
}
