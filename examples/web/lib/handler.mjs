// Every request passes here: security headers, the host it was sent to, the token, and for
// actions a same-origin JSON POST; then the page's files or the API.
import { HttpError, sendError, setSecurityHeaders } from './http.mjs';

const NO_TOKEN = `This server needs the address it printed at start, with its ?token=…\n`;

export function requestHandler({ port, auth, files, route }) {
  const origin = `http://127.0.0.1:${port}`;
  // A page of another site whose name points at 127.0.0.1 sends its own host name: refused.
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return async function handle(req, res) {
    setSecurityHeaders(res);
    try {
      if (!hosts.has(req.headers.host ?? '')) throw new HttpError(421, 'WrongHost', 'this server answers at 127.0.0.1 only');
      const url = new URL(req.url ?? '/', origin);

      if (url.pathname === '/' && url.searchParams.has('token')) {
        if (!auth.inQuery(url)) throw new HttpError(401, 'Unauthorized', 'wrong token');
        // Keep the token in a cookie, and out of the address bar and the history.
        res.writeHead(303, { 'Set-Cookie': auth.setCookie(), Location: '/' });
        res.end();
        return;
      }
      if (!auth.allows(req)) {
        if (url.pathname.startsWith('/api/')) throw new HttpError(401, 'Unauthorized', 'no valid token');
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(NO_TOKEN);
        return;
      }
      if (req.method === 'POST') {
        // Actions come from this page only: its origin, and a JSON body a plain form cannot send.
        // The origin is the host checked above, so a page opened at localhost may act too.
        if (req.headers.origin !== undefined && req.headers.origin !== `http://${req.headers.host}`) throw new HttpError(403, 'WrongOrigin', 'actions are taken from this page only');
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'UnsupportedMediaType', 'actions send JSON');
      }

      if ((req.method === 'GET' || req.method === 'HEAD') && files.serve(url.pathname, res)) return;
      const handler = route(req.method, url.pathname);
      if (!handler) throw new HttpError(404, 'NotFound', 'nothing here');
      await handler(req, res, url.searchParams);
    } catch (error) {
      sendError(res, error);
    }
  };
}

