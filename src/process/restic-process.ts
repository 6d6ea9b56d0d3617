import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LineSplitter } from './line-splitter.js';
import type { Redactor } from './redact.js';
import { StderrCapture } from './stderr-capture.js';

/** The shape of `child_process.spawn`, injectable so that tests can watch what is spawned. */
export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ProcessSpec {
  binary: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
  /** How long restic may take to exit after SIGINT before it is killed with SIGKILL. */
  killGracePeriodMs?: number | undefined;
  spawn?: SpawnFunction;
  redact: Redactor;
  /**
   * Each stderr line as it arrives, not redacted (for parsing restic's messages; what is kept
   * of stderr is redacted). If it throws, restic is stopped and the outcome carries the error.
   */
  onStderrLine?: ((line: string) => void) | undefined;
  /**
   * A secret restic asks for on stdin (a new key's password, when no file is named): written
   * to restic's stdin and closed, so it never touches argv or the disk. Without it, stdin is
   * /dev/null and restic can never wait for input.
   */
  secretInput?: string | undefined;
  /** Data for restic's stdin (`backup --stdin`), piped with back-pressure. If reading it fails, restic is stopped and the outcome carries the error. */
  stdin?: StdinSource | undefined;
}

/** What can be fed to restic's stdin. */
export type StdinSource = Readable | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | Uint8Array | string;

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The caller's AbortSignal fired while restic ran. */
  aborted: boolean;
  /** Set when restic could not be started at all (ENOENT, EACCES, …). */
  spawnError: NodeJS.ErrnoException | undefined;
  /** What the caller's onStderrLine threw, or the stdin source's error, if either happened (restic was then stopped). */
  callbackError?: unknown;
  /** stderr, redacted, bounded (see StderrCapture). */
  stderr: string;
  /**
   * stderr before redaction, only for telling errors apart (a password such as "wrong" must
   * not hide restic's "wrong password" from the matcher). Never copied into an error.
   */
  unredactedStderr?: string;
  /** The arguments as given, redacted. */
  args: readonly string[];
}

export const DEFAULT_KILL_GRACE_PERIOD_MS = 10_000;
/** After restic exits, how often its pipes are looked at for being held open by a grandchild. */
const PIPE_IDLE_CHECK_MS = 1_000;

function isReadable(source: unknown): source is Readable {
  if (source instanceof Readable) return true;
  return typeof source === 'object' && source !== null && typeof (source as Readable).pipe === 'function' && typeof (source as Readable).on === 'function';
}

/** Whether `value` is something restic's stdin can be fed from (see StdinSource); checked before restic starts. */
export function isStdinSource(value: unknown): value is StdinSource {
  if (typeof value === 'string' || value instanceof Uint8Array || isReadable(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** The source as a Readable, made before restic starts, so that a bad one never leaves restic waiting on its stdin. */
function stdinReadable(source: StdinSource): Readable {
  if (isReadable(source)) return source;
  return Readable.from(typeof source === 'string' || source instanceof Uint8Array ? [source] : source);
}

/**
 * What is kept of a failed spawn. Node's error carries restic's argv as it was given
 * (`spawnargs`), secrets and all, and util.inspect prints it: only plain fields are copied,
 * the message and argv redacted.
 */
function safeSpawnError(error: unknown, spec: ProcessSpec): NodeJS.ErrnoException {
  const from = (typeof error === 'object' && error !== null ? error : {}) as NodeJS.ErrnoException;
  const safe: NodeJS.ErrnoException & { spawnargs?: string[] } = new Error(spec.redact(typeof from.message === 'string' ? from.message : String(error)));
  if (typeof from.code === 'string') safe.code = from.code;
  if (typeof from.errno === 'number') safe.errno = from.errno;
  if (typeof from.syscall === 'string') safe.syscall = spec.redact(from.syscall);
  safe.path = spec.redact(spec.binary);
  safe.spawnargs = spec.args.map(spec.redact);
  return safe;
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If the Node process exits while restic runs, restic must not run on unsupervised. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

/**
 * One running restic. It knows nothing about restic's commands: it spawns with an argv
 * array (never a shell), exposes stdout as lines, keeps stderr, stops restic on abort
 * (SIGINT, then SIGKILL after a grace period) and reports how it ended. `finished` never
 * rejects; turning an outcome into an error is the caller's business.
 */
export class ResticProcess {
  readonly finished: Promise<ProcessOutcome>;
  private readonly child: ChildProcess;
  private exited = false;
  private aborted = false;
  private stopping = false;
  private killTimer: NodeJS.Timeout | undefined;
  private linesTaken = false;

  private constructor(private readonly spec: ProcessSpec) {
    const spawn = spec.spawn ?? (nodeSpawn as SpawnFunction);
    const input = spec.stdin === undefined ? undefined : stdinReadable(spec.stdin);
    try {
      this.child = spawn(spec.binary, spec.args, {
        env: spec.env,
        stdio: [spec.secretInput === undefined && spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (error) {
      // spawn() throws at once for some failures (ENOTDIR, ENAMETOOLONG, E2BIG): report them like an asynchronous ENOENT.
      this.child = undefined as unknown as ChildProcess;
      this.exited = true;
      this.finished = Promise.resolve(this.outcome(null, null, safeSpawnError(error, spec), '', ''));
      return;
    }
    liveChildren.add(this.child);
    installExitHook();
    if (spec.secretInput !== undefined) {
      // restic may fail before reading it; a closed pipe is then no error of ours.
      this.child.stdin?.on('error', () => {});
      this.child.stdin?.end(spec.secretInput + '\n');
    }
    this.finished = this.watch();
    if (input) this.feedStdin(input);
  }

  private inputError: unknown;

  /** Pipes the source into restic's stdin; pipeline() pauses the source while restic is busy. */
  private feedStdin(readable: Readable): void {
    const stdin = this.child.stdin;
    if (!stdin) return;
    pipeline(readable, stdin).catch((error: NodeJS.ErrnoException) => {
      // restic closing its stdin early (it failed, or was stopped) is its outcome to report, not ours.
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_PREMATURE_CLOSE' || this.exited) return;
      this.inputError = error;
      this.stop();
    });
  }

  static start(spec: ProcessSpec): ResticProcess {
    return new ResticProcess(spec);
  }

  /** Whether restic was interrupted by us (an abort, a loop left early, a callback that threw) rather than ending by itself. */
  get interrupted(): boolean {
    return this.stopping;
  }

  /** Asks restic to stop (SIGINT lets it remove its lock), and kills it if it has not exited after the grace period. */
  stop(): void {
    if (this.exited || this.stopping) return;
    this.stopping = true;
    this.child.kill('SIGINT');
    const grace = this.spec.killGracePeriodMs ?? DEFAULT_KILL_GRACE_PERIOD_MS;
    this.killTimer = setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, grace);
  }

  /**
   * stdout as lines, a batch per chunk read (one await per chunk, not per line: a million-line
   * listing would otherwise allocate a promise or two per line in every layer above), read
   * with back-pressure: restic is paused while the consumer is busy. Leaving the loop early
   * stops restic. Can be taken once.
   */
  async *lineBatches(): AsyncGenerator<string[], void, undefined> {
    if (this.linesTaken) throw new Error('ResticProcess output can be taken once');
    this.linesTaken = true;
    if (!this.child) return;
    const stdout = this.child.stdout as Readable;
    const splitter = new LineSplitter();
    let complete = false;
    try {
      try {
        for await (const chunk of stdout) {
          const lines = splitter.push(chunk as Buffer);
          if (lines.length > 0) yield lines;
        }
      } catch {
        // A pipe error ends the output; the outcome tells what happened to restic.
      }
      const last = splitter.end();
      if (last !== undefined) yield [last];
      complete = true;
    } finally {
      if (!complete) this.stop();
    }
  }

  /** stdout as raw bytes, for output that is not text (`cat pack`, `cat blob`). Can be taken once, instead of lineBatches(). */
  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    if (this.linesTaken) throw new Error('ResticProcess output can be taken once');
    this.linesTaken = true;
    let complete = false;
    try {
      try {
        if (this.child) for await (const chunk of this.child.stdout as Readable) yield chunk as Buffer;
      } catch {
        // A pipe error ends the output; the outcome tells what happened to restic.
      }
      complete = true;
    } finally {
      if (!complete) this.stop();
    }
  }

  /**
   * A grandchild of restic (ssh, rclone) can keep our pipes open after restic has exited, and
   * the call would never end. After the exit, a pipe that stays idle (no bytes arrive and none
   * wait to be read) for two checks in a row is let go. A pipe that still delivers, or holds
   * data a slow consumer has not read yet, is left alone.
   */
  private releaseIdlePipes(): void {
    const pipes = [this.child.stdout, this.child.stderr] as ((Readable & { bytesRead?: number }) | null)[];
    const seen = pipes.map((p) => p?.bytesRead ?? 0);
    const idleChecks = pipes.map(() => 0);
    const timer = setInterval(() => {
      pipes.forEach((pipe, i) => {
        if (!pipe || pipe.readableEnded || pipe.destroyed) return;
        const now = pipe.bytesRead ?? 0;
        idleChecks[i] = now === seen[i] && pipe.readableLength === 0 ? (idleChecks[i] as number) + 1 : 0;
        seen[i] = now;
        if ((idleChecks[i] as number) >= 2) pipe.destroy();
      });
      if (pipes.every((p) => !p || p.readableEnded || p.destroyed)) clearInterval(timer);
    }, PIPE_IDLE_CHECK_MS);
    timer.unref();
  }

  private outcome(exitCode: number | null, signal: NodeJS.Signals | null, spawnError: NodeJS.ErrnoException | undefined, stderr: string, unredactedStderr: string): ProcessOutcome {
    return { exitCode, signal, aborted: this.aborted, spawnError, stderr, unredactedStderr, args: this.spec.args.map(this.spec.redact) };
  }

  private watch(): Promise<ProcessOutcome> {
    const { spec, child } = this;
    const capture = new StderrCapture();
    const unredacted = new StderrCapture();
    let spawnError: NodeJS.ErrnoException | undefined;
    let callbackFailed = false;
    let callbackError: unknown;

    const onAbort = (): void => {
      // restic already gone: its own outcome stands (a backup that finished wrote its snapshot).
      if (this.exited) return;
      this.aborted = true;
      this.stop();
    };
    if (spec.signal) {
      if (spec.signal.aborted) queueMicrotask(onAbort);
      else spec.signal.addEventListener('abort', onAbort, { once: true });
    }

    const stderrDone = new Promise<void>((resolve) => {
      const stderr = child.stderr as Readable;
      const splitter = new LineSplitter();
      const take = (line: string): void => {
        unredacted.add(line);
        capture.add(spec.redact(line));
        if (!spec.onStderrLine || callbackFailed) return;
        try {
          spec.onStderrLine(line);
        } catch (error) {
          callbackFailed = true;
          callbackError = error;
          this.stop();
        }
      };
      stderr.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(chunk)) take(line);
      });
      const finish = (): void => {
        const last = splitter.end();
        if (last !== undefined) take(last);
        resolve();
      };
      stderr.once('end', finish);
      stderr.once('close', finish);
      stderr.once('error', finish);
    });

    return new Promise<ProcessOutcome>((resolve) => {
      let settled = false;
      const settle = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
        if (settled) return;
        settled = true;
        this.exited = true;
        if (this.killTimer) clearTimeout(this.killTimer);
        spec.signal?.removeEventListener('abort', onAbort);
        const outcome = this.outcome(exitCode, signal, spawnError, capture.text(), unredacted.text());
        if (callbackFailed) resolve({ ...outcome, callbackError });
        else if (this.inputError !== undefined) resolve({ ...outcome, callbackError: this.inputError });
        else resolve(outcome);
      };

      child.on('error', (error: NodeJS.ErrnoException) => {
        // 'error' without a pid means restic never started; with a pid it is a failed kill(), which 'exit' follows.
        if (child.pid === undefined) {
          spawnError = safeSpawnError(error, spec);
          this.exited = true;
          liveChildren.delete(child);
          child.stdout?.destroy();
          child.stderr?.destroy();
          void stderrDone.then(() => settle(null, null));
        }
      });

      child.once('exit', (code, signal) => {
        this.exited = true;
        // Gone: the exit hook must not signal its PID, which the system may give to another process.
        liveChildren.delete(child);
        if (this.killTimer) clearTimeout(this.killTimer);
        // Runs until both pipes have ended (it clears itself); stderr's end alone says nothing of stdout.
        this.releaseIdlePipes();
        void stderrDone.then(() => settle(code, signal));
      });
    });
  }
}
