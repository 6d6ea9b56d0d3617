// The S3 server of scripts/s3-test-server.mjs, started for a test on 127.0.0.1 (a port of its
// own choosing, a temporary folder) and killed after it. It checks Signature Version 4, so a
// wrong secret, key or session token is refused as S3 refuses it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './binaries.js';
import { readyLine } from './ready-line.js';
import { hasExited } from './spawn-recorder.js';

export interface S3ServerOptions {
  key: string;
  secret: string;
  region?: string;
  token?: string;
  /** The most keys a listing page holds, whatever the client asks (S3: 1000). */
  pageKeys?: number;
  /** A certificate: HTTPS too, on `tlsPort`, over the same folder. */
  tls?: { cert: string; key: string };
  /** Serve this folder (left in place by stop()) rather than a temporary one of its own. */
  dir?: string;
}

export interface S3Server {
  /** Plain HTTP. */
  port: number;
  /** HTTPS, when a certificate was given. */
  tlsPort: number | undefined;
  dir: string;
  child: ChildProcess;
  /** Kills the server (SIGKILL) and removes its folder, unless the folder was given. */
  stop(): void;
}

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'resticjs-s3-'));
  const args = [join(projectRoot, 'scripts', 's3-test-server.mjs'), '--dir', dir, '--key', options.key, '--secret', options.secret];
  if (options.region) args.push('--region', options.region);
  if (options.token) args.push('--token', options.token);
  if (options.pageKeys) args.push('--page-keys', String(options.pageKeys));
  if (options.tls) args.push('--cert', options.tls.cert, '--cert-key', options.tls.key);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = (): void => {
    if (!hasExited(child)) child.kill('SIGKILL');
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { port, tlsPort } = await readyLine<{ port: number; tlsPort?: number }>(child, 'the S3 test server');
    return { port, tlsPort, dir, child, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
