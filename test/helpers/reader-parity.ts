// What the reader tests share: a tree of awkward files, and the comparison of everything the
// reader reads with what the restic CLI prints for the same repository.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, readSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { LsNode, Restic } from '../../src/index.js';
import type { ResticReader } from '../../src/reader/index.js';
import type { ResticBinary } from './binaries.js';
import type { Sandbox } from './sandbox.js';

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Odd names, an empty file, a symlink, a hard link, a 3 MB random file spanning several chunks, a compressible 1 MB file. */
export function writeTree(box: Sandbox): string {
  const data = box.writeData({
    'plain.txt': 'hello, reader\n',
    'quote"d.txt': 'a double quote in the name',
    "single'quote.txt": 'a single quote',
    'back\\slash.txt': 'a backslash in the name',
    'new\nline.txt': 'a newline in the name',
    'tab\tand space.txt': 'tab',
    'unicode-été-☃.txt': 'non-ASCII',
    '\ufeffbom.txt': 'a byte-order mark opens the name (Go keeps it; a TextDecoder drops it unless told)',
    'empty.txt': '',
    'sub/dir/deep.txt': 'deep down',
    // Paths past 100 bytes: split into the USTAR prefix, or (a name of 150) in a PAX record.
    [`sub/${'d'.repeat(90)}/${'f'.repeat(60)}.txt`]: 'a long path',
    [`sub/${'n'.repeat(150)}.txt`]: 'a long name',
    'sub/other.md': '# other',
    'big.bin': randomBytes(3 * 1024 * 1024),
    'text.log': Buffer.from('a line of text that compresses well\n'.repeat(30_000)),
  });
  symlinkSync('plain.txt', join(data, 'link'));
  linkSync(join(data, 'plain.txt'), join(data, 'hard.txt'));
  return data;
}

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The fields every restic version prints for an ls node. */
export function lsCore(node: LsNode): Record<string, unknown> {
  return { name: node.name, type: node.type, path: node.path, size: node.type === 'file' ? (node.size ?? 0) : undefined, mode: node.mode ?? 0, mtime: node.mtime, uid: node.uid, gid: node.gid };
}

export function packFiles(repo: string): string[] {
  return readdirSync(join(repo, 'data'), { recursive: true })
    .map(String)
    .filter((p) => /[0-9a-f]{64}$/.test(p))
    .map((p) => join(repo, 'data', p));
}

export function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, offset);
    b[0]! ^= 0x40;
    writeSync(fd, b, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

/** Compares everything the reader reads with what the restic CLI prints, for the latest and the first snapshot. */
export async function compareWithCli(restic: Restic, reader: ResticReader, binary: ResticBinary, data: string): Promise<void> {
  const cliSnapshots = await restic.snapshots();
  const readerSnapshots = await reader.snapshots();
  assert.deepEqual(readerSnapshots, cliSnapshots, 'snapshots()');
  assert.deepEqual(await reader.cat.config(), await restic.cat.config(), 'cat.config()');

  for (const snapshot of cliSnapshots) {
    assert.deepEqual(await reader.cat.snapshot(snapshot.id), await restic.cat.snapshot(snapshot.id), 'cat.snapshot()');
    const cli = await restic.ls(snapshot.id);
    const mine = await reader.ls(snapshot.short_id);
    assert.equal(mine.snapshot.id, cli.snapshot.id);
    assert.deepEqual(mine.nodes.map(lsCore), cli.nodes.map(lsCore), `ls ${snapshot.short_id}: core fields`);
    if (binary.series !== '0.14') assert.deepEqual(mine.nodes, cli.nodes, `ls ${snapshot.short_id}: every field`);
    else assert.deepEqual({ ...mine.snapshot, message_type: undefined }, { ...cli.snapshot, message_type: undefined });

    // A folder filter, plain and recursive.
    const sub = join(data, 'sub');
    assert.deepEqual((await reader.ls(snapshot.id, sub)).nodes.map((n) => n.path), (await restic.ls(snapshot.id, { paths: [sub] })).nodes.map((n) => n.path), 'ls with a path');
    assert.deepEqual((await reader.ls(snapshot.id, sub, { recursive: true })).nodes.map((n) => n.path), (await restic.ls(snapshot.id, { paths: [sub], recursive: true })).nodes.map((n) => n.path), 'ls recursive');

    // `<id>:<folder>` (restic 0.16+): the folder's tree as the root.
    if (binary.series !== '0.14') {
      const spec = `${snapshot.short_id}:${sub}`;
      assert.deepEqual(await reader.ls(spec), await restic.ls(spec), 'ls <id>:<folder>');
      assert.deepEqual(await collect(reader.dump(spec, '/dir/deep.txt')), await collect(restic.dump(spec, '/dir/deep.txt')), 'dump <id>:<folder>');
      assert.ok((await collect(reader.dump(spec, '/'))).equals(await collect(restic.dump(spec, '/'))), 'dump <id>:<folder> / as tar');
    }

    // Trees as stored (Go-quoted names) and a data blob, raw.
    assert.deepEqual(await reader.cat.tree(snapshot.tree), await restic.cat.tree(snapshot.tree), 'cat.tree()');
  }

  const latest = cliSnapshots.at(-1)!;
  const { nodes } = await reader.ls(latest.id);
  const files = nodes.filter((n) => n.type === 'file');
  assert.ok(files.length >= 12, `${files.length} files`);
  for (const file of files) {
    const mine = await collect(reader.dump(latest.id, file.path));
    assert.equal(sha(mine), sha(readFileSync(file.path)), `dump ${JSON.stringify(file.path)}`);
  }
  // Folders, and the whole snapshot, as the tar archive restic writes: byte for byte.
  for (const folder of [data, join(data, 'sub'), '/']) {
    const mine = await collect(reader.dump(latest.id, folder));
    assert.ok(mine.equals(await collect(restic.dump(latest.id, folder))), `dump ${folder} as tar = restic dump (${mine.length} bytes)`);
  }
  for (const name of ['big.bin', 'quote"d.txt', 'new\nline.txt', 'empty.txt']) {
    const path = join(data, name);
    assert.ok((await collect(restic.dump(latest.id, path))).equals(await collect(reader.dump(latest.id, path))), `dump ${JSON.stringify(name)} = restic dump`);
  }

  // One index file, and one data blob, byte for byte.
  const indexIds = await restic.list.index();
  assert.deepEqual(await reader.cat.index(indexIds[0]!.slice(0, 10)), await restic.cat.index(indexIds[0]!), 'cat.index()');
  const blobs = await restic.list.blobs();
  const dataBlob = blobs.find((b) => b.type === 'data')!;
  assert.ok((await reader.cat.blob(dataBlob.id)).equals(await restic.cat.blob(dataBlob.id)), 'cat.blob()');

  // find: the same snapshots in the same order, the same paths.
  for (const pattern of ['*.txt', 'sub', '/**/deep.txt', ['big.bin', 'link']] as const) {
    const cli = await restic.find(pattern);
    const mine = await reader.find(pattern);
    // restic 0.14 prints the snapshots in listing order; later releases newest first, as the reader does.
    if (binary.series === '0.14') for (const list of [cli, mine]) list.sort((a, b) => (a.snapshot < b.snapshot ? -1 : 1));
    assert.deepEqual(
      mine.map((r) => ({ snapshot: r.snapshot, paths: r.matches.map((m) => m.path) })),
      cli.map((r) => ({ snapshot: r.snapshot, paths: r.matches.map((m) => m.path) })),
      `find ${JSON.stringify(pattern)}`,
    );
    if (binary.series === '0.19') assert.deepEqual(mine, cli, `find ${JSON.stringify(pattern)}: every field`);
  }
  assert.deepEqual(await reader.find('no-such-name'), []);
}

/**
 * The reader's decoding against the CLI, for a repository format or compression whose other
 * answers compareWithCli has covered: every tree (ls), every file's data (against the files),
 * the whole snapshot as restic's tar, one data blob raw. Four restic calls, not thirty.
 */
export async function compareDecodingWithCli(restic: Restic, reader: ResticReader): Promise<void> {
  const latest = (await reader.snapshots()).at(-1)!;
  const cli = await restic.ls(latest.id);
  const { nodes } = await reader.ls(latest.id);
  assert.deepEqual(nodes.map(lsCore), cli.nodes.map(lsCore), 'ls: core fields');
  const files = nodes.filter((n) => n.type === 'file');
  assert.ok(files.length >= 12, `${files.length} files`);
  for (const file of files) assert.equal(sha(await collect(reader.dump(latest.id, file.path))), sha(readFileSync(file.path)), `dump ${JSON.stringify(file.path)}`);
  const tar = await collect(reader.dump(latest.id, '/'));
  assert.ok(tar.equals(await collect(restic.dump(latest.id, '/'))), `dump / as tar = restic dump (${tar.length} bytes)`);
  const dataBlob = (await restic.list.blobs()).find((b) => b.type === 'data')!;
  assert.ok((await reader.cat.blob(dataBlob.id)).equals(await restic.cat.blob(dataBlob.id)), 'cat.blob()');
}

/**
 * What a reader answers about a repository of writeTree's files: for comparing one reader with
 * another on the same repository (through another server or protocol), once one of them has
 * been compared with the CLI, without running restic again.
 */
export async function readerAnswers(reader: ResticReader): Promise<Record<string, unknown>> {
  const snapshots = await reader.snapshots();
  const perSnapshot: unknown[] = [];
  for (const snapshot of snapshots) {
    perSnapshot.push({ ls: await reader.ls(snapshot.id), tree: await reader.cat.tree(snapshot.tree), tar: sha(await collect(reader.dump(snapshot.id, '/'))) });
  }
  return { snapshots, config: await reader.cat.config(), stats: reader.stats(), perSnapshot, find: await reader.find(['*.txt', 'big.bin', 'sub']) };
}
