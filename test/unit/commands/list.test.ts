import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listArgs, LIST_TYPES } from '../../../src/commands/list.js';
import { InvalidArgumentError } from '../../../src/index.js';
import { OPTION_TABLE } from '../../../src/option-table.js';
import { fakeRestic } from '../../helpers/fake-restic.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

function refuses(fn: () => unknown, option: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidArgumentError && e.option === option && (!message || message.test(e.message)), option);
}

test('list: the type after --, for each type', () => {
  for (const type of LIST_TYPES) assert.deepEqual(listArgs(type), ['list', type]);
  assert.deepEqual(listArgs('keys', { signal: new AbortController().signal }), ['list', 'keys']);
  assert.deepEqual(OPTION_TABLE.list, { command: 'list', options: {} });
});

test('list: unknown options and types refused', () => {
  refuses(() => listArgs('keys', { sinal: 1 } as object), 'sinal', /list has no such option/);
  refuses(() => listArgs('keys', { type: 'packs' } as object), 'type', /list has no such option/);
  refuses(() => listArgs('keys', 'all' as unknown as object), 'options');
  refuses(() => listArgs('files' as 'keys'), 'type', /expected one of 'blobs', 'packs'/);
});

test('list through an instance: IDs and blobs read from restic; a bad option refused before restic runs', async (t) => {
  const { restic, calls } = fakeRestic(t, '0.19.1', `${ID_A}\nnot an id\n${ID_B}\n`);
  assert.deepEqual(await restic.list.packs(), [ID_A, ID_B]);
  assert.deepEqual(calls(), [['--quiet', 'list', 'packs']]);
  await assert.rejects(restic.list.locks({ signals: true } as object), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'signals');
  const stream = restic.listStream('index', { verbose: true } as object);
  await assert.rejects(stream.next(), (e: unknown) => e instanceof InvalidArgumentError && e.option === 'verbose');
  assert.equal(calls().length, 1, 'nothing more was started');
});

test('list blobs: type and ID of each', async (t) => {
  const { restic } = fakeRestic(t, '0.19.1', `data ${ID_A}\ntree ${ID_B}\n`);
  assert.deepEqual(await restic.list.blobs(), [
    { type: 'data', id: ID_A },
    { type: 'tree', id: ID_B },
  ]);
});
