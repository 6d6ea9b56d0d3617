// `await using` for the classes that hold something to close (ResticReader, Restic).

/**
 * The key of the method `await using` calls: Symbol.asyncDispose, which Node has from 20.4 (and
 * 18.18) on. On an older Node, the registered `Symbol.for('Symbol.asyncDispose')`: what esbuild's
 * lowering of `await using` looks up when the global is missing, and what common polyfills
 * install as Symbol.asyncDispose. The global Symbol is left alone.
 */
export const ASYNC_DISPOSE: typeof Symbol.asyncDispose = (Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;

/**
 * Gives a class's instances `[Symbol.asyncDispose]()` under ASYNC_DISPOSE, as a method is
 * defined (not enumerable). The class declares it in an interface of the same name, so that
 * its type declarations read `[Symbol.asyncDispose](): Promise<void>` whatever the runtime has.
 */
export function defineAsyncDispose<T>(prototype: T, dispose: (this: T) => Promise<void>): void {
  Object.defineProperty(prototype, ASYNC_DISPOSE, { value: dispose, writable: true, configurable: true, enumerable: false });
}
