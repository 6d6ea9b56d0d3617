// s3rver 3.7.1 (a dev dependency), a third-party S3 server, for the reader's parity tests: in a
// Node process of its own on 127.0.0.1, over HTTPS and plain HTTP at once, both on one folder.
// What it gets wrong, and how the tests keep clear of it:
// - it checks only that the access key is its own (S3RVER), not a SigV4 signature: the
//   credential tests use scripts/s3-test-server.mjs;
// - over plain HTTP it stores restic's aws-chunked uploads as they come, chunk headers and
//   all: restic writes over HTTPS only, where it sends UNSIGNED-PAYLOAD; plain HTTP serves reads;
// - its ListObjectsV2 continuation tokens use single DES, which OpenSSL 3 refuses (HTTP 500)
//   unless Node runs with --openssl-legacy-provider (then paging works, on Node 20): rather
//   than depend on that flag, the repositories stay within one page of 1000 keys, and paging
//   is tested on our own server.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from './binaries.js';
import { readyLine } from './ready-line.js';
import { hasExited } from './spawn-recorder.js';

/** The one account s3rver knows. */
export const S3RVER_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
/** How s3rver names an object's bytes on disk: `<bucket>/<key>._S3rver_object`. */
const OBJECT_SUFFIX = '._S3rver_object';

export interface S3rver {
  port: number;
  tlsPort: number;
  dir: string;
  /** Kills the server (SIGKILL) and removes its folder. */
  stop(): void;
}

// Run with `node -e`: argv[1] is s3rver's module, then the folder, the certificate and its key.
const CHILD = `
const [module, directory, cert, key] = process.argv.slice(1);
const { readFileSync } = require('node:fs');
const S3rver = require(module);
const common = { address: '127.0.0.1', port: 0, silent: true, directory };
const secure = new S3rver({ ...common, cert: readFileSync(cert), key: readFileSync(key), configureBuckets: [{ name: 'bucket' }] });
const plain = new S3rver(common);
Promise.all([plain.run(), secure.run()]).then(([a, b]) => process.stdout.write(JSON.stringify({ port: a.port, tlsPort: b.port }) + '\\n'));
`;

/** s3rver over a fresh folder with a bucket named `bucket`, HTTPS with `tls`'s certificate. */
export async function startS3rver(tls: { cert: string; key: string }): Promise<S3rver> {
  const dir = mkdtempSync(join(tmpdir(), 'resticjs-s3rver-'));
  const module = createRequire(join(projectRoot, 'package.json')).resolve('s3rver');
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, module, dir, tls.cert, tls.key], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = (): void => {
    if (!hasExited(child)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports = await readyLine<{ port: number; tlsPort: number }>(child, 's3rver');
    return { ...ports, dir, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Copies the objects under `prefix` in s3rver's bucket `bucket` to `target`/`bucket`/, as plain files (scripts/s3-test-server.mjs's layout). */
export function copyS3rverObjects(s3rver: S3rver, bucket: string, prefix: string, target: string): number {
  const from = join(s3rver.dir, bucket, prefix);
  let copied = 0;
  for (const relative of readdirSync(from, { recursive: true }).map(String)) {
    // The bytes; s3rver keeps the metadata and the MD5 beside them, named likewise.
    if (!relative.endsWith(OBJECT_SUFFIX)) continue;
    const destination = join(target, bucket, prefix, relative.slice(0, -OBJECT_SUFFIX.length));
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(join(from, relative), destination);
    copied++;
  }
  return copied;
}
