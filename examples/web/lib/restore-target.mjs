// Where a restore may write: a NEW folder inside the restore root, named relative to it.
//
// `..` and absolute paths are refused; the folder's parent must exist and resolve, with
// realpath, inside the (real) root; the folder itself is made here with a plain mkdir, which
// fails on anything already there. So restic always writes into an empty folder of ours:
// restic 0.14 restores through a symbolic link that an earlier restore left in an existing
// target (0.19 replaces it), which could write outside the root.
// The check runs when the restore is asked for: it protects the root from the page, not
// from local users who can write into the root.
import { mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { HttpError } from './http.mjs';

const refuse = (why) => new HttpError(400, 'RestoreTargetRefused', why);

const inside = (root, path) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** The real root, made if missing (with its parents), checked once at start. */
export async function realRoot(root) {
  await mkdir(root, { recursive: true });
  return realpath(root);
}

/** The absolute folder to restore into, made now and empty; an HttpError when refused. */
export async function restoreTarget(root, requested) {
  if (typeof requested !== 'string' || requested.trim() === '') throw refuse('name a new folder inside the restore root');
  if (requested.includes('\0')) throw refuse('the folder name holds a NUL character');
  if (isAbsolute(requested) || /^[\\/]|^[a-zA-Z]:/.test(requested)) throw refuse('absolute paths are refused: name a new folder inside the restore root');
  const parts = requested.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw refuse('".." is refused: name a new folder inside the restore root');
  if (parts.length === 0) throw refuse('name a new folder inside the restore root');

  const name = parts.pop();
  const shown = [...parts, name].join('/');
  const parent = await realpath(join(root, ...parts)).catch((error) => {
    if (error.code === 'ENOENT') throw refuse(`the folder ${parts.join('/')} does not exist: name a new folder in an existing one`);
    if (error.code === 'ENOTDIR') throw refuse('a file stands where the target needs a folder');
    throw error;
  });
  if (!inside(root, parent)) throw refuse('the target leaves the restore root');

  const target = join(parent, name);
  // Not recursive: it fails if anything (a folder, a file, a symbolic link) is there.
  await mkdir(target).catch((error) => {
    if (error.code === 'EEXIST') throw new HttpError(409, 'RestoreTargetExists', `choose a new folder: ${shown} exists`);
    if (error.code === 'ENOTDIR') throw refuse('a file stands where the target needs a folder');
    throw error;
  });
  return target;
}
