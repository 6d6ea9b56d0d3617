// Where a restore may write: a folder inside the restore root, named relative to it.
//
// `..`, absolute paths and symbolic links are refused; the folder is resolved with realpath
// and must stay inside the (real) root. The check runs when the restore is asked for: it
// protects the root from the page, not from local users who can write into the root.
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { HttpError } from './http.mjs';

const refuse = (why) => new HttpError(400, 'RestoreTargetRefused', why);

const inside = (root, path) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

async function exists(path) {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    if (error.code === 'ENOTDIR') throw refuse('a file stands where the target needs a folder');
    throw error;
  }
}

/** The real root, checked once at start. */
export async function realRoot(root) {
  return realpath(root);
}

/** The absolute folder to restore into, created if needed; an HttpError when refused. */
export async function restoreTarget(root, requested) {
  if (typeof requested !== 'string' || requested.trim() === '') throw refuse('name a folder inside the restore root');
  if (requested.includes('\0')) throw refuse('the folder name holds a NUL character');
  if (isAbsolute(requested) || /^[\\/]|^[a-zA-Z]:/.test(requested)) throw refuse('absolute paths are refused: name a folder inside the restore root');
  if (requested.split(/[\\/]+/).includes('..')) throw refuse('".." is refused: name a folder inside the restore root');

  const target = resolve(root, requested);
  // The deepest part that exists must be itself after realpath: no symbolic link on the way.
  let existing = target;
  while (!(await exists(existing))) existing = dirname(existing);
  const real = await realpath(existing).catch(() => undefined);
  if (real !== existing) throw refuse('symbolic links are refused in the restore target');
  if (!inside(root, real)) throw refuse('the target leaves the restore root');

  await mkdir(target, { recursive: true }).catch((error) => {
    throw error.code === 'EEXIST' || error.code === 'ENOTDIR' ? refuse('a file stands where the target needs a folder') : error;
  });
  // Again once it exists, in case something changed it in between.
  if ((await realpath(target)) !== target) throw refuse('symbolic links are refused in the restore target');
  return target;
}
