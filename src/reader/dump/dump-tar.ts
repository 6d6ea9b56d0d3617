// What restic's tar dumper puts in a header for a node (internal/dump/tar.go): the path without
// its leading slash (a folder's with a trailing one), the permission bits plus the set-user-ID,
// set-group-ID and sticky bits, owner, times and link target, and the extended attributes as
// SCHILY.xattr PAX records.
import { ResticError } from '../errors.js';
import { timeKey } from '../repository/go-time.js';
import type { TarEntry } from './tar-header.js';
import type { DecodedNode } from '../walker/tree-reader.js';

// Go's os.FileMode bits.
const MODE_SETUID = 2 ** 23;
const MODE_SETGID = 2 ** 22;
const MODE_STICKY = 2 ** 20;

const bit = (mode: number, flag: number): boolean => Math.floor(mode / flag) % 2 === 1;

/** A name the tar would need as raw bytes that are not UTF-8: refused rather than written wrong. */
export function notUtf8(path: string): ResticError {
  return new ResticError(`${JSON.stringify(path)} has a name or link target that is not UTF-8: the reader cannot put it in a tar archive yet (restic dump can)`);
}

function xattrRecords(node: DecodedNode): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  const xattrs = node['extended_attributes'];
  if (!Array.isArray(xattrs)) return records;
  for (const attr of xattrs as { name?: unknown; value?: unknown }[]) {
    if (typeof attr?.name !== 'string') continue;
    const value = typeof attr.value === 'string' ? Buffer.from(attr.value, 'base64') : Buffer.alloc(0);
    // restic turns POSIX ACLs into SCHILY.acl.* text, which the reader does not decode yet.
    if (attr.name.startsWith('system.posix_acl_')) throw new ResticError(`${JSON.stringify(node.name)} has a POSIX ACL: the reader cannot put ACLs in a tar archive yet (restic dump can)`);
    records.set(`SCHILY.xattr.${attr.name}`, value);
  }
  return records;
}

/** The tar entry of a node at `path` (absolute, clean). */
export function tarEntryOf(path: string, node: DecodedNode): TarEntry {
  const fileMode = node.mode ?? 0;
  let mode = fileMode % 0o1000;
  if (bit(fileMode, MODE_SETUID)) mode |= 0o4000;
  if (bit(fileMode, MODE_SETGID)) mode |= 0o2000;
  if (bit(fileMode, MODE_STICKY)) mode |= 0o1000;
  const dir = node.type === 'dir';
  const link = node.type === 'symlink';
  const relative = path.slice(1);
  return {
    name: Buffer.from(dir ? `${relative}/` : relative, 'utf8'),
    // Types other than these (a fifo or device at the top of the folder) go in as empty files, as Go's writer does.
    typeflag: dir ? '5' : link ? '2' : '0',
    linkname: Buffer.from(link ? (node.linktarget ?? '') : '', 'utf8'),
    mode,
    uid: node.uid ?? 0,
    gid: node.gid ?? 0,
    uname: Buffer.from(typeof node.user === 'string' ? node.user : '', 'utf8'),
    gname: Buffer.from(typeof node.group === 'string' ? node.group : '', 'utf8'),
    size: node.size ?? 0,
    mtime: timeKey(node.mtime),
    paxRecords: xattrRecords(node),
  };
}
