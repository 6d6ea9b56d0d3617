import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupArgs } from '../../../src/commands/backup.js';
import { BackupMessages } from '../../../src/commands/backup-messages.js';
import { InvalidArgumentError, type BackupStatus, type BackupVerboseStatus } from '../../../src/index.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';
const HEX64 = /^[0-9a-f]{64}$/;

test('backup: values attached with =, paths after --, so nothing is read as a flag', () => {
  assert.deepEqual(
    backupArgs({ paths: ['-rf', '/data/my files'], excludePatterns: ['-x', '*.tmp'], excludeFiles: 'ex.txt', tags: ['a', 'b'], host: 'h', dryRun: true }, NEW),
    ['backup', '--exclude=-x', '--exclude=*.tmp', '--exclude-file=ex.txt', '--tag=a', '--tag=b', '--dry-run', '--host=h', '--', '-rf', '/data/my files'],
  );
});

test('backup: each option on argv', () => {
  const args = backupArgs(
    {
      paths: '/d',
      filesFrom: ['list.txt'],
      filesFromVerbatim: 'verbatim.txt',
      filesFromRaw: 'raw.bin',
      iexclude: '*.JPG',
      iexcludeFiles: 'iex.txt',
      excludeCaches: true,
      excludeIfPresent: ['.nobackup'],
      excludeLargerThan: '1G',
      oneFileSystem: true,
      parent: 'abcdef12',
      force: true,
      time: '2024-01-02 03:04:05',
      groupBy: ['host'],
      skipIfUnchanged: true,
      ignoreCtime: true,
      ignoreInode: true,
      withAtime: true,
      noScan: true,
      readConcurrency: 4,
      onVerbose: () => undefined,
      onProgress: () => undefined,
      onError: () => undefined,
    },
    NEW,
  );
  assert.deepEqual(args, [
    'backup',
    '--iexclude=*.JPG',
    '--iexclude-file=iex.txt',
    '--files-from=list.txt',
    '--files-from-verbatim=verbatim.txt',
    '--files-from-raw=raw.bin',
    '--exclude-caches',
    '--exclude-if-present=.nobackup',
    '--exclude-larger-than=1G',
    '--one-file-system',
    '--parent=abcdef12',
    '--force',
    '--time=2024-01-02 03:04:05',
    '--group-by=host',
    '--skip-if-unchanged',
    '--ignore-ctime',
    '--ignore-inode',
    '--with-atime',
    '--no-scan',
    '--read-concurrency=4',
    '--verbose',
    '--',
    '/d',
  ]);
  assert.deepEqual(backupArgs({ filesFrom: 'list.txt' }, NEW), ['backup', '--files-from=list.txt']);
  assert.deepEqual(backupArgs({ paths: '/d', time: new Date(2024, 0, 2, 3, 4, 5) }, NEW), ['backup', '--time=2024-01-02 03:04:05', '--', '/d']);
  assert.deepEqual(backupArgs({ paths: '/d', excludeLargerThan: 0 }, NEW), ['backup', '--exclude-larger-than=0', '--', '/d']);
});

test('backup: stdin, a command to back up, and the name of the stream', () => {
  assert.deepEqual(backupArgs({ stdin: 'data', stdinFilename: 'db.sql' }, OLD), ['backup', '--stdin', '--stdin-filename=db.sql']);
  assert.deepEqual(backupArgs({ stdinFromCommand: ['pg_dump', '-Fc', 'db'] }, NEW), ['backup', '--stdin-from-command', '--', 'pg_dump', '-Fc', 'db']);
  refuses(() => backupArgs({ stdin: 'data', stdinFromCommand: ['x'] }, NEW), 'stdin/stdinFromCommand');
  refuses(() => backupArgs({ stdin: 'data', paths: '/d' }, NEW), 'stdin');
  refuses(() => backupArgs({ stdinFromCommand: ['x'], filesFrom: 'l' }, NEW), 'stdinFromCommand');
  refuses(() => backupArgs({ stdinFromCommand: [] }, NEW), 'stdinFromCommand');
  refuses(() => backupArgs({ paths: '/d', stdinFilename: 'x' }, NEW), 'stdinFilename');
  refuses(() => backupArgs({ stdin: true as never }, NEW), 'stdin');
  needs(() => backupArgs({ stdinFromCommand: ['x'] }, '0.16.4'), '0.17.0');
});

test('backup: the platform flags restic has on Windows and macOS only', () => {
  assert.deepEqual(backupArgs({ paths: '/a', excludeCloudFiles: true, useFsSnapshot: true }, NEW), ['backup', '--exclude-cloud-files', '--use-fs-snapshot', '--', '/a']);
  needs(() => backupArgs({ paths: '/a', excludeCloudFiles: true }, '0.17.0'), '0.18.0');
});

test('backup: refused input', () => {
  refuses(() => backupArgs({}, NEW), 'paths');
  refuses(() => backupArgs({ paths: [] }, NEW), 'paths');
  refuses(() => backupArgs({ paths: ['/a', 3 as unknown as string] }, NEW), 'paths[1]');
  refuses(() => backupArgs({ paths: ['/a\0b'] }, NEW), 'paths[0]');
  refuses(() => backupArgs({ paths: '/a', tags: ['x,y'] }, NEW), 'tags[0]');
  refuses(() => backupArgs({ paths: '/a', parent: 'not-an-id' }, NEW), 'parent');
  refuses(() => backupArgs({ paths: '/a', parent: 'latest' }, NEW), 'parent');
  refuses(() => backupArgs({ paths: '/a', excludeLargerThan: 'big' }, NEW), 'excludeLargerThan');
  refuses(() => backupArgs({ paths: '/a', dryRun: 'yes' as unknown as boolean }, NEW), 'dryRun');
  refuses(() => backupArgs({ paths: '/a', readConcurrency: 0 }, NEW), 'readConcurrency');
  refuses(() => backupArgs({ paths: '/a', time: new Date(Number.NaN) }, NEW), 'time');
  refuses(() => backupArgs({ paths: '/a', onProgress: 'log' as never }, NEW), 'onProgress');
  assert.throws(() => backupArgs({ paths: '/a', exclude_patterns: '*.tmp' } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'excludePatterns'/.test(e.message));
});

test('backup: version gates name the release', () => {
  needs(() => backupArgs({ paths: '/a', skipIfUnchanged: true }, OLD), '0.17.0');
  needs(() => backupArgs({ paths: '/a', groupBy: 'host' }, OLD), '0.16.0');
  needs(() => backupArgs({ paths: '/a', noScan: true }, OLD), '0.15.0');
  needs(() => backupArgs({ paths: '/a', readConcurrency: 2 }, OLD), '0.15.0');
  // false is no use of a flag, on any version.
  assert.deepEqual(backupArgs({ paths: '/a', skipIfUnchanged: false }, OLD), ['backup', '--', '/a']);
});

for (const series of SERIES) {
  test(`restic ${series}: backup messages sorted into progress, verbose, errors and summary`, () => {
    const progress: BackupStatus[] = [];
    const verbose: BackupVerboseStatus[] = [];
    const messages = new BackupMessages({
      onProgress: (s) => progress.push(s),
      onVerbose: (v) => verbose.push(v),
    });
    const run = fixture(series, 'backup-verbose');
    for (const line of run.stdout.split('\n')) messages.stdoutLine(line);
    for (const line of run.stderr.split('\n')) messages.stderrLine(line);
    assert.equal(messages.summary?.files_changed, 1);
    assert.match(messages.summary?.snapshot_id ?? '', series === '0.14' ? /^[0-9a-f]{8}$/ : HEX64);
    assert.ok(verbose.some((v) => v.action === 'modified'));
    assert.ok(verbose.some((v) => v.action === 'scan_finished'), 'the end of the scan reaches onVerbose on every version');
    assert.ok(progress.every((p) => typeof p.percent_done === 'number' && !('action' in p)));
    assert.equal(messages.errors.length, 0);
  });

  test(`restic ${series}: per-file errors of a partial backup (exit 3)`, () => {
    const run = fixture(series, 'backup-partial');
    assert.equal(run.exitCode, 3);
    const messages = new BackupMessages();
    for (const line of run.stdout.split('\n')) messages.stdoutLine(line);
    for (const line of run.stderr.split('\n')) messages.stderrLine(line);
    assert.ok(messages.summary, 'the snapshot was written');
    assert.equal(messages.errors.length, 1);
    assert.equal(messages.errors[0]?.during, 'archival');
    assert.match(messages.errors[0]?.item ?? '', /unreadable\.txt$/);
    assert.match(messages.errors[0]?.message ?? '', /unreadable\.txt: (permission denied|EACCES)/);
  });
}

test('restic 0.14: an unknown ETA (2^63 seconds) is dropped from progress, not passed on as a wrong number', () => {
  const run = fixture('0.14', 'backup-stdin');
  assert.match(run.stdout, /"seconds_remaining":9223372036854775808/);
  const progress: BackupStatus[] = [];
  const messages = new BackupMessages({ onProgress: (s) => progress.push(s) });
  for (const line of run.stdout.split('\n')) messages.stdoutLine(line);
  assert.ok(progress.length > 0);
  assert.ok(progress.every((p) => p.seconds_remaining === undefined || p.seconds_remaining <= Number.MAX_SAFE_INTEGER));
});

test('backup: a files-from list, even empty, does not go with a stream', () => {
  refuses(() => backupArgs({ stdin: 'x', filesFrom: [] }, NEW), 'stdin');
  refuses(() => backupArgs({ stdinFromCommand: ['a'], filesFromRaw: [] }, NEW), 'stdinFromCommand');
  refuses(() => backupArgs({ filesFrom: [] }, NEW), 'paths');
});
