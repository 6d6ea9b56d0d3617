import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tarHeader, tarPadding, TAR_END, type TarEntry } from '../../src/reader/dump/tar-header.js';

const entry = (more: Partial<TarEntry>): TarEntry => ({
  name: Buffer.from('home/user/notes.txt'),
  typeflag: '0',
  linkname: Buffer.alloc(0),
  mode: 0o644,
  uid: 1000,
  gid: 1000,
  uname: Buffer.from('user'),
  gname: Buffer.from('user'),
  size: 5,
  mtime: { seconds: 1_700_000_000, nanos: 600_000_000 },
  paxRecords: new Map(),
  ...more,
});

const field = (block: Buffer, offset: number, size: number): string => block.subarray(offset, offset + size).toString('latin1').replace(/\0.*$/s, '');

/** The checksum as tar readers verify it: the header's bytes with the checksum field as spaces. */
function checksumHolds(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return parseInt(field(block, 148, 7), 8) === sum && block[155] === 0x20;
}

test('a plain entry is one USTAR block: octal fields, the time rounded to the second, a valid checksum', () => {
  const block = tarHeader(entry({}));
  assert.equal(block.length, 512);
  assert.equal(field(block, 0, 100), 'home/user/notes.txt');
  assert.equal(field(block, 100, 8), '0000644');
  assert.equal(field(block, 108, 8), '0001750');
  assert.equal(field(block, 124, 12), '00000000005');
  assert.equal(field(block, 136, 12), (1_700_000_001).toString(8).padStart(11, '0'), '.6 s rounds up, as Go rounds');
  assert.equal(block.subarray(257, 265).toString('latin1'), 'ustar\u000000');
  assert.equal(field(block, 265, 32), 'user');
  assert.equal(field(block, 329, 8), '0000000');
  assert.ok(checksumHolds(block));
  assert.equal(field(tarHeader(entry({ mtime: { seconds: 1_700_000_000, nanos: 499_999_999 } })), 136, 12), (1_700_000_000).toString(8).padStart(11, '0'));
});

test('a long ASCII path is split into the USTAR prefix; one that cannot be split goes into a PAX record', () => {
  const long = `${'d'.repeat(90)}/${'f'.repeat(60)}.txt`;
  const split = tarHeader(entry({ name: Buffer.from(long) }));
  assert.equal(split.length, 512);
  assert.equal(field(split, 345, 155), 'd'.repeat(90));
  assert.equal(field(split, 0, 100), `${'f'.repeat(60)}.txt`);

  const name = `dir/${'n'.repeat(150)}.txt`;
  const pax = tarHeader(entry({ name: Buffer.from(name) }));
  assert.equal(pax.length, 512 * 3, 'extended header, its records, the main header');
  assert.equal(String.fromCharCode(pax[156]!), 'x');
  assert.equal(field(pax, 0, 100), `dir/PaxHeaders.0/${'n'.repeat(83)}`, 'the extended header is named after the entry, cut to 100 bytes');
  const records = pax.subarray(512, 512 + parseInt(field(pax, 124, 12), 8)).toString('utf8');
  assert.equal(records, `${name.length + 10} path=${name}\n`, 'the length counts itself');
  assert.ok(checksumHolds(pax.subarray(0, 512)) && checksumHolds(pax.subarray(1024)));
});

test('non-ASCII names, large IDs, times before 1970 and extended attributes need PAX; the main header keeps the ASCII', () => {
  const pax = tarHeader(
    entry({
      name: Buffer.from('été/☃.txt'),
      uid: 3_000_000,
      mtime: { seconds: -86_400, nanos: 0 },
      paxRecords: new Map([['SCHILY.xattr.user.comment', Buffer.from('hi')]]),
    }),
  );
  const records = pax.subarray(512, 512 + parseInt(field(pax, 124, 12), 8)).toString('utf8');
  assert.deepEqual(records.trimEnd().split('\n'), ['32 SCHILY.xattr.user.comment=hi', '16 mtime=-86400', '22 path=été/☃.txt', '15 uid=3000000']);
  assert.equal(field(pax, 0, 100), 't/PaxHeaders.0/.txt');
  const main = pax.subarray(1024);
  assert.equal(field(main, 0, 100), 't/.txt');
  assert.equal(field(main, 108, 8), '0000000', 'a uid past the octal field is 0 there');
  assert.equal(field(main, 136, 12), '00000000000');
});

test('padding fills to 512 bytes, and an archive ends with two zero blocks', () => {
  assert.equal(tarPadding(5).length, 507);
  assert.equal(tarPadding(512).length, 0);
  assert.equal(TAR_END.length, 1024);
  assert.ok(TAR_END.every((b) => b === 0));
});
