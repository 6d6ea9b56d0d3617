import type { SnapshotRecord } from './snapshot.js';

/** The first message of `ls --json`: the snapshot listed. `message_type` is set on every version (restic before 0.17 sends only `struct_type`). */
export interface LsSnapshot extends SnapshotRecord {
  /** Always `snapshot` (set by resticjs where restic does not send it). */
  message_type: 'snapshot';
  /** Always `snapshot`; deprecated by restic in favour of `message_type`. */
  struct_type: 'snapshot';
  /** The snapshot's full ID (64 hex digits). */
  id: string;
  /** The first 8 hex digits of the ID. */
  short_id: string;
}

/** One file, folder or link of `ls --json`. */
export interface LsNode {
  /** Always `node` (set by resticjs where restic does not send it). */
  message_type: 'node';
  /** Always `node`; deprecated by restic in favour of `message_type`. */
  struct_type: 'node';
  /** The entry's name within its folder. */
  name: string;
  /** What kind of entry it is. */
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | 'irregular' | string;
  /** The full path within the snapshot, e.g. `/home/user/file.txt`. */
  path: string;
  /** The owner's numeric ID. */
  uid: number;
  /** The group's numeric ID. */
  gid: number;
  /** Files only. */
  size?: number;
  /** Go's FileMode: folders have bit 1<<31, links 1<<27. */
  mode: number;
  /** `mode` as text, like `ls -l` prints it (`-rw-r--r--`, `drwxr-xr-x`; Go's letters for special bits). */
  permissions?: string;
  /** Last modification (RFC 3339). */
  mtime: string;
  /** Last access (RFC 3339). */
  atime: string;
  /** Last status change (RFC 3339). */
  ctime: string;
  /** restic 0.16.1+. May exceed 2^53 and then lose precision in JavaScript. */
  inode?: number;
  [field: string]: unknown;
}

/** One message of `ls --json`: the snapshot first, then its nodes. */
export type LsMessage = LsSnapshot | LsNode;

/** `ls()` collected: the snapshot and its nodes. */
export interface LsResult {
  /** The snapshot listed. */
  snapshot: LsSnapshot;
  /** Its files, folders and links, in restic's order. */
  nodes: LsNode[];
}
