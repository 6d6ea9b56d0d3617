import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate, migrateArgs, migrateCommand, migrations, parseMigrationList } from '../../../src/commands/migrate.js';
import { argvOf } from '../../../src/options/build.js';
import { ResticError } from '../../../src/index.js';
import { fakeContext, keptText } from '../../helpers/fake-context.js';
import { fixture, SERIES } from '../../helpers/fixtures.js';
import { refuses } from '../../helpers/refusals.js';

const OLD = '0.14.0';

test('migrate: names after --, force; without names restic lists', () => {
  assert.deepEqual(migrateArgs('upgrade_repo_v2', { force: true }, OLD), ['migrate', '--force', '--', 'upgrade_repo_v2']);
  assert.deepEqual(migrateArgs(['a_1', 'b'], {}, OLD), ['migrate', '--', 'a_1', 'b']);
  assert.deepEqual(argvOf(migrateCommand, {}, OLD), ['migrate']);
});

test('migrate: names are required, and must be names', () => {
  refuses(() => migrateArgs([], {}, OLD), 'names');
  refuses(() => migrateArgs(undefined as never, {}, OLD), 'names');
  refuses(() => migrateArgs('--force', {}, OLD), 'names');
  refuses(() => migrateArgs(['ok', 'Not OK'], {}, OLD), 'names');
  refuses(() => migrateArgs('upgrade_repo_v2', { force: 1 as unknown as boolean }, OLD), 'force');
  refuses(() => migrateArgs('upgrade_repo_v2', { names: ['x'] } as never, OLD), 'names');
});

test('migrate: the list restic prints', () => {
  assert.deepEqual(parseMigrationList('available migrations:\n  upgrade_repo_v2\tupgrade a repository to version 2\n'), [{ name: 'upgrade_repo_v2', description: 'upgrade a repository to version 2' }]);
});

for (const series of SERIES) {
  test(`restic ${series}: migrations() lists, migrate() applies`, async () => {
    const listed = fixture(series, 'migrate-list');
    const applied = fixture(series, 'migrate-apply');
    const ctx = fakeContext(listed.restic, { migrate: listed.stdout });
    assert.deepEqual(await migrations(ctx), [{ name: 'upgrade_repo_v2', description: 'upgrade a repository to version 2' }]);
    const applying = fakeContext(applied.restic, { migrate: applied.stdout });
    const result = await migrate(applying, 'upgrade_repo_v2');
    assert.deepEqual(result, { applied: ['upgrade_repo_v2'], log: keptText(applied.stdout) });
    // restic's own argv, but for the `--` before the names.
    assert.deepEqual([...ctx.invocations, ...applying.invocations].map((i) => i.args), [listed.args, ['migrate', '--', 'upgrade_repo_v2']]);
    // restic exits 0 for a name it does not apply: the call does not.
    const unknown = fakeContext(applied.restic, { migrate: listed.stdout });
    await assert.rejects(migrate(unknown, 'upgrade_repo_v3'), (e: unknown) => e instanceof ResticError && /did not apply migration upgrade_repo_v3/.test(e.message));
  });
}
