import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackupMessages } from '../../src/commands/backup-messages.js';
import { ResticOutputError, type Snapshot } from '../../src/index.js';
import { parseJsonDocument, parseJsonLine } from '../../src/json.js';
import { fixture } from '../helpers/fixtures.js';

test('stray text around the JSON (as old restic prints) does not break a parse', () => {
  const snapshots = fixture('0.14', 'snapshots').stdout;
  const noisy = `reading repository password from stdin\ncreate exclusive lock for repository\n${snapshots}\n[0:00] 100.00%  1 / 1 done\n`;
  const parsed = parseJsonDocument<Snapshot[]>(noisy, 'snapshots');
  assert.deepEqual(parsed, JSON.parse(snapshots));
  // A progress line that starts with '[' is not mistaken for the JSON.
  assert.equal(parseJsonLine('[0:00] 100.00%  3 / 3 snapshots'), undefined);
});

test('backup messages: unknown message types and non-JSON lines are passed over, the summary still found', () => {
  const messages = new BackupMessages();
  const run = fixture('0.19', 'backup');
  for (const line of ['some warning restic printed', '{"message_type":"something_new","x":1}', ...run.stdout.split('\n')]) messages.stdoutLine(line);
  assert.ok(messages.summary?.snapshot_id);
});

test('numbers above 2^53 do not break parsing, and none that matters is silently wrong', () => {
  const line = '{"message_type":"status","percent_done":0.5,"seconds_remaining":9223372036854775808,"bytes_done":1024}';
  const progress: number[] = [];
  const messages = new BackupMessages({ onProgress: (s) => progress.push(s.seconds_remaining ?? -1) });
  messages.stdoutLine(line);
  assert.deepEqual(progress, [-1], 'the unknown ETA is dropped rather than passed on rounded');
  // IDs are strings in restic's JSON, so they never lose digits.
  const node = parseJsonLine('{"name":"x","inode":18446744073709551615,"id":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}') as Record<string, unknown>;
  assert.equal(typeof node['id'], 'string');
  assert.equal(typeof node['inode'], 'number');
});

test('output that does not parse rejects with ResticOutputError carrying the raw text', () => {
  assert.throws(
    () => parseJsonDocument('Fatal: something restic said instead\n', 'snapshots'),
    (e: unknown) => e instanceof ResticOutputError && e.raw === 'Fatal: something restic said instead\n',
  );
});
