// The reader's idle timeout: one timer at a time, however many calls, nodes and blobs mark work.

/** Calls `onIdle` once no work was marked for `ms` milliseconds and no load is under way. */
export class IdleTimer {
  readonly #ms: number | undefined;
  readonly #onIdle: () => void;
  #lastUsed = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Loads under way: the idle timeout waits for them. */
  #loads = 0;

  /** With `ms` undefined it never fires. */
  constructor(ms: number | undefined, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Notes work for the idle timeout: a timestamp per call, node or blob, and one timer at a time. */
  touch(): void {
    if (this.#ms === undefined) return;
    this.#lastUsed = Date.now();
    if (!this.#timer) this.#arm(this.#ms);
  }

  /** Runs a load (open, refresh), which the timer waits for. */
  async during<T>(load: () => Promise<T>): Promise<T> {
    this.#loads++;
    try {
      return await load();
    } finally {
      this.#loads--;
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const idle = Date.now() - this.#lastUsed;
      if (idle < this.#ms!) return this.#arm(this.#ms! - idle);
      // A load (open, refresh) is one call, however long its reads take: never closed under it.
      if (this.#loads > 0) return this.#arm(this.#ms!);
      this.#onIdle();
    }, delay);
    this.#timer.unref();
  }
}
