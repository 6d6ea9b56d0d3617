// The page's own files, from public/: only those present at start, by exact name, so no
// request path can reach anything else.
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** `folder`: a file: URL ending in `/`. */
export function staticFiles(folder) {
  const files = new Map();
  for (const name of readdirSync(folder)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(new URL(name, folder)) });
  }
  files.set('/', files.get('/index.html'));
  return {
    /** Answers the request and returns true if it names one of the page's files. */
    serve(pathname, res) {
      const file = files.get(pathname);
      if (!file) return false;
      res.setHeader('Content-Type', file.type);
      res.end(file.body);
      return true;
    },
  };
}
