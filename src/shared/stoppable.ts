import { Readable } from 'node:stream';

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/** Why a stream's own signal fires when its consumer closes it: no abort of the call, no failure of restic's. */
export class StreamClosedError extends Error {
  constructor() {
    super('the stream was closed');
    this.name = 'StreamClosedError';
  }
}

/**
 * An async generator queues return() behind a pending next(). A loop left, or a stream
 * destroyed, while restic prints nothing (waiting for a lock, a stalled backend) would then
 * leave restic running until it speaks again. This iterator runs `body` with a signal of its
 * own: return() and throw() fire it at once (restic gets SIGINT then, and SIGKILL after the
 * grace period), then wait for `body` to wind down, so that restic has exited and its lock
 * is gone when they resolve. The caller's `signal` fires it too.
 */
class StoppableIterator<T> implements AsyncGenerator<T, void, undefined> {
  readonly #controller = new AbortController();
  readonly #inner: AsyncGenerator<T, void, undefined>;
  readonly #unlink: () => void;
  /** The step in flight, settled or not; return() waits for it before closing `body`. */
  #pending: Promise<unknown> = Promise.resolve();
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(body: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>, signal: AbortSignal | undefined) {
    this.#unlink = follow(signal, this.#controller);
    this.#inner = body(this.#controller.signal);
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.#stopped) return Promise.resolve(DONE);
    const step = this.#inner.next().then(
      (result) => {
        if (result.done) this.#unlink();
        return this.#stopped ? DONE : result;
      },
      (error: unknown) => {
        this.#unlink();
        // What restic said as it was stopped is no news to a consumer that asked it to stop.
        if (this.#stopped) return DONE;
        throw error;
      },
    );
    this.#pending = step.catch(() => undefined);
    return step;
  }

  async return(): Promise<IteratorResult<T, void>> {
    this.#closing ??= this.#close();
    await this.#closing;
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #close(): Promise<void> {
    this.#stopped = true;
    this.#controller.abort(new StreamClosedError());
    try {
      await this.#pending;
      await this.#inner.return(undefined);
    } catch {
      // The body's finally blocks wait for restic and unlock; an error after a stop is ours.
    } finally {
      this.#unlink();
    }
  }
}

/** Aborts `controller` when `signal` fires; returns what stops following it. */
function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** `body` as an async iterator that stops it at once when left (see StoppableIterator). */
export function stoppable<T>(body: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>, signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
  return new StoppableIterator(body, signal);
}

/**
 * `body`'s bytes as a Readable whose destroy() stops it at once: Readable.from calls the
 * iterator's return() on destroy, which here does not wait for a pending read. 'close'
 * comes once restic has exited and its lock is gone.
 */
export function stoppableReadable(body: (signal: AbortSignal) => AsyncGenerator<Buffer, void, undefined>, signal?: AbortSignal): Readable {
  return Readable.from(stoppable(body, signal), { objectMode: false });
}
