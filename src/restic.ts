import { backup, type BackupOptions } from './commands/backup.js';
import { catCommands, type CatCommands } from './commands/cat.js';
import type { CallOptions } from './commands/common.js';
import { copy, type CopyOptions, type CopyResult } from './commands/copy.js';
import { diff, diffStream, type DiffOptions } from './commands/diff.js';
import { dumpToFile, type DumpOptions, type DumpToFileOptions } from './commands/dump.js';
import { lsNcdu, type LsNcduOptions, type LsOptions } from './commands/ls.js';
import { generate, type GenerateOptions } from './commands/generate.js';
import { keyCommands, type KeyCommands } from './commands/key.js';
import { listCommands, listStream, type ListCommands, type ListType } from './commands/list.js';
import { prune, type PruneOptions, type PruneResult } from './commands/prune.js';
import { rewrite, type RewriteOptions, type RewriteResult } from './commands/rewrite.js';
import { selfUpdate, type SelfUpdateOptions } from './commands/self-update.js';
import { unlock, type UnlockOptions } from './commands/unlock.js';
import { check, type CheckOptions } from './commands/check.js';
import { findObjects, findObjectsStream, findStream, type FindObjectsOptions, type FindOptions } from './commands/find.js';
import { forget, type ForgetOptions } from './commands/forget.js';
import { init, type InitOptions } from './commands/init.js';
import { restore, type RestoreOptions } from './commands/restore.js';
import type { SnapshotsOptions } from './commands/snapshots.js';
import { stats, type StatsOptions } from './commands/stats.js';
import { version, type VersionOptions } from './commands/version.js';
import { cache, type CacheOptions, type CacheResult } from './commands/cache.js';
import { extendedOptions, type ExtendedOption } from './commands/extended-options.js';
import { features, type FeatureFlag } from './commands/features.js';
import { migrate, migrations, type MigrateOptions, type MigrateResult, type Migration } from './commands/migrate.js';
import { mount, type MountHandle, type MountOptions } from './commands/mount.js';
import { recover, type RecoverResult } from './commands/recover.js';
import { repairCommands, type RepairCommands } from './commands/repair.js';
import { tag, type TagOptions, type TagResult } from './commands/tag.js';
import { inCall } from './command-events.js';
import { NativeRoutes } from './native-routes.js';
import type { GroupKey } from './shared/checks.js';
import { DEFAULT_BINARY, Executor } from './executor.js';
import { REDACTED, redactStructure } from './process/redact.js';
import { SETTING_KEYS, type CallSettings, type ResticOptions } from './settings.js';
import { defineAsyncDispose } from './shared/dispose.js';
import { isPlainObject } from './shared/plain-object.js';
import type { BackupSummary } from './types/backup.js';
import type { CheckSummary } from './types/check.js';
import type { FindObjectMatch, FindResult } from './types/find.js';
import type { ForgetGroup } from './types/forget.js';
import type { RestoreSummary } from './types/restore.js';
import type { Snapshot, SnapshotGroup } from './types/snapshot.js';
import type { Readable } from 'node:stream';
import type { DiffMessage, DiffResult } from './types/diff.js';
import type { LsMessage, LsResult } from './types/ls.js';
import type { BlobEntry } from './types/repository.js';
import type { StatsResult } from './types/stats.js';
import type { ResticVersion } from './version.js';

// The settings are the instance's properties: declared once, in ResticOptions, and merged in here.
export interface Restic extends Omit<ResticOptions, 'binaryPath' | 'password' | 'passwordCommand'> {
  /**
   * `await using repo = new Restic({ …, reads: 'native' })`: `close()` when the block ends, then
   * waits until the reader is closed, its key zeroed (also a reader still opening then).
   */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A restic repository and the restic binary that serves it. Settings are plain properties
 * (`repo.repository = '…'`), read afresh at the start of every call, so instances are
 * independent and a change never affects a call already running.
 */
export class Restic {
  /** The restic executable: a path, or a name looked up on PATH. Default `'restic'`. */
  binaryPath: string = DEFAULT_BINARY;

  // The password lives in a private field behind an accessor, so that `{ ...repo }`,
  // Object.entries(repo) and loggers that walk own properties never see it.
  #password: string | undefined;

  /** The repository password. Given to restic through its environment (`RESTIC_PASSWORD`), never in argv. */
  get password(): string | undefined {
    return this.#password;
  }

  /** Sets the repository password; `undefined` removes it. */
  set password(value: string | undefined) {
    this.#password = value;
  }

  #passwordCommand: string | undefined;

  /** A command that prints the password (`RESTIC_PASSWORD_COMMAND`), run by restic itself. Kept private like the password: it may carry a secret. */
  get passwordCommand(): string | undefined {
    return this.#passwordCommand;
  }

  /** Sets the password command; `undefined` removes it. */
  set passwordCommand(value: string | undefined) {
    this.#passwordCommand = value;
  }

  /** The reads `reads: 'native'` answers with a reader the instance keeps open. */
  readonly #native = new NativeRoutes(
    () => this.context(),
    () => this.settings(),
  );

  /** Closes what the instance keeps open: the reader of `reads: 'native'`, whose key is zeroed. Later reads open it again. */
  close(): void {
    this.#closing = Promise.all([this.#closing, this.#native.close()]).then(() => undefined);
  }

  /** Settles when every close() so far has closed its reader (NativeRoutes.close never rejects). */
  #closing: Promise<void> = Promise.resolve();

  static {
    // No Symbol.dispose: the reader may still be opening, so closing it is asynchronous.
    defineAsyncDispose(this.prototype, async function dispose(this: Restic) {
      this.close();
      await this.#closing;
    });
  }

  /** `restic cat`: `cat.config()`, `cat.snapshot(id)`, `cat.pack(id)` (raw bytes), … */
  readonly cat: CatCommands = this.#calls(
    catCommands(
      () => this.context(),
      (options) => this.#native.reader('cat', options, () => undefined),
    ),
  );
  /** `restic key`: `key.list()`, `key.add({ newPassword })`, `key.remove(id)`, `key.passwd(…)`. */
  readonly key: KeyCommands = this.#calls(keyCommands(() => this.context()));

  /** `restic repair index|snapshots|packs`. */
  readonly repair: RepairCommands = this.#calls(repairCommands(() => this.context()));
  /** `restic list`: the IDs of the repository's files, or its blobs. */
  readonly list: ListCommands = this.#calls(listCommands(() => this.context()));

  constructor(options: ResticOptions = {}) {
    for (const key of SETTING_KEYS) {
      if (options[key] !== undefined) (this as Record<string, unknown>)[key] = options[key];
    }
  }

  /** A copy of the settings as they are now; what one call runs with. */
  settings(): CallSettings {
    const copy: ResticOptions = {};
    for (const key of SETTING_KEYS) {
      if (this[key] !== undefined) (copy as Record<string, unknown>)[key] = this[key];
    }
    // Only plain objects are copied: spreading a string or a Map would turn it into another
    // object that passes the checks; left as they are, the checks refuse them.
    if (isPlainObject(copy.env)) copy.env = { ...copy.env };
    if (isPlainObject(copy.options)) copy.options = { ...copy.options };
    return Object.freeze(copy);
  }

  /**
   * The executor for one call, with the settings frozen at its start.
   * @internal
   */
  protected context(): Executor {
    return new Executor(this.settings());
  }

  /**
   * One call. With an onCommand hook, its restic runs report the error it rejects with
   * (command-events.ts); a mount's, the error its `closed` rejects with.
   */
  #call<T>(call: () => Promise<T>, lasts?: (result: T) => Promise<unknown>): Promise<T> {
    return this.onCommand === undefined ? call() : inCall(call, lasts);
  }

  /** A namespace (`key`, `cat`, …) whose every function is one call (see #call). */
  #calls<N extends object>(namespace: N): N {
    const calls: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(namespace)) {
      calls[name] = typeof fn === 'function' ? (...args: unknown[]) => this.#call(() => fn(...args) as Promise<unknown>) : fn;
    }
    return calls as N;
  }

  /** The installed restic's version (`restic version`), with the keys resticpy returns. */
  async version(options?: VersionOptions): Promise<ResticVersion> {
    return this.#call(() => version(this.context(), options));
  }

  /** Creates the repository; resolves to its ID. */
  async init(options?: InitOptions): Promise<string> {
    return this.#call(() => init(this.context(), options));
  }

  /** Backs up files and folders; resolves to restic's summary of the new snapshot. */
  async backup(options: BackupOptions): Promise<BackupSummary> {
    return this.#call(() => backup(this.context(), options));
  }

  /** Lists snapshots: a flat array, or with a non-empty `groupBy` the groups. */
  snapshots(options?: SnapshotsOptions & { groupBy?: undefined | '' | readonly [] }): Promise<Snapshot[]>;
  snapshots(options: SnapshotsOptions & { groupBy: GroupKey | `${GroupKey},${string}` | readonly [GroupKey, ...GroupKey[]] }): Promise<SnapshotGroup[]>;
  /** With a `groupBy` only known at run time: groups when it names any, a flat list when it is empty. */
  snapshots(options?: SnapshotsOptions): Promise<Snapshot[] | SnapshotGroup[]>;
  async snapshots(options?: SnapshotsOptions): Promise<Snapshot[] | SnapshotGroup[]> {
    return this.#call(() => this.#native.snapshots(options));
  }

  /** Restores a snapshot (default `latest`) into `targetDir`. */
  async restore(options: RestoreOptions): Promise<RestoreSummary | undefined> {
    return this.#call(() => restore(this.context(), options));
  }

  /** Finds files by name pattern in the snapshots. */
  async find(pattern: string | readonly string[], options?: FindOptions): Promise<FindResult[]> {
    return this.#call(() => this.#native.find(pattern, options));
  }

  /** Removes snapshots by policy or ID (and with `prune: true`, the data only they used). */
  async forget(options: ForgetOptions): Promise<ForgetGroup[]> {
    return this.#call(() => forget(this.context(), options));
  }

  /** Checks the repository; rejects with RepositoryCheckError when restic finds errors. */
  async check(options?: CheckOptions): Promise<CheckSummary> {
    return this.#call(() => check(this.context(), options));
  }

  /** Repository statistics. */
  async stats(options?: StatsOptions): Promise<StatsResult> {
    return this.#call(() => stats(this.context(), options));
  }

  /** The files of a snapshot (`restic ls`), collected: `{ snapshot, nodes }`. */
  async ls(snapshotId: string, options?: LsOptions): Promise<LsResult> {
    return this.#call(() => this.#native.ls(snapshotId, options));
  }

  /** The files of a snapshot as they come, in constant memory: the snapshot first, then one node a message. `break` stops restic. */
  lsStream(snapshotId: string, options?: LsOptions): AsyncGenerator<LsMessage, void, undefined> {
    return this.#native.lsStream(snapshotId, options);
  }

  /** `find` one snapshot at a time, in constant memory. `break` stops restic. */
  findStream(pattern: string | readonly string[], options?: FindOptions): AsyncGenerator<FindResult, void, undefined> {
    return findStream(() => this.context(), pattern, options);
  }

  /** What changed between two snapshots, collected: `{ changes, statistics }`. */
  async diff(snapshotA: string, snapshotB: string, options?: DiffOptions): Promise<DiffResult> {
    return this.#call(() => diff(this.context(), snapshotA, snapshotB, options));
  }

  /** What changed between two snapshots as it comes: one `change` a path, then `statistics`. */
  diffStream(snapshotA: string, snapshotB: string, options?: DiffOptions): AsyncGenerator<DiffMessage, void, undefined> {
    return diffStream(() => this.context(), snapshotA, snapshotB, options);
  }

  /** IDs of the repository's files (or its blobs, as `{ type, id }`) as they come. */
  listStream(type: 'blobs', options?: CallOptions): AsyncGenerator<BlobEntry, void, undefined>;
  listStream(type: Exclude<ListType, 'blobs'>, options?: CallOptions): AsyncGenerator<string, void, undefined>;
  listStream(type: ListType, options?: CallOptions): AsyncGenerator<string | BlobEntry, void, undefined> {
    return listStream(() => this.context(), type, options);
  }

  /** A file of a snapshot (or a folder as tar/zip) as a Readable, streamed; restic's failure is an 'error' on the stream. */
  dump(snapshotId: string, path: string, options?: DumpOptions): Readable {
    return this.#native.dump(snapshotId, path, options);
  }

  /** Copies snapshots from another repository (`fromRepo`) into this one. */
  async copy(options: CopyOptions): Promise<CopyResult> {
    return this.#call(() => copy(this.context(), options));
  }

  /** Writes shell completion scripts and man pages. */
  async generate(options: GenerateOptions): Promise<void> {
    return this.#call(() => generate(this.context(), options));
  }

  /** Removes data that no snapshot uses. */
  async prune(options?: PruneOptions): Promise<PruneResult> {
    return this.#call(() => prune(this.context(), options));
  }

  /** Rewrites snapshots without the excluded files (restic 0.15+). */
  async rewrite(options: RewriteOptions): Promise<RewriteResult> {
    return this.#call(() => rewrite(this.context(), options));
  }

  /** Replaces the restic binary by the latest release (where the build has self-update). */
  async selfUpdate(options?: SelfUpdateOptions): Promise<void> {
    return this.#call(() => selfUpdate(this.context(), options));
  }

  /** Where objects (blobs, trees, packs named by ID) are used in the snapshots. */
  async findObjects(ids: string | readonly string[], options: FindObjectsOptions): Promise<FindObjectMatch[]> {
    return this.#call(() => findObjects(this.context(), ids, options));
  }

  /** `findObjects` as it comes, one use a step, in constant memory. `break` stops restic. */
  findObjectsStream(ids: string | readonly string[], options: FindObjectsOptions): AsyncGenerator<FindObjectMatch, void, undefined> {
    return findObjectsStream(() => this.context(), ids, options);
  }

  /** The snapshot in ncdu's export format (`ls --ncdu`, restic 0.17+), as a Readable; restic's failure is an 'error' on the stream. */
  lsNcdu(snapshotId: string, options?: LsNcduOptions): Readable {
    return lsNcdu(() => this.context(), snapshotId, options);
  }

  /** Writes a file of a snapshot (or a folder as tar/zip) to `options.target` (`dump --target`, restic 0.17+). */
  async dumpToFile(snapshotId: string, path: string, options: DumpToFileOptions): Promise<void> {
    return this.#call(() => dumpToFile(this.context(), snapshotId, path, options));
  }

  /** Adds, removes or replaces the tags of snapshots. */
  async tag(options: TagOptions): Promise<TagResult> {
    return this.#call(() => tag(this.context(), options));
  }

  /** The local cache folders (and, with `cleanup`, removes old ones). Needs no repository. */
  async cache(options?: CacheOptions): Promise<CacheResult> {
    return this.#call(() => cache(this.context(), options));
  }

  /** restic's feature flags (restic 0.17+). Needs no repository. */
  async features(options?: CallOptions): Promise<FeatureFlag[]> {
    return this.#call(() => features(this.context(), options));
  }

  /** The extended options each backend takes (`restic options`), for the `options` setting. Needs no repository. */
  async extendedOptions(options?: CallOptions): Promise<ExtendedOption[]> {
    return this.#call(() => extendedOptions(this.context(), options));
  }

  /** The migrations this repository can take (`restic migrate` without names). */
  async migrations(options?: CallOptions): Promise<Migration[]> {
    return this.#call(() => migrations(this.context(), options));
  }

  /** Applies migrations by name (`upgrade_repo_v2`); rejects unless restic reports each one done. */
  async migrate(names: string | readonly string[], options?: MigrateOptions): Promise<MigrateResult> {
    return this.#call(() => migrate(this.context(), names, options));
  }

  /** Saves the trees no snapshot references into a new snapshot. */
  async recover(options?: CallOptions): Promise<RecoverResult> {
    return this.#call(() => recover(this.context(), options));
  }

  /** Mounts the repository with FUSE and resolves once restic serves it; close the handle to unmount. */
  async mount(mountpoint: string, options?: MountOptions): Promise<MountHandle> {
    return this.#call(() => mount(this.context(), mountpoint, options), (handle) => handle.closed);
  }

  /** Removes stale locks (or all locks, with `removeAll`). */
  async unlock(options?: UnlockOptions): Promise<void> {
    return this.#call(() => unlock(this.context(), options));
  }

  /** What `console.log` and `util.inspect` show: the settings, with secrets masked. */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.toJSON();
  }

  /** The settings with the password and credential values masked. */
  toJSON(): Record<string, unknown> {
    const shown: Record<string, unknown> = { ...this.settings() };
    delete shown['spawn'];
    delete shown['onCommand'];
    // A password command may carry a secret of its own (`echo …`, `pass show …`): shown masked, like env values.
    for (const secret of ['password', 'passwordCommand'] as const) if (shown[secret] !== undefined) shown[secret] = REDACTED;
    for (const masked of ['env', 'options'] as const) {
      // Extended option values can hold secrets (`sftp.command` with a password): names only.
      const value = shown[masked];
      if (isPlainObject(value)) shown[masked] = Object.fromEntries(Object.keys(value).map((k) => [k, REDACTED]));
      else if (value !== undefined) shown[masked] = REDACTED;
    }
    if (typeof this.repository === 'string') shown['repository'] = redactStructure(this.repository);
    return shown;
  }
}

/** The default instance, configured like resticpy's module globals: `restic.repository = '…'`. */
export const restic = new Restic();
