import type { SnapshotRecord } from './snapshot.js';

/** The first message of `ls --json`: the snapshot listed. `message_type` is set on every version (restic before 0.17 sends only `struct_type`). */
export interface LsSnapshot extends SnapshotRecord {
  message_type: 'snapshot';
  struct_type: 'snapshot';
  id: string;
  short_id: string;
}

/** One file, folder or link of `ls --json`. */
export interface LsNode {
  message_type: 'node';
  struct_type: 'node';
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | 'irregular' | string;
  path: string;
  uid: number;
  gid: number;
  /** Files only. */
  size?: number;
  /** Go's FileMode: folders have bit 1<<31, links 1<<27. */
  mode: number;
  permissions?: string;
  mtime: string;
  atime: string;
  ctime: string;
  /** restic 0.16.1+. May exceed 2^53 and then lose precision in JavaScript. */
  inode?: number;
  [field: string]: unknown;
}

export type LsMessage = LsSnapshot | LsNode;

/** `ls()` collected: the snapshot and its nodes. */
export interface LsResult {
  snapshot: LsSnapshot;
  nodes: LsNode[];
}
