/** One file or folder `find` matched. */
export interface FindMatch {
  /** The full path within the snapshot. */
  path: string;
  /** `mode` as text, like `ls -l` prints it (`-rw-r--r--`). */
  permissions: string;
  /** What kind of entry it is. */
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | string;
  /** Go's FileMode: permission bits plus type bits (folders 1<<31, links 1<<27). */
  mode: number;
  /** Last modification (RFC 3339). */
  mtime: string;
  /** Last access (RFC 3339). */
  atime: string;
  /** Last status change (RFC 3339). */
  ctime: string;
  /** The owner's numeric ID. */
  uid: number;
  /** The group's numeric ID. */
  gid: number;
  /** The owner's name, when the backup could look it up. */
  user?: string;
  /** The group's name, when the backup could look it up. */
  group?: string;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  device_id?: number;
  /** The size in bytes (files only). */
  size?: number;
  /** The number of hard links. */
  links?: number;
  /** A symlink's target. restic spells it this way (not `link_target`). */
  linktarget?: string;
  [field: string]: unknown;
}

/** The matches of `find` in one snapshot. */
export interface FindResult {
  /** What matched in this snapshot. */
  matches: FindMatch[];
  /** The number of matches in this snapshot. */
  hits: number;
  /** The snapshot's full ID. */
  snapshot: string;
  [field: string]: unknown;
}

/** Where `findObjects` found a blob, tree or pack: one entry a use. */
export interface FindObjectMatch {
  /** `blob` (a data blob) or `tree`. */
  object_type: 'blob' | 'tree' | string;
  /** The blob's or tree's full ID. */
  id: string;
  /** The file or folder that uses it, within the snapshot. */
  path?: string;
  /** For a data blob: the ID of the tree (folder) that lists the file using it. */
  parent_tree?: string;
  /** The snapshot's full ID. */
  snapshot?: string;
  /** The snapshot's time (RFC 3339). */
  time?: string;
  /** The pack that holds it (with `showPackId`). */
  pack_id?: string;
  [field: string]: unknown;
}
