import { byteSize, checkString, positiveInteger, snapshotId, type GroupBy } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { callback, commandLine, defineCommand, flag, positional, repeated, value } from '../options/declare.js';
import { DRY_RUN, FORCE, GROUP_BY, HOST_NAME, PATTERNS, TAGS_TO_SET } from '../options/shared-options.js';
import { IncompleteBackupError, InvalidArgumentError, ResticOutputError, type BackupFileError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { isStdinSource, type StdinSource } from '../process/restic-process.js';
import { ExitCode } from '../process/outcome-error.js';
import type { BackupStatus, BackupSummary, BackupVerboseStatus } from '../types/backup.js';
import { BackupMessages } from './backup-messages.js';
import type { CallOptions } from './common.js';

export interface BackupOptions extends CallOptions {
  /** Files and folders to back up. Required unless `filesFrom`, `filesFromVerbatim` or `filesFromRaw` is given. */
  paths?: string | readonly string[];
  /** Exclude what matches these patterns (`--exclude`). */
  excludePatterns?: string | readonly string[];
  /** Exclude what matches these patterns, ignoring case (`--iexclude`). */
  iexclude?: string | readonly string[];
  /** Files of exclude patterns (`--exclude-file`). */
  excludeFiles?: string | readonly string[];
  /** Files of case-insensitive exclude patterns (`--iexclude-file`). */
  iexcludeFiles?: string | readonly string[];
  /** Tags for the new snapshot (one `--tag` each). */
  tags?: string | readonly string[];
  /** Do not write anything, only report what would be done (`--dry-run`). */
  dryRun?: boolean;
  /** The host name recorded in the snapshot (`--host`). */
  host?: string;
  /** Files listing the paths to back up, one pattern a line (`--files-from`). */
  filesFrom?: string | readonly string[];
  /** Files listing paths verbatim, one a line (`--files-from-verbatim`). */
  filesFromVerbatim?: string | readonly string[];
  /** Files listing NUL-separated paths (`--files-from-raw`). */
  filesFromRaw?: string | readonly string[];
  /** Skip folders that hold a CACHEDIR.TAG (`--exclude-caches`). */
  excludeCaches?: boolean;
  /** Skip folders that contain a file of this name (`--exclude-if-present`, `name[:header]`). */
  excludeIfPresent?: string | readonly string[];
  /** Skip files larger than this: bytes as a number, or a size such as `'1G'`, `'500M'` (whole numbers; `--exclude-larger-than`). */
  excludeLargerThan?: string | number;
  /** Skip files that are only placeholders of a cloud storage (`--exclude-cloud-files`, restic 0.18+ on Windows, 0.19+ also on macOS; restic on Linux has no such flag). */
  excludeCloudFiles?: boolean;
  /** Read from a Volume Shadow Copy (`--use-fs-snapshot`; restic has this flag on Windows only). */
  useFsSnapshot?: boolean;
  /** Stay on the file systems of the given paths (`--one-file-system`). */
  oneFileSystem?: boolean;
  /** The snapshot to compare against (`--parent`): a snapshot ID (restic 0.14 cannot resolve `latest` here, so it is refused everywhere). */
  parent?: string;
  /** Read every file again instead of trusting the parent's metadata (`--force`). */
  force?: boolean;
  /** The snapshot's time instead of now (`--time`): a Date, or restic's `YYYY-MM-DD HH:MM:SS`. */
  time?: string | Date;
  /** How the parent snapshot is chosen (`--group-by`, restic 0.16+). */
  groupBy?: GroupBy;
  /** Write no snapshot when nothing changed (`--skip-if-unchanged`, restic 0.17+). */
  skipIfUnchanged?: boolean;
  /** Ignore ctime changes when looking for changed files (`--ignore-ctime`). */
  ignoreCtime?: boolean;
  /** Ignore inode changes when looking for changed files (`--ignore-inode`). */
  ignoreInode?: boolean;
  /** Store access times (`--with-atime`). */
  withAtime?: boolean;
  /** Do not estimate the total size first (`--no-scan`, restic 0.15+). */
  noScan?: boolean;
  /** How many files are read at once (`--read-concurrency`, restic 0.15+). */
  readConcurrency?: number;
  /** Back up this data as one file instead of `paths` (`--stdin`): a Readable, an async iterable of bytes, a Buffer or a string, piped with back-pressure. */
  stdin?: StdinSource;
  /** The file name the `stdin` data gets in the snapshot (`--stdin-filename`, restic's default `stdin`). */
  stdinFilename?: string;
  /** Back up the output of this command, `[program, ...args]`, run by restic (`--stdin-from-command`, restic 0.17+); its failure fails the backup. */
  stdinFromCommand?: readonly string[];
  /** Each progress message, as restic sends it. */
  onProgress?: (status: BackupStatus) => void;
  /** Each file or folder restic could not read. The backup goes on; the call then rejects with IncompleteBackupError. */
  onError?: (error: BackupFileError) => void;
  /** Per-file messages (new, unchanged, modified; turns on `--verbose`) and the end of the scan. */
  onVerbose?: (message: BackupVerboseStatus) => void;
}

function parentId(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const id = snapshotId(option, value);
  if (id === 'latest') throw new InvalidArgumentError(option, 'give a snapshot ID (restic picks the latest matching snapshot as parent by itself)');
  return id;
}

/** restic's `--time` format, in local time like restic reads it. */
function formatTime(option: string, time: unknown): string | undefined {
  if (time === undefined) return undefined;
  if (!(time instanceof Date)) return checkString(option, time);
  if (Number.isNaN(time.getTime())) throw new InvalidArgumentError(option, 'invalid Date');
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${p(time.getMonth() + 1)}-${p(time.getDate())} ${p(time.getHours())}:${p(time.getMinutes())}:${p(time.getSeconds())}`;
}

function stdinData(option: string, value: unknown): true | undefined {
  if (value === undefined) return undefined;
  if (!isStdinSource(value)) throw new InvalidArgumentError(option, 'expected a Readable, an iterable or async iterable of Buffers or strings, a Buffer or a string');
  return true;
}

const nonEmpty = (list: unknown): boolean => list !== undefined && !(Array.isArray(list) && list.length === 0);

/** What one backup reads: paths, lists of paths, stdin, or a command's output, and only one kind of stream. */
function oneSource(options: BackupOptions): void {
  const fromStdin = options.stdin !== undefined;
  const fromCommand = options.stdinFromCommand !== undefined;
  const lists = [options.filesFrom, options.filesFromVerbatim, options.filesFromRaw];
  // A files-from list, even empty, names files: it cannot go with a stream.
  const namesFiles = nonEmpty(options.paths) || lists.some((list) => list !== undefined);
  const fromFiles = nonEmpty(options.paths) || lists.some(nonEmpty);
  if (fromStdin && fromCommand) throw new InvalidArgumentError('stdin/stdinFromCommand', 'give one of stdin and stdinFromCommand');
  if ((fromStdin || fromCommand) && namesFiles) {
    throw new InvalidArgumentError(fromStdin ? 'stdin' : 'stdinFromCommand', 'backs up one stream: it cannot be combined with paths or filesFrom');
  }
  if (options.stdinFilename !== undefined && !fromStdin && !fromCommand) throw new InvalidArgumentError('stdinFilename', 'only applies with stdin or stdinFromCommand');
  if (!fromStdin && !fromCommand && !fromFiles) throw new InvalidArgumentError('paths', 'nothing to back up: give paths (or filesFrom, stdin, stdinFromCommand)');
}

/** `restic backup`: every option, declared once. */
export const backupCommand = defineCommand<BackupOptions>({
  call: 'backup',
  command: 'backup',
  options: () => ({
    excludePatterns: PATTERNS.exclude,
    iexclude: PATTERNS.iexclude,
    excludeFiles: PATTERNS.excludeFile,
    iexcludeFiles: PATTERNS.iexcludeFile,
    tags: TAGS_TO_SET,
    dryRun: DRY_RUN,
    host: HOST_NAME,
    filesFrom: repeated('files-from'),
    filesFromVerbatim: repeated('files-from-verbatim'),
    filesFromRaw: repeated('files-from-raw'),
    excludeCaches: flag('exclude-caches'),
    excludeIfPresent: repeated('exclude-if-present'),
    excludeLargerThan: value('exclude-larger-than', { check: byteSize, sample: '1G' }),
    excludeCloudFiles: flag('exclude-cloud-files', { since: '0.18.0' }),
    useFsSnapshot: flag('use-fs-snapshot'),
    oneFileSystem: flag('one-file-system'),
    parent: value('parent', { check: parentId, sample: 'abc123' }),
    force: FORCE,
    time: value('time', { check: formatTime, sample: '2024-01-02 03:04:05' }),
    groupBy: { ...GROUP_BY, since: '0.16.0' },
    skipIfUnchanged: flag('skip-if-unchanged', { since: '0.17.0' }),
    ignoreCtime: flag('ignore-ctime'),
    ignoreInode: flag('ignore-inode'),
    withAtime: flag('with-atime'),
    noScan: flag('no-scan', { since: '0.15.0' }),
    readConcurrency: value('read-concurrency', { since: '0.15.0', check: positiveInteger, sample: 4 }),
    onVerbose: callback({ flag: 'verbose' }),
    stdin: flag('stdin', { check: stdinData, sample: 'data' }),
    stdinFromCommand: commandLine('stdin-from-command', { since: '0.17.0' }),
    stdinFilename: value('stdin-filename'),
    paths: positional(),
    onProgress: callback(),
    onError: callback(),
  }),
  validate: oneSource,
});

export function backupArgs(options: BackupOptions, installed: string): string[] {
  return argvOf(backupCommand, options, installed);
}

/** `restic backup --json`: resolves to the summary; with exit 3 rejects with IncompleteBackupError, which carries the summary. */
export async function backup(ctx: CommandContext, options: BackupOptions): Promise<BackupSummary> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = backupArgs(options, installed);
  const messages = new BackupMessages(options);
  const invocation = {
    name: 'backup',
    args,
    json: true,
    signal: options.signal,
    onLine: (line: string): void => messages.stdoutLine(line),
    onStderrLine: (line: string): void => messages.stderrLine(line),
    stdin: options.stdin,
  };
  const result = await ctx.run(invocation);
  const { summary, errors } = messages;
  const incomplete = result.exitCode === ExitCode.incompleteBackup || (result.exitCode === ExitCode.ok && errors.length > 0 && !result.aborted);
  if (incomplete && summary && !result.aborted) {
    throw new IncompleteBackupError<BackupSummary>(
      `backup incomplete: ${errors.length || 'some'} source(s) could not be read; snapshot ${summary.snapshot_id ?? '(none)'} was written without them`,
      { exitCode: result.exitCode, stderr: result.stderr, args: result.args, summary, errors },
    );
  }
  const error = ctx.errorFor(result, invocation);
  if (error) throw error;
  if (!summary) throw new ResticOutputError('restic backup finished without a summary', result.stderr, { exitCode: result.exitCode, args: result.args, stderr: result.stderr });
  return summary;
}
