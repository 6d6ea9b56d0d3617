import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResticOptions } from '../../src/index.js';
import { projectRoot } from './binaries.js';

/**
 * Real servers for restic's backends, on 127.0.0.1 with free ports, started for a test file
 * and stopped after it: REST (`rclone serve restic`, with and without credentials), SFTP
 * (OpenSSH's sshd with generated keys, and sftp-server run directly), restic's rclone backend,
 * and S3 (s3rver over TLS with a generated certificate). Nothing listens beyond loopback.
 */

export interface Backend {
  name: string;
  /** The settings that reach a repository named `name` on this backend (repository, env, options, cacert). */
  settingsFor(repositoryName: string): ResticOptions;
}

export interface Backends {
  list: Backend[];
  rest: Backend;
  restWithCredentials: Backend & { user: string; pass: string; port: number };
  /** The REST server process, for tests that kill it. */
  restProcess(): ChildProcess;
  stop(): Promise<void>;
}

const RCLONE = '/usr/bin/rclone';
const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

export function requireTool(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}): run \`bash scripts/setup.sh\``);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (code ${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port}`);
}

function startProcess(command: string, args: string[], children: ChildProcess[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RCLONE_CONFIG: '/dev/null' } });
  child.stderr?.resume();
  children.push(child);
  return child;
}

function restServerArgs(port: number, dir: string, credentials?: { user: string; pass: string }): string[] {
  return ['serve', 'restic', '--addr', `127.0.0.1:${port}`, ...(credentials ? ['--user', credentials.user, '--pass', credentials.pass] : []), dir];
}

export interface RestServer {
  port: number;
  /** The folder the server keeps its repositories in: `<dir>/<name>` is the repository `rest:http://…/<name>`. */
  dir: string;
  process: ChildProcess;
  stop(): void;
}

/** One REST server (`rclone serve restic`) on 127.0.0.1, serving `dir`; stop() kills it. */
export async function startRestServer(dir: string, credentials?: { user: string; pass: string }): Promise<RestServer> {
  requireTool(RCLONE, 'rclone');
  const port = await freePort();
  const children: ChildProcess[] = [];
  const child = startProcess(RCLONE, restServerArgs(port, dir, credentials), children);
  const stop = (): void => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  try {
    await waitForPort(port, child, 'rclone serve restic');
  } catch (error) {
    stop();
    throw error;
  }
  return { port, dir, process: child, stop };
}

export async function startBackends(): Promise<Backends> {
  for (const [path, what] of [
    [RCLONE, 'rclone'],
    [SSHD, "OpenSSH's sshd"],
    [SFTP_SERVER, "OpenSSH's sftp-server"],
  ] as const) {
    requireTool(path, what);
  }
  const root = mkdtempSync(join(tmpdir(), 'resticjs-backends-'));
  const children: ChildProcess[] = [];
  let s3: { close(): Promise<void> } | undefined;
  const stop = async (): Promise<void> => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await s3?.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    // REST, open and with credentials.
    const restPort = await freePort();
    const rest = startProcess(RCLONE, restServerArgs(restPort, join(root, 'rest')), children);
    const authPort = await freePort();
    const user = 'backup-user';
    const pass = 'rest-secret-password';
    const restAuth = startProcess(RCLONE, restServerArgs(authPort, join(root, 'rest-auth'), { user, pass }), children);

    // SFTP through a real sshd: generated host and user keys, key login only, loopback only.
    const ssh = join(root, 'ssh');
    mkdirSync(ssh);
    for (const key of ['host_key', 'user_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(ssh, key)]);
    writeFileSync(join(ssh, 'authorized_keys'), readFileSync(join(ssh, 'user_key.pub')));
    chmodSync(join(ssh, 'authorized_keys'), 0o600);
    const sshPort = await freePort();
    writeFileSync(
      join(ssh, 'sshd_config'),
      [
        'ListenAddress 127.0.0.1',
        `Port ${sshPort}`,
        `HostKey ${join(ssh, 'host_key')}`,
        `AuthorizedKeysFile ${join(ssh, 'authorized_keys')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes no',
        `PidFile ${join(ssh, 'sshd.pid')}`,
        'Subsystem sftp internal-sftp',
      ].join('\n') + '\n',
    );
    mkdirSync('/run/sshd', { recursive: true });
    const sshd = startProcess(SSHD, ['-D', '-e', '-f', join(ssh, 'sshd_config')], children);
    const login = process.getuid?.() === 0 ? 'root' : (process.env['USER'] ?? 'root');
    const sshCommand = [
      'ssh', '-p', String(sshPort), '-i', join(ssh, 'user_key'),
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
      `${login}@127.0.0.1`, '-s', 'sftp',
    ].join(' ');

    // S3: s3rver (a devDependency) over TLS, with a certificate made for 127.0.0.1.
    const certificate = join(root, 's3-cert.pem');
    const key = join(root, 's3-key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const S3rver = createRequire(join(projectRoot, 'package.json'))('s3rver') as new (options: object) => { run(): Promise<unknown>; close(): Promise<void> };
    const s3Port = await freePort();
    const server = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: join(root, 's3'), key: readFileSync(key), cert: readFileSync(certificate), configureBuckets: [{ name: 'restic' }] });
    await server.run();
    s3 = server;

    await Promise.all([waitForPort(restPort, rest, 'rclone serve restic'), waitForPort(authPort, restAuth, 'rclone serve restic --user'), waitForPort(sshPort, sshd, 'sshd')]);

    const restBackend: Backend = { name: 'rest', settingsFor: (name) => ({ repository: `rest:http://127.0.0.1:${restPort}/${name}` }) };
    const restWithCredentials = {
      name: 'rest with credentials',
      user,
      pass,
      port: authPort,
      settingsFor: (name: string): ResticOptions => ({ repository: `rest:http://${user}:${pass}@127.0.0.1:${authPort}/${name}` }),
    };
    const list: Backend[] = [
      restBackend,
      restWithCredentials,
      { name: 'sftp via sshd', settingsFor: (name) => ({ repository: `sftp:${login}@127.0.0.1:${join(root, 'sftp', name)}`, options: { 'sftp.command': sshCommand } }) },
      { name: 'sftp via sftp-server', settingsFor: (name) => ({ repository: `sftp:localhost:${join(root, 'sftp-server', name)}`, options: { 'sftp.command': `${SFTP_SERVER} -e` } }) },
      { name: 'rclone', settingsFor: (name) => ({ repository: `rclone:${join(root, 'rclone', name)}`, options: { 'rclone.program': RCLONE }, env: { RCLONE_CONFIG: '/dev/null' } }) },
      {
        name: 's3',
        settingsFor: (name) => ({
          repository: `s3:https://127.0.0.1:${s3Port}/restic/${name}`,
          cacert: certificate,
          env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
        }),
      },
    ];
    return { list, rest: restBackend, restWithCredentials, restProcess: () => rest, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
