import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackupMessages } from '../../src/commands/backup-messages.js';
import { summaryFromCheckText } from '../../src/commands/check.js';
import type { BackupStatus, BackupVerboseStatus, CheckSummary, FindResult, ForgetGroup } from '../../src/index.js';
import { parseJsonDocument, parseJsonObjectLine } from '../../src/json.js';
import { fixture, SERIES } from '../helpers/fixtures.js';

const HEX64 = /^[0-9a-f]{64}$/;

for (const series of SERIES) {
  test(`restic ${series}: find`, () => {
    const found = parseJsonDocument<FindResult[]>(fixture(series, 'find').stdout, 'find');
    assert.ok(found.length > 0);
    for (const r of found) {
      assert.match(r.snapshot, HEX64);
      assert.equal(r.hits, r.matches.length);
      assert.equal(r.matches[0]?.type, 'file');
    }
    assert.deepEqual(parseJsonDocument(fixture(series, 'find-none').stdout, 'find'), []);
    const multi = parseJsonDocument<FindResult[]>(fixture(series, 'find-multi').stdout, 'find');
    assert.ok(multi.some((r) => r.hits >= 2));
  });

  test(`restic ${series}: forget, and forget --prune with prune's text after the JSON`, () => {
    const groups = parseJsonDocument<ForgetGroup[]>(fixture(series, 'forget').stdout, 'forget');
    assert.equal(groups[0]?.keep?.length, 1);
    const reasons = groups[0]?.reasons ?? [];
    assert.ok(reasons.length > 0);
    assert.equal(reasons[0]?.counters !== undefined, series === '0.14', 'counters only up to 0.16');
    const pruneFixture = fixture(series, 'forget-prune');
    assert.equal(pruneFixture.stdout.trim().split('\n').length > 1, series !== '0.19', 'prune text follows the JSON up to 0.18, not in 0.19');
    const pruned = parseJsonDocument<ForgetGroup[]>(pruneFixture.stdout, 'forget');
    assert.ok(Array.isArray(pruned) && pruned[0]?.keep?.length === 1);
  });

  test(`restic ${series}: check, sound and corrupted`, () => {
    const sound = fixture(series, series === '0.14' ? 'check' : 'check-json');
    const summary: CheckSummary =
      series === '0.14' ? summaryFromCheckText(sound.stdout + sound.stderr, false) : (parseJsonObjectLine(sound.stdout.trim().split('\n').at(-1) ?? '') as CheckSummary);
    assert.equal(summary.num_errors, 0);
    assert.equal(summary.broken_packs, null);
    const corrupt = fixture(series, 'check-corrupt');
    assert.equal(corrupt.exitCode, 1);
    if (series === '0.14') {
      const bad = summaryFromCheckText(corrupt.stdout + corrupt.stderr, /repository contains errors/.test(corrupt.stderr));
      assert.ok(bad.num_errors >= 1);
    } else {
      const line = corrupt.stdout.split('\n').find((l) => l.includes('"summary"')) ?? '';
      const bad = parseJsonObjectLine(line) as CheckSummary;
      assert.ok(bad.num_errors > 0);
      assert.ok((bad.broken_packs ?? []).length > 0);
    }
  });

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
