// Server-Sent Events: every open page gets each event as it is published.
export function eventHub() {
  const clients = new Set();
  const write = (res, event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  // A comment now and then keeps idle connections from being closed on the way.
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': still here\n\n');
  }, 15_000).unref();

  return {
    /** Answers a request with an event stream; `first` is sent at once (the current state). */
    subscribe(req, res, first) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Connection', 'keep-alive');
      res.flushHeaders();
      clients.add(res);
      req.once('close', () => clients.delete(res));
      for (const [event, data] of first) write(res, event, data);
    },
    publish(event, data) {
      for (const res of clients) write(res, event, data);
    },
    /** Ends every stream (the server stops). */
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
