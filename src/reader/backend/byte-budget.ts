// A count of bytes held at once by the whole-file reads of one backend: a read takes its share
// before it allocates and gives it back once read, so that parallel reads of large files wait
// for each other instead of each allocating its own. First come, first served, so that a large
// file is not passed over for ever by small ones.
import { abortedError, throwIfAborted } from '../errors.js';

interface Waiter {
  bytes: number;
  resolve: () => void;
}

export class ByteBudget {
  #held = 0;
  readonly #waiting: Waiter[] = [];

  constructor(readonly total: number) {}

  /** Nothing else held, or room left: one share larger than the total still goes alone. */
  #fits(bytes: number): boolean {
    return this.#held === 0 || this.#held + bytes <= this.total;
  }

  /** Waits for room for `bytes`, takes it, and returns the function that gives it back (once). */
  async take(bytes: number, signal?: AbortSignal): Promise<() => void> {
    throwIfAborted(signal);
    if (this.#waiting.length > 0 || !this.#fits(bytes)) {
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          bytes,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          this.#next();
          reject(abortedError(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiting.push(waiter);
      });
    } else {
      this.#held += bytes;
    }
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#held -= bytes;
      this.#next();
    };
  }

  /** Lets the waiters at the head in while they fit; each is counted as it goes in. */
  #next(): void {
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0]!.bytes)) {
      const waiter = this.#waiting.shift()!;
      this.#held += waiter.bytes;
      waiter.resolve();
    }
  }
}
