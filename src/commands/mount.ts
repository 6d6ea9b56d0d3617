import { checkString } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand, flag, local, repeated, value } from '../options/declare.js';
import { SNAPSHOT_FILTERS } from '../options/shared-options.js';
import { InvalidArgumentError, ResticAbortedError, ResticError } from '../errors.js';
import type { CommandContext, Invocation } from '../executor.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface MountOptions extends CallOptions, SnapshotFilterOptions {
  /** Let other users reach the mount (`--allow-other`; needs `user_allow_other` in /etc/fuse.conf). */
  allowOther?: boolean;
  /** Do not let the kernel check permissions (`--no-default-permissions`). */
  noDefaultPermissions?: boolean;
  /** Show every file as owned by root (`--owner-root`). */
  ownerRoot?: boolean;
  /** How snapshot folders are named and nested (`--path-template`, one each). */
  pathTemplates?: string | readonly string[];
  /** How the time in a snapshot folder's name is written (`--time-template`). */
  timeTemplate?: string;
  /** How long restic may take to serve the repository before the call gives up (default 60 000 ms). */
  readyTimeoutMs?: number;
}

/** A mounted repository. Closing it (or aborting the call's signal) stops restic, which unmounts. */
export interface MountHandle {
  /** The folder the repository is mounted on. */
  readonly mountpoint: string;
  /** Settles when restic has exited: resolves after `close()`, rejects with the typed error if restic failed on its own. */
  readonly closed: Promise<void>;
  /** Unmounts: SIGINT to restic (SIGKILL after the grace period), then waits for it to exit. */
  close(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;

function readyTimeout(option: string, timeoutMs: unknown): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidArgumentError(option, `expected milliseconds > 0, got ${String(timeoutMs)}`);
  }
  return timeoutMs;
}

/** `restic mount`: every option and the mount point, declared once. */
export const mountCommand = defineCommand<MountOptions>({
  call: 'mount',
  command: 'mount',
  options: () => ({
    allowOther: flag('allow-other'),
    noDefaultPermissions: flag('no-default-permissions'),
    ownerRoot: flag('owner-root'),
    pathTemplates: repeated('path-template'),
    timeTemplate: value('time-template'),
    readyTimeoutMs: local({ check: readyTimeout, sample: 1000 }),
    ...SNAPSHOT_FILTERS,
    mountpoint: argument({ check: (option, v) => checkString(option, v), sample: '/mnt' }),
  }),
});

export function mountArgs(mountpoint: string, options: MountOptions, installed: string): string[] {
  return argvOf(mountCommand, options, installed, { mountpoint });
}

/**
 * `restic mount`: serves the repository as a FUSE file system on `mountpoint` (an existing,
 * empty folder) and resolves once restic says it is serving. Needs FUSE (`/dev/fuse` and
 * `fusermount`); without it restic fails and the call rejects with its error.
 */
export async function mount(ctx: CommandContext, mountpoint: string, options: MountOptions = {}): Promise<MountHandle> {
  const args = mountArgs(mountpoint, options, await ctx.resticVersion(options?.signal));
  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  // One controller stops restic, for close() and for the caller's signal alike.
  const stop = new AbortController();
  let closing = false;
  const onAbort = (): void => {
    closing = true;
    stop.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const invocation: Invocation = {
    name: 'mount',
    args,
    signal: stop.signal,
    onLine: (line) => {
      if (/^Now serving the repository at /.test(line)) markReady();
    },
  };
  const closed = ctx.run(invocation).then((result) => {
    options.signal?.removeEventListener('abort', onAbort);
    if (closing) return;
    const error = ctx.errorFor(result, invocation);
    if (error) throw error;
    throw new ResticError('restic mount ended on its own (was the folder unmounted?)', { exitCode: result.exitCode, stderr: result.stderr, args: result.args });
  });
  const close = async (): Promise<void> => {
    if (!closing) {
      closing = true;
      stop.abort();
    }
    await closed;
  };

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const first = await Promise.race([ready.then(() => 'ready' as const), closed.then(() => 'ended' as const), timedOut]);
    if (first === 'ended') throw new ResticAbortedError('restic mount was aborted before it served the repository', { cause: options.signal?.reason });
    if (first === 'timeout') {
      await close().catch(() => undefined);
      throw new ResticError(`restic mount did not serve the repository within ${timeoutMs} ms`, { args });
    }
  } catch (error) {
    // Failed or aborted before it served: make sure restic is gone.
    closing = true;
    stop.abort();
    await closed.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  // After close(), `closed` resolves; a rejection (restic failed by itself) must not go unhandled.
  closed.catch(() => undefined);
  return { mountpoint, closed, close };
}
