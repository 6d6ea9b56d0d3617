// Talking to the server: JSON in and out, errors as { name, message } from the server.
// The token travels in an HttpOnly cookie the server set; this script never sees it.

export class ApiError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

async function answer(res) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.error ?? `HTTP ${res.status}`, body.message ?? res.statusText);
  return body;
}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  return answer(await fetch(query ? `${path}?${query}` : path, { headers: { Accept: 'application/json' } }));
}

export async function post(path, body = {}) {
  return answer(await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

export function downloadUrl(snapshot, path, kind) {
  return `/api/download?${new URLSearchParams({ snapshot, path, kind })}`;
}

/** "WrongPasswordError: wrong password or no key found". */
export const describe = (error) => `${error.name}: ${error.message}`;
