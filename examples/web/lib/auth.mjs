// The access token: made at start, asked of every request, compared in constant time.
//
// The first page load carries it in the address (`/?token=…`, as printed at start); the
// server answers with an HttpOnly, SameSite=Strict cookie and sends the browser on to `/`,
// so the token leaves the address bar. Scripts may send `Authorization: Bearer <token>`.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hashed first, so that both sides of timingSafeEqual have the same length whatever was sent. */
const digest = (text) => createHash('sha256').update(text).digest();

/** The value of one cookie in a Cookie header, or undefined. */
function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function createAuth(port) {
  const token = randomBytes(32).toString('base64url');
  const expected = digest(token);
  // Cookies are kept per host, not per port: the port in the name keeps two servers apart.
  const cookieName = `resticjs_web_${port}`;
  const matches = (candidate) => typeof candidate === 'string' && timingSafeEqual(digest(candidate), expected);

  return {
    token,
    /** Whether the request carries the token in its cookie or its Authorization header. */
    allows(req) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return matches(cookie(req.headers.cookie, cookieName)) || matches(bearer);
    },
    /** Whether the address carries the token (the first page load only). */
    inQuery: (url) => matches(url.searchParams.get('token') ?? undefined),
    /** The Set-Cookie header that keeps the token for the requests that follow. */
    setCookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
  };
}
