import { currentCall, errorName, reportRun, type ReportedRun, type RunRole } from './command-events.js';
import { InvalidArgumentError, ResticAbortedError, type ResticError } from './errors.js';
import { requireFeature, type FeatureName } from './options/gate.js';
import { errorFromOutcome } from './process/outcome-error.js';
import { createRedactor, type Redactor } from './process/redact.js';
import { DEFAULT_KILL_GRACE_PERIOD_MS, ResticProcess, type ProcessOutcome, type StdinSource } from './process/restic-process.js';
import { buildEnvironment, hasRepository, secretsOf } from './environment.js';
import { globalFlags, settingsNeedVersion, validateSettings, type CallSettings } from './settings.js';
import { StreamClosedError } from './shared/stoppable.js';
import { untilAborted } from './shared/until-aborted.js';
import { parseVersionText, versionCache, type ResticVersion } from './version.js';

/** One run of restic, as a command module describes it. */
export interface Invocation {
  /** The command's name, for messages: `backup`, `key list`. */
  name: string;
  /** The command and its arguments (from the options builder); global flags are added here. */
  args: readonly string[];
  /** Add `--json`. */
  json?: boolean;
  /** Add `--quiet` (keeps restic's chatter out of stdout). */
  quiet?: boolean;
  /** Whether the command opens a repository (default true); refused early when none is configured. */
  needsRepository?: boolean;
  signal?: AbortSignal | undefined;
  /** Each stdout line as it arrives. Without it, stdout is kept and returned as `stdoutText`. */
  onLine?: (line: string) => void;
  /** Each stderr line (redacted) as it arrives. */
  onStderrLine?: (line: string) => void;
  /** Variables for this call only (a new key's password, a source repository's settings). */
  env?: Record<string, string | undefined>;
  /** Secrets of this call beyond the instance's, to redact. */
  secrets?: readonly (string | undefined)[];
  /** Keep stdout as raw bytes (`stdoutBuffer`) instead of text lines. */
  binaryStdout?: boolean;
  /** A secret restic reads from its stdin (see ProcessSpec.secretInput). */
  secretInput?: string;
  /** Data for restic's stdin (`backup --stdin`). */
  stdin?: StdinSource | undefined;
  /** After an abort, remove the stale lock restic may have left (default: for every repository command). */
  unlockAfterAbort?: boolean;
  /** Overrides the instance's grace period between SIGINT and SIGKILL for this run. */
  killGracePeriodMs?: number;
}

/** The clean-up after an abort gets restic this long to exit once its own time is up. */
const UNLOCK_KILL_GRACE_MS = 1_000;

/** How restic ended, plus its stdout: as text when the invocation had no `onLine` handler, as bytes with `binaryStdout`. */
export type RunResult = ProcessOutcome & { stdoutText: string; stdoutBuffer?: Buffer };

/** What command modules use to run restic. They never see child_process. */
export interface CommandContext {
  /** The installed restic's version (`0.19.1`), detected once per binary and cached. */
  resticVersion(signal?: AbortSignal): Promise<string>;
  /** Fails with UnsupportedFeatureError when the installed restic lacks a feature. */
  requireFeature(feature: FeatureName, signal?: AbortSignal): Promise<void>;
  /** Runs restic and resolves with how it ended, whatever the exit code. */
  run(invocation: Invocation): Promise<RunResult>;
  /** The typed error for an outcome, or undefined when restic succeeded. */
  errorFor(outcome: ProcessOutcome, invocation: Invocation): ResticError | undefined;
  /** Runs restic and throws the typed error unless it succeeded. */
  exec(invocation: Invocation): Promise<RunResult>;
  /** restic's stdout as batches of lines (or raw chunks); throws the typed error at the end. */
  stream(invocation: Invocation & { binaryStdout: true }): AsyncGenerator<Buffer, void, undefined>;
  stream(invocation: Invocation): AsyncGenerator<string[], void, undefined>;
  /** Remembers a version read by `version()`, so that feature gates need not run restic again. */
  rememberVersion(version: ResticVersion): void;
}

export const DEFAULT_BINARY = 'restic';

/** A restic started, and its report to the onCommand hook, if the settings have one. */
interface Started {
  child: ResticProcess;
  report: ReportedRun | undefined;
}

/** Runs restic for one call, with the settings the instance had when the call began. */
export class Executor implements CommandContext {
  /** The call this executor serves, when it has an onCommand hook (see command-events.ts). */
  readonly #call = currentCall();

  constructor(private readonly settings: CallSettings) {
    validateSettings(settings);
  }

  get binaryPath(): string {
    return this.settings.binaryPath ?? DEFAULT_BINARY;
  }

  /**
   * The installed restic's version, from `restic version` text (printed the same way by every
   * release), detected once per binary. The detection is shared by concurrent calls, so it runs
   * without any one caller's signal; each caller stops waiting when its own signal fires.
   */
  detectVersion(signal?: AbortSignal): Promise<ResticVersion> {
    const key = this.versionKey();
    let pending = versionCache.get(key);
    if (!pending) {
      pending = this.#exec({ name: 'version', args: ['version'], needsRepository: false }, 'own').then((result) => parseVersionText(result.stdoutText));
      versionCache.set(key, pending);
      // A failed detection (missing binary) must not be remembered.
      pending.catch(() => versionCache.delete(key));
    }
    return untilAborted(pending, signal, () => new ResticAbortedError('restic version was aborted', { cause: signal?.reason }));
  }

  rememberVersion(version: ResticVersion): void {
    versionCache.set(this.versionKey(), Promise.resolve(version));
  }

  private versionKey(): string {
    if (this.binaryPath.includes('/')) return this.binaryPath;
    // A bare name is looked up on PATH, which the instance's env may set (or remove): the same PATH buildEnvironment gives restic.
    const own = this.settings.env;
    const path = own && 'PATH' in own ? own['PATH'] : process.env['PATH'];
    return `${this.binaryPath}\0${path ?? ''}`;
  }

  async resticVersion(signal?: AbortSignal): Promise<string> {
    return (await this.detectVersion(signal)).restic_version;
  }

  async requireFeature(feature: FeatureName, signal?: AbortSignal): Promise<void> {
    requireFeature(await this.resticVersion(signal), feature);
  }

  /** Starts restic for an invocation, after the checks that need no process. */
  private async start(invocation: Invocation, role: RunRole): Promise<Started> {
    const { settings } = this;
    if (invocation.signal?.aborted) {
      throw new ResticAbortedError(`restic ${invocation.name} was aborted before it started`, { cause: invocation.signal.reason });
    }
    const env = buildEnvironment(settings, invocation.env);
    if (invocation.needsRepository !== false && !hasRepository(env)) {
      throw new InvalidArgumentError('repository', 'no repository is configured: set repository (or repositoryFile) on the instance');
    }
    const globals = invocation.needsRepository === false ? [] : await this.globalFlags(invocation.signal);
    const args = [...globals, ...(invocation.json ? ['--json'] : []), ...(invocation.quiet ? ['--quiet'] : []), ...invocation.args];
    const redact = createRedactor([...secretsOf(settings, env), ...(invocation.secrets ?? []), invocation.secretInput]);
    // The argv as errors show it (process/redact.ts), with the binary first, masked only when a
    // hook will see it; the clock starts before the spawn.
    const report = settings.onCommand === undefined ? undefined : reportRun(settings.onCommand, invocation.name, [this.binaryPath, ...args].map(redact), role, this.#call);
    let child: ResticProcess;
    try {
      child = this.spawn(invocation, args, env, redact);
    } catch (error) {
      // Not a failed spawn (that is an outcome): a start that threw still gets its end.
      report?.end({ exitCode: null, signal: null, aborted: false, spawnError: undefined, stderr: '', args: args.map(redact) }, errorName(error));
      throw error;
    }
    if (report) void child.finished.then(() => report.exited());
    return { child, report };
  }

  /** ResticProcess.start with the call's settings. */
  private spawn(invocation: Invocation, args: string[], env: NodeJS.ProcessEnv, redact: Redactor): ResticProcess {
    const { settings } = this;
    return ResticProcess.start({
      binary: this.binaryPath,
      args,
      env,
      signal: invocation.signal,
      killGracePeriodMs: invocation.killGracePeriodMs ?? settings.killGracePeriodMs,
      spawn: settings.spawn,
      redact,
      onStderrLine: invocation.onStderrLine,
      secretInput: invocation.secretInput,
      stdin: invocation.stdin,
    });
  }

  /** The settings' global flags, gated; the installed version is looked up only when a setting is newer than 0.14.0. */
  private async globalFlags(signal: AbortSignal | undefined): Promise<string[]> {
    const installed = settingsNeedVersion(this.settings) ? await this.resticVersion(signal) : undefined;
    return globalFlags(this.settings, installed);
  }

  async run(invocation: Invocation): Promise<RunResult> {
    return this.#run(invocation, 'main');
  }

  async #run(invocation: Invocation, role: RunRole): Promise<RunResult> {
    const started = await this.start(invocation, role);
    const { child } = started;
    if (invocation.binaryStdout) {
      const chunks: Buffer[] = [];
      for await (const chunk of child.chunks()) chunks.push(chunk);
      const outcome = await this.finish(started, invocation, (o) => this.ownError(o, invocation));
      if (outcome.callbackError !== undefined) throw outcome.callbackError;
      return { ...outcome, stdoutText: '', stdoutBuffer: Buffer.concat(chunks) };
    }
    // stdout is never redacted: it is restic's data (paths, tags), and restic prints no password there.
    const kept: string[] = [];
    const onLine = invocation.onLine ?? ((line: string) => void kept.push(line));
    let handlerError: unknown;
    let failed = false;
    // lineBatches() never throws; leaving it early (a handler that threw) stops restic.
    reading: for await (const batch of child.lineBatches()) {
      for (const line of batch) {
        try {
          onLine(line);
        } catch (error) {
          handlerError = error;
          failed = true;
          break reading;
        }
      }
    }
    // restic has exited before this call returns, whatever happened above.
    const outcome = await this.finish(started, invocation, (o) => (failed ? errorName(handlerError) : this.ownError(o, invocation)));
    if (failed) throw handlerError;
    if (outcome.callbackError !== undefined) throw outcome.callbackError;
    return { ...outcome, stdoutText: kept.join('\n') };
  }

  /**
   * restic's stdout as it comes, batches of lines or (with `binaryStdout`) raw chunks, read with
   * back-pressure. When restic has finished, its failure is thrown as the typed error. Leaving
   * the loop early stops restic, and the generator returns only after it has exited.
   */
  stream(invocation: Invocation & { binaryStdout: true }): AsyncGenerator<Buffer, void, undefined>;
  stream(invocation: Invocation): AsyncGenerator<string[], void, undefined>;
  async *stream(invocation: Invocation): AsyncGenerator<string[] | Buffer, void, undefined> {
    const started = await this.start(invocation, 'main');
    const { child } = started;
    let complete = false;
    try {
      yield* invocation.binaryStdout ? child.chunks() : child.lineBatches();
      complete = true;
    } finally {
      if (!complete) child.stop();
      // Left early by its consumer, the stream ends without an error.
      const outcome = await this.finish(started, invocation, (o) => (complete ? this.ownError(o, invocation) : undefined));
      if (complete) {
        if (outcome.callbackError !== undefined) throw outcome.callbackError;
        const error = this.errorFor(outcome, invocation);
        if (error) throw error;
      }
    }
  }

  /**
   * Waits for restic to exit. After an abort (or any interruption of ours: a loop left early, a
   * callback that threw) it also removes the lock restic may have left:
   * restic 0.14, interrupted just after taking a lock, exits without removing it. `unlock`
   * removes stale locks only (a lock whose process is gone, as ours now is), never a live one.
   * The clean-up gets one grace period, so an aborted call settles within its signal plus two
   * grace periods, also when the backend is dead and the clean-up cannot succeed.
   */
  private async finish({ child, report }: Started, invocation: Invocation, ownError: (outcome: ProcessOutcome) => string | undefined): Promise<ProcessOutcome> {
    const outcome = await child.finished;
    if ((outcome.aborted || child.interrupted) && invocation.needsRepository !== false && invocation.unlockAfterAbort !== false) {
      const budget = this.settings.killGracePeriodMs ?? DEFAULT_KILL_GRACE_PERIOD_MS;
      const unlock = { name: 'unlock', args: ['unlock'], quiet: true, unlockAfterAbort: false, signal: AbortSignal.timeout(Math.max(budget, 1)), killGracePeriodMs: UNLOCK_KILL_GRACE_MS };
      await this.#run(unlock, 'own').catch(() => undefined);
    }
    // Reported once the clean-up is done, so that the call settles right after (see CallScope).
    report?.end(outcome, ownError(outcome));
    return outcome;
  }

  errorFor(outcome: ProcessOutcome, invocation: Invocation): ResticError | undefined {
    return errorFromOutcome(outcome, this.binaryPath, invocation.name);
  }

  /**
   * The name of the error a run's outcome means by itself, for the onCommand hook: what a
   * callback threw, else the typed error of its exit, but none for a stream its consumer closed.
   */
  private ownError(outcome: ProcessOutcome, invocation: Invocation): string | undefined {
    if (outcome.callbackError !== undefined) return errorName(outcome.callbackError);
    if (outcome.aborted && invocation.signal?.reason instanceof StreamClosedError) return undefined;
    return this.errorFor(outcome, invocation)?.name;
  }

  async exec(invocation: Invocation): Promise<RunResult> {
    return this.#exec(invocation, 'main');
  }

  async #exec(invocation: Invocation, role: RunRole): Promise<RunResult> {
    const result = await this.#run(invocation, role);
    const error = this.errorFor(result, invocation);
    if (error) throw error;
    return result;
  }
}
