// Back up a database dump straight from a stream, without writing it to disk first, then read
// it back with dump() and prove it is the same bytes (SHA-256).
//
//   node examples/database-dump.mjs [--rows N]
//
// The "database" is simulated: a generator produces N rows (default 50,000, about 6 MiB) of
// SQL lazily, chunk by chunk, as restic asks for them. A real job would pass a child process's
// stdout instead (`stdin: spawn('pg_dump', ['shop']).stdout`), or let restic 0.17+ run the
// command itself with `stdinFromCommand: ['pg_dump', 'shop']`.
// restic is taken from $RESTIC_BIN, else this project's .restic/0.19, else PATH.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Restic } from 'resticjs';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
const rows = Number(args.rows);
const projectRestic = fileURLToPath(new URL('../.restic/0.19/restic', import.meta.url));
const binaryPath = process.env.RESTIC_BIN ?? (existsSync(projectRestic) ? projectRestic : 'restic');

const work = mkdtempSync(join(tmpdir(), 'resticjs-dbdump-'));
const repo = new Restic({ binaryPath, repository: join(work, 'repo'), password: randomBytes(16).toString('hex'), cacheDir: join(work, 'cache') });
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

// The hash is taken while the dump streams past, so the check below needs no second copy of it.
const sent = createHash('sha256');
let sentBytes = 0;

/** A pretend `pg_dump`: 1,000 rows a chunk. Readable.from() pulls the next chunk only when restic has taken the last one (back-pressure), so memory stays small whatever `rows` is. */
async function* sqlDump() {
  const emit = (text) => {
    const chunk = Buffer.from(text);
    sent.update(chunk);
    sentBytes += chunk.length;
    return chunk;
  };
  yield emit('BEGIN;\nCREATE TABLE orders (id integer PRIMARY KEY, customer text, total numeric, placed timestamptz);\n');
  for (let first = 1; first <= rows; first += 1000) {
    let lines = '';
    for (let id = first; id < Math.min(first + 1000, rows + 1); id++) {
      lines += `INSERT INTO orders VALUES (${id}, 'customer-${id % 977}', ${((id * 7919) % 100000) / 100}, '2024-01-01T00:00:00Z'::timestamptz + interval '${id} minutes');\n`;
    }
    yield emit(lines);
  }
  yield emit('COMMIT;\n');
}

try {
  const { restic_version } = await repo.version();
  await repo.init();
  console.log(`restic ${restic_version}: streaming a dump of ${rows} rows into ${repo.repository}`);

  // stdinFilename is the name the stream gets inside the snapshot (restic's default is "stdin").
  const summary = await repo.backup({ stdin: Readable.from(sqlDump()), stdinFilename: 'shop.sql', tags: ['db', 'shop'] });
  const sentHash = sent.digest('hex');
  // data_added counts bytes before compression; restic 0.17+ also report what was stored after it.
  const packed = summary.data_added_packed === undefined ? '' : ` (${mib(summary.data_added_packed)} compressed)`;
  console.log(`backed up ${mib(sentBytes)} (sha256 ${sentHash.slice(0, 16)}…), ${mib(summary.data_added)} added${packed} → snapshot ${summary.snapshot_id.slice(0, 8)}`);

  // The snapshot looks like a backup of one file, /shop.sql, so every other call treats it as one.
  const [snapshot] = await repo.snapshots({ tags: ['db'] });
  const { nodes } = await repo.ls(snapshot.id);
  const file = nodes.find((n) => n.type === 'file');
  console.log(`snapshot ${snapshot.short_id}: paths ${snapshot.paths.join(' ')}, tags ${snapshot.tags.join(',')}, ${file.path} is ${file.size} bytes`);

  // dump() is a Readable: hash it as it streams, as one would pipe it into `psql` to restore.
  const back = createHash('sha256');
  await pipeline(repo.dump(snapshot.id, file.path), back);
  const backHash = back.digest('hex');
  if (backHash === sentHash && file.size === sentBytes) {
    console.log(`verified: dump of ${file.path} has the same sha256 ${backHash.slice(0, 16)}…`);
  } else {
    console.error(`MISMATCH: sent ${sentHash} (${sentBytes} bytes), got back ${backHash} (${file.size} bytes)`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
