import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonArrayElements } from '../../src/json-array-stream.js';
import { fixture, SERIES } from '../helpers/fixtures.js';

for (const series of SERIES) {
  test(`restic ${series}: find's one-line JSON array cut at every byte boundary yields the same elements`, () => {
    const bytes = Buffer.from(fixture(series, 'find-multi').stdout, 'utf8');
    const whole = JSON.parse(bytes.toString('utf8')) as unknown[];
    for (let at = 0; at <= bytes.length; at += 7) {
      const parser = new JsonArrayElements();
      const got = [...parser.push(bytes.subarray(0, at)), ...parser.push(bytes.subarray(at)), ...parser.end()];
      assert.deepEqual(got, whole, `cut at ${at}`);
    }
  });
}

test('strings with brackets, quotes and escapes inside elements; empty arrays', () => {
  const text = '[{"path":"/a]b}c\\"d[{","n":[1,[2]]},{"x":"\\\\"}]\n';
  const parser = new JsonArrayElements();
  const got: unknown[] = [];
  for (const ch of text) got.push(...parser.push(ch));
  assert.deepEqual(got, [{ path: '/a]b}c"d[{', n: [1, [2]] }, { x: '\\' }]);
  assert.deepEqual(new JsonArrayElements().push('[]\n'), []);
  assert.deepEqual(new JsonArrayElements().push('null\n'), []);
});
