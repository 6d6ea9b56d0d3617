import { createServer, request } from 'node:http';

export interface StallingProxy {
  port: number;
  /** From now on, requests are held unanswered (a stalled backend). */
  stall(): void;
  /** Resolves once a request is being held. */
  held(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of `target` (a port), or with no target a server that
 * never answers. Once stalled, it holds every request without a word: what a client (restic,
 * the reader) then sees is a backend that went silent.
 */
export async function startStallingProxy(target?: number): Promise<StallingProxy> {
  let stalled = target === undefined;
  let holding = 0;
  const waiters: (() => void)[] = [];
  const server = createServer((incoming, outgoing) => {
    if (stalled) {
      holding++;
      for (const wake of waiters.splice(0)) wake();
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stall: () => {
      stalled = true;
      holding = 0;
    },
    held: () => (holding > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
