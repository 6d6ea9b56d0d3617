// The onCommand hook: each restic run an instance starts, reported as it starts and as it ends.
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { ProcessOutcome } from './process/restic-process.js';

/**
 * One restic run, as the onCommand hook sees it. argv has every secret masked.
 *
 * Each run gives a `start` as restic is spawned and an `end` with the same `id` once it has
 * exited (or failed to start). Events are frozen.
 */
export type CommandEvent =
  | {
      /** restic is about to be spawned. */
      readonly type: 'start';
      /** Unique per run within the process, increasing; the run's `end` has the same. */
      readonly id: number;
      /** restic's command words as resticjs names the call, without flags: `'backup'`, `'key add'`, `'repair index'`, `'cat config'`. */
      readonly command: string;
      /** The binary (as `binaryPath` gives it), then every argument restic is given, masked as `ResticError.args` is. */
      readonly argv: readonly string[];
      /** When the run started. */
      readonly startedAt: Date;
    }
  | {
      /** restic has exited, was killed, or could not be started. */
      readonly type: 'end';
      /** The `id` of the run's `start`. */
      readonly id: number;
      /** As in the `start`. */
      readonly command: string;
      /** As in the `start`. */
      readonly argv: readonly string[];
      /** As in the `start`. */
      readonly startedAt: Date;
      /** Whole milliseconds from the spawn to restic's exit (a monotonic clock). */
      readonly durationMs: number;
      /** restic's exit code; `null` when a signal killed it or it never started. */
      readonly exitCode: number | null;
      /** The signal that ended restic (`'SIGINT'`, `'SIGKILL'`), if one did. */
      readonly signal?: string;
      /** The class name of the error the call rejects with because of this run (`'WrongPasswordError'`, `'IncompleteBackupError'`); absent on success. */
      readonly error?: string;
    };

type Hook = (event: CommandEvent) => unknown;

/**
 * Whether a run may carry its call's error. A main run does: the call rejects with what
 * resticjs made of it (IncompleteBackupError for backup's exit 3). A probe (`restic version`
 * for a feature gate) or a clean-up (`unlock` after an abort) carries only its own outcome.
 */
export type RunRole = 'main' | 'own';

// Kept on globalThis, so that a program that loads both the ESM and the CommonJS build still
// numbers its runs once.
const COUNTER = Symbol.for('resticjs.commandEvents.lastId');
const counter = globalThis as unknown as { [COUNTER]?: number };
function nextId(): number {
  counter[COUNTER] = (counter[COUNTER] ?? 0) + 1;
  return counter[COUNTER];
}
/** Hooks that have failed once: each is reported once, so a broken hook cannot flood the log. */
const failedHooks = new WeakSet<object>();

/** The class name of what a call rejects with: `WrongPasswordError`, or a hook's own `TypeError`. */
export function errorName(error: unknown): string {
  try {
    if (error instanceof Error) return error.name;
    return typeof error === 'object' && error !== null ? (error.constructor?.name ?? 'Object') : typeof error;
  } catch {
    return 'Error';
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'a value that cannot be printed';
  }
}

/** Calls the hook. What it throws, or the promise it returns rejects with, goes to one process warning, never to the caller. */
function deliver(hook: Hook, event: CommandEvent): void {
  const failed = (error: unknown): void => {
    if (failedHooks.has(hook)) return;
    failedHooks.add(hook);
    process.emitWarning(`the onCommand hook failed on the ${event.type} of restic ${event.command} (#${event.id}): ${describe(error)}; its later failures are not reported`, {
      type: 'ResticjsWarning',
      code: 'RESTICJS_ONCOMMAND_FAILED',
    });
  };
  try {
    const result = hook(event);
    if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
      Promise.resolve(result).catch(failed);
    }
  } catch (error) {
    failed(error);
  }
}

/** One run being reported: 'start' goes out at once; 'end' once it is known what the run meant to its call. */
export class ReportedRun {
  readonly #hook: Hook;
  readonly #start: Extract<CommandEvent, { type: 'start' }>;
  /** When the run started; each event gets its own Date, as a hook may change the one it got. */
  readonly #startedAt: number;
  readonly #began: number;
  #exitedAt: number | undefined;
  #outcome: ProcessOutcome | undefined;
  #reported = false;
  /** The error this run's outcome means by itself (see Executor's ownError). */
  own: string | undefined;

  constructor(
    hook: Hook,
    command: string,
    argv: readonly string[],
    readonly role: RunRole,
    private readonly call: CallScope | undefined,
  ) {
    this.#hook = hook;
    this.#startedAt = Date.now();
    this.#start = Object.freeze({ type: 'start', id: nextId(), command, argv: Object.freeze([...argv]), startedAt: new Date(this.#startedAt) });
    deliver(hook, this.#start);
    // After the hook: its own time is not restic's.
    this.#began = performance.now();
  }

  /** restic has exited (its outcome is settled): the end of the duration. */
  exited(): void {
    this.#exitedAt ??= performance.now();
  }

  /** How the run ended, and the error its outcome means by itself. Reported now, or when its call settles. */
  end(outcome: ProcessOutcome, own: string | undefined): void {
    this.exited();
    this.#outcome = outcome;
    this.own = own;
    if (this.role === 'own' || !this.call?.hold(this)) this.report(own);
  }

  /** Sends 'end' (once). */
  report(error: string | undefined): void {
    const outcome = this.#outcome;
    if (this.#reported || !outcome) return;
    this.#reported = true;
    const durationMs = Math.max(0, Math.round((this.#exitedAt ?? performance.now()) - this.#began));
    deliver(
      this.#hook,
      Object.freeze({
        ...this.#start,
        type: 'end',
        startedAt: new Date(this.#startedAt),
        durationMs,
        exitCode: outcome.exitCode,
        ...(outcome.signal ? { signal: outcome.signal } : {}),
        ...(error === undefined ? {} : { error }),
      }),
    );
  }
}

/**
 * One call of the API (`backup()`, `key.add()`), while a hook is set: its main runs' ends wait
 * until the call settles, so that the last one reports the error the call rejects with. One
 * that is still waiting on the next turn of the event loop reports its own outcome.
 */
export class CallScope {
  #held: ReportedRun[] = [];
  #settled = false;

  /** Holds an ended run until the call settles; false once it has (the run reports at once). */
  hold(run: ReportedRun): boolean {
    if (this.#settled) return false;
    this.#held.push(run);
    setImmediate(() => {
      if (this.#held.includes(run)) run.report(run.own);
    });
    return true;
  }

  /** A new main run starts: the ones before it did not end the call. */
  next(): void {
    const held = this.#held;
    this.#held = [];
    for (const run of held) run.report(run.own);
  }

  /** The call resolved (no error) or rejected: the last run held carries that. */
  settle(failed: boolean, error?: unknown): void {
    this.#settled = true;
    const held = this.#held;
    this.#held = [];
    held.forEach((run, i) => run.report(i < held.length - 1 ? run.own : failed ? errorName(error) : undefined));
  }
}

// Made on the first call with a hook: an AsyncLocalStorage costs every promise a little on
// Node 20, and importing node:async_hooks costs every program that imports resticjs about
// 2 ms, so it is loaded then too: at once with process.getBuiltinModule (Node 20.16+); on
// older releases by an import that the first call starts, its runs reporting their own outcome.
let calls: AsyncLocalStorage<CallScope> | undefined;
let importing = false;

function callStorage(): AsyncLocalStorage<CallScope> | undefined {
  if (calls) return calls;
  const hooks = process.getBuiltinModule?.('node:async_hooks');
  if (hooks) return (calls = new hooks.AsyncLocalStorage<CallScope>());
  if (!importing) {
    importing = true;
    import('node:async_hooks').then(
      (loaded) => void (calls ??= new loaded.AsyncLocalStorage<CallScope>()),
      () => undefined,
    );
  }
  return undefined;
}

/** The call whose code is running, if it has a hook (read when an Executor is made). */
export function currentCall(): CallScope | undefined {
  return calls?.getStore();
}

/**
 * Runs one call as a scope (see CallScope). It settles when the call does, or, for a result
 * that lives on (a mount), when `lasts(result)` does.
 */
export function inCall<T>(call: () => T, lasts?: (result: Awaited<T>) => Promise<unknown>): T {
  const storage = callStorage();
  if (storage === undefined) return call();
  const scope = new CallScope();
  const result = storage.run(scope, call);
  // Handled here, so that this chain never rejects; the caller still gets `result` as it was.
  Promise.resolve(result)
    .then((value) => (lasts ? lasts(value) : undefined))
    .then(
      () => scope.settle(false),
      (error: unknown) => scope.settle(true, error),
    );
  return result;
}

/** A run's reporter, for the settings' hook. */
export function reportRun(hook: Hook, command: string, argv: readonly string[], role: RunRole, call: CallScope | undefined): ReportedRun {
  if (role === 'main') call?.next();
  return new ReportedRun(hook, command, argv, role, call);
}
