// Go's path.Clean and path.Join, which restic uses for the paths inside a snapshot.

/** Go's path.Clean: the shortest equivalent path, processing `.`, `..` and repeated slashes. */
export function clean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Go's path.Join: the non-empty elements joined by slashes, cleaned. */
export function join(...elements: string[]): string {
  const nonEmpty = elements.filter((e) => e !== '');
  return nonEmpty.length === 0 ? '' : clean(nonEmpty.join('/'));
}
