/** `cat config`. */
export interface RepositoryConfig {
  version: number;
  id: string;
  chunker_polynomial: string;
  [field: string]: unknown;
}

/** `cat masterkey`: the repository's keys. Handle as a secret. */
export interface MasterKey {
  mac: { k: string; r: string };
  encrypt: string;
  [field: string]: unknown;
}

/** `cat key <id>`: a key file, its master key encrypted with a password-derived key. */
export interface KeyFile {
  created: string;
  username: string;
  hostname: string;
  kdf: string;
  N: number;
  r: number;
  p: number;
  salt: string;
  data: string;
  [field: string]: unknown;
}

/** `cat lock <id>`. */
export interface LockFile {
  time: string;
  exclusive: boolean;
  hostname: string;
  username: string;
  pid: number;
  uid?: number;
  gid?: number;
  [field: string]: unknown;
}

/** One blob in an index entry. */
export interface IndexBlob {
  id: string;
  type: 'data' | 'tree';
  offset: number;
  length: number;
  /** Repository format 2 (compressed blobs). */
  uncompressed_length?: number;
  [field: string]: unknown;
}

/** `cat index <id>`. */
export interface IndexFile {
  supersedes?: string[] | null;
  packs: { id: string; blobs: IndexBlob[] }[];
  [field: string]: unknown;
}

/** One entry of a tree (a file, folder, link, …) as stored. */
export interface TreeNode {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | 'irregular' | string;
  mode?: number;
  mtime?: string;
  atime?: string;
  ctime?: string;
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  inode?: number;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  device_id?: number;
  size?: number;
  links?: number;
  linktarget?: string;
  /** The data blobs of a file, in order. */
  content?: string[] | null;
  /** The tree of a folder. */
  subtree?: string;
  [field: string]: unknown;
}

/** A tree blob (`cat blob <tree id>`, `cat tree <snapshot>:<folder>`). */
export interface Tree {
  nodes: TreeNode[];
  [field: string]: unknown;
}

/** One key of `key list`. `created` is local time without a zone, as restic prints it. */
export interface KeyInfo {
  current: boolean;
  /** 64 hex digits (resticjs completes the 8-digit IDs restic before 0.17 prints). */
  id: string;
  userName: string;
  hostName: string;
  created: string;
  [field: string]: unknown;
}

/** One line of `list blobs`. */
export interface BlobEntry {
  type: 'data' | 'tree' | string;
  id: string;
}
