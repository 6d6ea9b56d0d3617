import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs, readCheckOutput } from '../../../src/commands/check.js';
import { hasFeature } from '../../../src/options/gate.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { fixture, SERIES, type Fixture } from '../../helpers/fixtures.js';
import { refuses, needs } from '../../helpers/refusals.js';

const NEW = '0.19.1';
const OLD = '0.14.0';

test('check: each option on argv', () => {
  assert.deepEqual(checkArgs({}, OLD), ['check']);
  assert.deepEqual(checkArgs({ readData: true }, OLD), ['check', '--read-data']);
  assert.deepEqual(checkArgs({ readDataSubset: '10%' }, OLD), ['check', '--read-data-subset=10%']);
  assert.deepEqual(checkArgs({ readDataSubset: '2.5%' }, NEW), ['check', '--read-data-subset=2.5%']);
  assert.deepEqual(checkArgs({ readDataSubset: '500M' }, NEW), ['check', '--read-data-subset=500M']);
  assert.deepEqual(checkArgs({ withCache: true }, OLD), ['check', '--with-cache']);
  assert.deepEqual(checkArgs({ readDataSubset: '2/5', host: 'h' }, NEW), ['check', '--read-data-subset=2/5', '--host=h']);
  assert.deepEqual(checkArgs({ readData: true, withCache: true, host: ['h1', 'h2'], tags: [['a', 'b'], 'c'], paths: '/d' }, NEW), [
    'check',
    '--read-data',
    '--with-cache',
    '--host=h1',
    '--host=h2',
    '--tag=a,b',
    '--tag=c',
    '--path=/d',
  ]);
});

test('check: bad values and unknown options refused', () => {
  refuses(() => checkArgs({ readDataSubset: '1.5G' }, NEW), 'readDataSubset');
  refuses(() => checkArgs({ readDataSubset: 'half' }, NEW), 'readDataSubset');
  refuses(() => checkArgs({ readData: 1 as unknown as boolean }, NEW), 'readData');
  refuses(() => checkArgs({ tags: ['a,b'] }, NEW), 'tags[0]');
  assert.throws(() => checkArgs({ readdata: true } as never, NEW), (e: unknown) => e instanceof InvalidArgumentError && /did you mean 'readData'/.test(e.message));
});

test('check: the snapshot filters need restic 0.19', () => {
  needs(() => checkArgs({ host: 'h' }, '0.18.0'), '0.19.0');
  needs(() => checkArgs({ tags: ['t'] }, '0.18.0'), '0.19.0');
  needs(() => checkArgs({ paths: ['/d'] }, OLD), '0.19.0');
  assert.deepEqual(checkArgs({ host: [], tags: [] }, OLD), ['check']);
});

/** stdout as the executor hands it over: line by line, without the last newline. */
function lines(run: Fixture): string[] {
  return run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
}

/** What check() reads from a recorded run, as it would on that restic. */
function read(run: Fixture): ReturnType<typeof readCheckOutput> {
  return readCheckOutput(lines(run), run.stderr, hasFeature(run.restic, 'checkJsonOutput'), run.exitCode);
}

for (const series of SERIES) {
  // restic 0.14 is run without --json by check(); its `check-json` run shows it prints text anyway.
  const sound = series === '0.14' ? 'check' : 'check-json';

  test(`restic ${series}: check of a sound repository, and its log`, () => {
    const run = fixture(series, sound);
    const summary = read(run);
    assert.equal(summary?.num_errors, 0);
    assert.equal(summary?.broken_packs, null);
    assert.equal(summary?.suggest_repair_index, false);
    assert.equal(summary?.suggest_prune, false);
    if (series === '0.14') {
      // Before 0.18 the log is restic's text report, whole.
      assert.equal(summary?.log, run.stdout.replace(/\n$/, ''));
      assert.match(summary?.log ?? '', /^using temporary cache in .*\ncreate exclusive lock for repository\nload indexes\n/);
      assert.match(summary?.log ?? '', /\n\nno errors were found$/);
    } else {
      // 0.18+ prints only the JSON summary on stdout: no text.
      assert.equal(summary?.log, '');
    }
  });

  test(`restic ${series}: check with --read-data and a subset, and their logs`, () => {
    for (const name of ['check-read-data', 'check-subset']) {
      const run = fixture(series, name);
      const summary = read(run);
      assert.equal(summary?.num_errors, 0, name);
      if (series === '0.14') assert.match(summary?.log ?? '', name === 'check-subset' ? /\nread group #1 of \d+ data packs/ : /\nread all data\n/, name);
      else assert.equal(summary?.log, '', name);
    }
  });

  test(`restic ${series}: check of a damaged repository`, () => {
    const run = fixture(series, 'check-corrupt');
    assert.equal(run.exitCode, 1);
    const summary = read(run);
    const errors = summary?.num_errors ?? 0;
    assert.ok(errors >= 1, `got ${errors}`);
    if (series === '0.14') {
      assert.equal(summary?.broken_packs, null);
      assert.match(summary?.log ?? '', /\nread all data\n/);
      assert.doesNotMatch(summary?.log ?? '', /Pack ID does not match/, 'the problems are on stderr');
    } else {
      assert.equal(summary?.broken_packs?.length, 1);
      assert.match(summary?.broken_packs?.[0] ?? '', /^[0-9a-f]{64}$/);
      assert.equal(summary?.log, '');
    }
  });
}

test('check: restic asked for JSON that printed no summary gives none', () => {
  assert.equal(readCheckOutput(['some text'], '', true, 1), undefined);
  assert.equal(readCheckOutput([], '', true, 0), undefined);
});
