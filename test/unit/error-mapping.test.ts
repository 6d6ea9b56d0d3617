import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RepositoryAlreadyExistsError,
  RepositoryLockedError,
  RepositoryNotFoundError,
  ResticAbortedError,
  ResticError,
  ResticNotFoundError,
  WrongPasswordError,
} from '../../src/index.js';
import { errorFromOutcome } from '../../src/process/outcome-error.js';
import { fixture, outcomeOf, SERIES } from '../helpers/fixtures.js';

// Exit codes 10, 11 and 12 exist from restic 0.17 (12 from 0.17.1); before that the same cases exit 1 and are told apart by their text.
for (const series of SERIES) {
  test(`restic ${series}: recorded failures map to the same error classes`, () => {
    const cases: [string, new (...args: never[]) => ResticError, number][] = [
      ['wrong-password', WrongPasswordError, series === '0.14' ? 1 : 12],
      ['missing-repo', RepositoryNotFoundError, series === '0.14' ? 1 : 10],
      ['missing-repo-init-text', RepositoryNotFoundError, series === '0.14' ? 1 : 10],
      ['locked', RepositoryLockedError, series === '0.14' ? 1 : 11],
      ['stale-lock', RepositoryLockedError, series === '0.14' ? 1 : 11],
      ['init-exists', RepositoryAlreadyExistsError, 1],
    ];
    for (const [name, cls, exitCode] of cases) {
      const f = fixture(series, name);
      assert.equal(f.exitCode, exitCode, `${name} exit code`);
      const error = errorFromOutcome(outcomeOf(f), 'restic', name);
      assert.ok(error instanceof cls, `${name}: ${String(error)}`);
      assert.ok(!error.message.includes('{"message_type"'), `${name}: message is restic's text, not its JSON: ${error.message}`);
    }
  });

  test(`restic ${series}: the lock holder is read from the refusal`, () => {
    const error = errorFromOutcome(outcomeOf(fixture(series, 'locked')), 'restic', 'check');
    assert.ok(error instanceof RepositoryLockedError);
    assert.equal(error.lock?.exclusive, false, 'held by a backup: a shared lock');
    assert.ok(Number.isInteger(error.lock?.pid) && (error.lock?.pid ?? 0) > 0);
    assert.equal(error.lock?.user, 'root');
    assert.match(error.lock?.lockId ?? '', /^[0-9a-f]{8}$/);
    assert.match(error.lock?.createdAt ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(error.message, /already locked by PID/);
  });
}

test('outcomes without an exit status: spawn failure, abort, signal, interruption', () => {
  const base = { exitCode: null, signal: null, aborted: false, spawnError: undefined, stderr: '', args: [] };
  const enoent = Object.assign(new Error('spawn restic ENOENT'), { code: 'ENOENT' });
  assert.ok(errorFromOutcome({ ...base, spawnError: enoent }, '/x/restic', 'version') instanceof ResticNotFoundError);
  assert.ok(errorFromOutcome({ ...base, aborted: true, exitCode: 130 }, 'restic', 'backup') instanceof ResticAbortedError);
  assert.ok(errorFromOutcome({ ...base, exitCode: 130 }, 'restic', 'backup') instanceof ResticAbortedError);
  const killed = errorFromOutcome({ ...base, signal: 'SIGKILL' }, 'restic', 'backup');
  assert.ok(killed instanceof ResticError && /SIGKILL/.test(killed.message));
  assert.equal(errorFromOutcome({ ...base, exitCode: 0 }, 'restic', 'x'), undefined);
  const other = errorFromOutcome({ ...base, exitCode: 2, stderr: 'panic: runtime error' }, 'restic', 'ls');
  assert.ok(other instanceof ResticError && other.constructor === ResticError && /exit 2/.test(other.message));
});

test("a password that is one of restic's words does not hide what restic said", () => {
  const f = fixture('0.14', 'wrong-password');
  const outcome = { ...outcomeOf(f), stderr: f.stderr.replace('wrong', '***'), unredactedStderr: f.stderr };
  const error = errorFromOutcome(outcome, 'restic', 'copy');
  assert.ok(error instanceof WrongPasswordError, String(error));
  assert.ok(!error.stderr.includes('wrong'), 'the stderr copy stays redacted');
});
