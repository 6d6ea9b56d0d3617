// The API: which method and path does what. Every route here is reached only with the token.
import { checkPath, checkSnapshotId, download, listFolder, listSnapshots } from './browse.mjs';
import { clientGone, HttpError, readJson, sendJson } from './http.mjs';

export function apiRoutes({ repo, hub, jobs, actions, info, activity }) {
  const GET = {
    '/api/info': (req, res) => sendJson(res, 200, info),
    '/api/snapshots': async (req, res) => sendJson(res, 200, { snapshots: await listSnapshots(repo, clientGone(res)) }),
    '/api/ls': async (req, res, query) => {
      const listing = await listFolder(repo, checkSnapshotId(query.get('snapshot')), checkPath(query.get('path')), clientGone(res));
      sendJson(res, 200, listing);
    },
    '/api/download': async (req, res, query) => {
      const kind = query.get('kind') === 'dir' ? 'dir' : 'file';
      await download(repo, res, checkSnapshotId(query.get('snapshot')), checkPath(query.get('path')), kind);
    },
    '/api/events': (req, res) => hub.subscribe(req, res, [['job', jobs.current()]]),
    '/api/activity': (req, res) => activity.handle(req, res),
  };
  const POST = {
    '/api/restore': async (req, res) => sendJson(res, 202, await actions.restore(await readJson(req))),
    '/api/backup': async (req, res) => {
      await readJson(req);
      sendJson(res, 202, await actions.backup());
    },
    '/api/cancel': async (req, res) => {
      await readJson(req);
      sendJson(res, 202, jobs.cancel());
    },
  };

  /** The route's handler for this request, or undefined; an HttpError for a wrong method. */
  return function route(method, pathname) {
    const table = method === 'GET' ? GET : method === 'POST' ? POST : undefined;
    const handler = table?.[pathname];
    if (handler) return handler;
    if (pathname in GET || pathname in POST) throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed here`);
    return undefined;
  };
}
