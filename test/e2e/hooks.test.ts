import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WrongPasswordError, type CommandEvent } from '../../src/index.js';
import { ReaderClosedError, ResticReader } from '../../src/reader/index.js';
import { resticBinaries } from '../helpers/binaries.js';
import { sandbox, TEST_PASSWORD } from '../helpers/sandbox.js';

// What a server operator hooks into: every restic run reported (onCommand), and `await using`
// closing what holds a key. This file is compiled by tsc for ES2022, so `await using` runs
// through TypeScript's lowering, as in a consumer's build for Node 20.

type End = Extract<CommandEvent, { type: 'end' }>;

for (const binary of resticBinaries()) {
  describe(`hooks on restic ${binary.series}`, () => {
    test('onCommand reports init, backup and a wrong password without a secret; await using closes readers', async (t) => {
      const events: CommandEvent[] = [];
      const onCommand = (event: CommandEvent): void => void events.push(event);
      const box = sandbox(t, binary, { onCommand });
      const data = box.writeData({ 'a.txt': 'alpha\n', 'docs/b.txt': 'bravo\n' });
      await box.restic.init();
      await box.restic.backup({ paths: [data] });
      const wrong = box.with({ password: 'not-the-password-42', onCommand });
      await assert.rejects(wrong.snapshots(), WrongPasswordError);

      const ends = events.filter((e): e is End => e.type === 'end');
      const starts = events.filter((e) => e.type === 'start');
      assert.deepEqual(ends.map((e) => e.id).sort(), starts.map((e) => e.id).sort(), 'every start has its end');
      // restic 0.14 prints no JSON for init: its ID is read with cat config.
      const expected = ['init', ...(binary.series === '0.14' ? ['cat config'] : []), 'backup', 'snapshots'];
      assert.deepEqual(ends.map((e) => e.command).filter((c) => c !== 'version'), expected);
      for (const end of ends) {
        assert.ok(end.durationMs >= 0 && end.durationMs < 60_000, `${end.command}: ${end.durationMs} ms`);
        assert.equal(end.argv[0], binary.path);
      }
      const failed = ends.at(-1)!;
      assert.equal(failed.error, 'WrongPasswordError');
      // Exit 12 from restic 0.17.1 on; before, exit 1 and the message.
      assert.equal(failed.exitCode, binary.series === '0.14' ? 1 : 12);
      for (const end of ends.slice(0, -1)) {
        assert.equal(end.exitCode, 0, end.command);
        assert.equal(end.error, undefined, end.command);
      }
      const shown = JSON.stringify(events);
      for (const secret of [TEST_PASSWORD, 'not-the-password-42']) assert.ok(!shown.includes(secret), `${secret} in an event`);

      // await using a reader: closed when the block ends, its key gone.
      let kept: ResticReader | undefined;
      {
        await using reader = await ResticReader.open({ repository: box.repo, password: TEST_PASSWORD });
        kept = reader;
        assert.equal((await reader.snapshots()).length, 1);
      }
      assert.equal(kept.closed, true);
      await assert.rejects(kept.snapshots(), ReaderClosedError, 'reads are refused');

      // await using an instance with native reads: its reader is closed under a listing still
      // going. The native read ran no restic, and so reported nothing.
      const reported = events.length;
      let listing: AsyncGenerator<unknown, void, undefined> | undefined;
      {
        await using repo = box.with({ reads: 'native', onCommand });
        listing = repo.lsStream('latest');
        const first = await listing.next();
        assert.equal((first.value as { message_type?: string }).message_type, 'snapshot');
      }
      await assert.rejects(
        (async () => {
          for await (const message of listing) void message;
        })(),
        ReaderClosedError,
      );
      assert.deepEqual(events.slice(reported).map((e) => e.command), []);
    });
  });
}
