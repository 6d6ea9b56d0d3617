/** One file or folder `find` matched. */
export interface FindMatch {
  path: string;
  permissions: string;
  type: 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket' | string;
  mode: number;
  mtime: string;
  atime: string;
  ctime: string;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  /** May exceed 2^53 and then lose precision in JavaScript. */
  device_id?: number;
  size?: number;
  links?: number;
  /** restic spells it this way (not `link_target`). */
  linktarget?: string;
  [field: string]: unknown;
}

/** The matches of `find` in one snapshot. */
export interface FindResult {
  matches: FindMatch[];
  hits: number;
  /** The snapshot's full ID. */
  snapshot: string;
  [field: string]: unknown;
}

/** Where `findObjects` found a blob, tree or pack: one entry a use. */
export interface FindObjectMatch {
  object_type: 'blob' | 'tree' | string;
  /** The blob's or tree's full ID. */
  id: string;
  /** The file or folder that uses it, within the snapshot. */
  path?: string;
  parent_tree?: string;
  /** The snapshot's full ID. */
  snapshot?: string;
  time?: string;
  /** The pack that holds it (with `showPackId`). */
  pack_id?: string;
  [field: string]: unknown;
}
