import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter } from '../../src/process/line-splitter.js';

function splitInTwo(bytes: Buffer, at: number): string[] {
  const splitter = new LineSplitter();
  const lines = [...splitter.push(bytes.subarray(0, at)), ...splitter.push(bytes.subarray(at))];
  const last = splitter.end();
  return last === undefined ? lines : [...lines, last];
}

test('a stream cut at every byte boundary yields the same lines, multi-byte characters and CRLF included', () => {
  const text = '{"path":"/données/日本語/🎵 song.mp3"}\r\n{"message_type":"status","percent_done":0.5}\nplain text line\n\nlast line without newline';
  const bytes = Buffer.from(text, 'utf8');
  const expected = ['{"path":"/données/日本語/🎵 song.mp3"}', '{"message_type":"status","percent_done":0.5}', 'plain text line', '', 'last line without newline'];
  for (let at = 0; at <= bytes.length; at++) assert.deepEqual(splitInTwo(bytes, at), expected, `cut at byte ${at}`);
});

test('one byte at a time', () => {
  const bytes = Buffer.from('é\nü\r\n', 'utf8');
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const byte of bytes) lines.push(...splitter.push(Buffer.from([byte])));
  assert.deepEqual(lines, ['é', 'ü']);
  assert.equal(splitter.end(), undefined);
});
