// What every response shares: security headers, JSON bodies, and errors as short messages.
import { ResticError } from 'resticjs';

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Nothing here is worth keeping: listings change with every backup, and the token must not
  // outlive the server in a cache.
  'Cache-Control': 'no-store',
};

/** An error the server means the page to see, with its HTTP status. */
export class HttpError extends Error {
  constructor(status, name, message) {
    super(message);
    this.status = status;
    this.name = name;
  }
}

export function setSecurityHeaders(res) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** HTTP statuses of the library's errors that are the caller's doing or a conflict. */
const STATUS_BY_NAME = {
  InvalidArgumentError: 400,
  RepositoryLockedError: 409,
  UnsupportedFeatureError: 501,
};

/**
 * 'snapshot' or 'path' when the error says the snapshot or the path asked for is not there:
 * the native reader's ObjectNotFoundError, or restic's own words in a plain ResticError (as
 * 0.14 to 0.19 print them). A missing blob or tree is damage, not a 404: left out.
 */
function missing(error) {
  if (error.name === 'ObjectNotFoundError') return error.kind === 'snapshot' || error.kind === 'path' ? error.kind : undefined;
  if (error.name !== 'ResticError') return undefined;
  const text = `${error.message}\n${error.stderr ?? ''}`;
  if (/no matching ID found|failed to find snapshot/.test(text)) return 'snapshot';
  if (/not found in snapshot/.test(text)) return 'path';
  return undefined;
}

/**
 * `{ status, error, message }` for the page: the error's class name and the first line of its
 * message, for the library's errors (which hold no secret) and the server's own; a bare
 * "unexpected error" for anything else, whose message may say more than the page should.
 * Never a stack trace.
 */
export function describeError(error) {
  if (error instanceof HttpError) return { status: error.status, error: error.name, message: error.message };
  if (error instanceof ResticError) {
    const gone = missing(error);
    if (gone) return { status: 404, error: 'NotFound', message: gone === 'snapshot' ? 'no such snapshot' : 'no such path in this snapshot' };
    const message = String(error.message).split('\n')[0].slice(0, 300);
    return { status: STATUS_BY_NAME[error.name] ?? 500, error: error.name, message };
  }
  return { status: 500, error: 'Error', message: "unexpected error (the server's output says more)" };
}

export function sendError(res, error) {
  const { status, ...body } = describeError(error);
  if (status === 500) console.error(`error: ${error?.name}: ${error?.message}`);
  if (res.headersSent) res.destroy();
  else sendJson(res, status, body);
}

/** A signal that fires when the client goes away before the answer is complete. */
export function clientGone(res) {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** A request's JSON body (at most 64 KiB), as an object. */
export async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new HttpError(413, 'TooLarge', 'the request body is too large');
    chunks.push(chunk);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // Refused below, like a body that is JSON but no object.
  }
  throw new HttpError(400, 'BadRequest', 'expected a JSON object');
}
