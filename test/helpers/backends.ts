import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResticOptions } from '../../src/index.js';
import { projectRoot } from './binaries.js';
import { hasExited } from './spawn-recorder.js';

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
  stop(): Promise<void>;
}

const RCLONE = '/usr/bin/rclone';
const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

function requireTool(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}): run \`bash scripts/setup.sh\``);
}

async function freePort(): Promise<number> {
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
        // A port in the ephemeral range can connect to itself with nothing listening.
        const selfConnected = socket.localPort === port;
        socket.destroy();
        resolve(!selfConnected);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port}`);
}

/**
 * The port an rclone server started with `--addr 127.0.0.1:0` chose, read from its log: no port
 * is picked ahead and released, so no other test's server can take it in between.
 */
async function rcloneServingPort(child: ChildProcess, what: string): Promise<number> {
  const stderr = child.stderr;
  if (!stderr) throw new Error(`${what}: no log to read its port from`);
  return new Promise<number>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => finish(new Error(`${what} did not start serving within 15 s: ${log.slice(-500)}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      const match = /Serving restic REST API on \[?https?:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (match) finish(undefined, Number(match[1]));
    };
    const onExit = (code: number | null): void => finish(new Error(`${what} exited early (code ${code}): ${log.slice(-500)}`));
    function finish(error?: Error, port?: number): void {
      clearTimeout(timer);
      stderr!.off('data', onData);
      child.off('exit', onExit);
      stderr!.resume(); // keep draining the log so the server never blocks on it
      if (error) reject(error);
      else resolve(port!);
    }
    stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

function startProcess(command: string, args: string[], children: ChildProcess[], { readLog = false } = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RCLONE_CONFIG: '/dev/null' } });
  if (!readLog) child.stderr?.resume();
  children.push(child);
  return child;
}

/** TLS for a REST server: its certificate and key, and optionally the CA its clients' certificates must chain to. */
export interface ServerTls {
  cert: string;
  key: string;
  clientCa?: string;
}

/** `rclone serve restic` on a port of its own choosing (see rcloneServingPort); resolves to the port. */
async function startRclone(dir: string, children: ChildProcess[], credentials?: { user: string; pass: string }, tls?: ServerTls): Promise<number> {
  const args = [
    'serve', 'restic', '--addr', '127.0.0.1:0',
    ...(credentials ? ['--user', credentials.user, '--pass', credentials.pass] : []),
    ...(tls ? ['--cert', tls.cert, '--key', tls.key, ...(tls.clientCa ? ['--client-ca', tls.clientCa] : [])] : []),
    dir,
  ];
  const child = startProcess(RCLONE, args, children, { readLog: true });
  return rcloneServingPort(child, `rclone serve restic${credentials ? ' --user' : ''}`);
}

export interface RestServer {
  port: number;
  /** The folder the server keeps its repositories in: `<dir>/<name>` is the repository `rest:http://…/<name>`. */
  dir: string;
  stop(): void;
}

/** One REST server (`rclone serve restic`) on 127.0.0.1, serving `dir`, over TLS with `tls`; stop() kills it. */
export async function startRestServer(dir: string, credentials?: { user: string; pass: string }, tls?: ServerTls): Promise<RestServer> {
  requireTool(RCLONE, 'rclone');
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const child of children) if (!hasExited(child)) child.kill('SIGKILL');
  };
  try {
    const port = await startRclone(dir, children, credentials, tls);
    return { port, dir, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * A self-signed certificate for 127.0.0.1 made by openssl: `<dir>/<name>-cert.pem` and
 * `<dir>/<name>-key.pem`, and `<dir>/<name>.pem` with both (restic's `--tls-client-cert` form).
 * Being its own issuer, the certificate is also the CA to trust for it.
 */
export function selfSignedCertificate(dir: string, name: string): { cert: string; key: string; both: string } {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  const both = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  writeFileSync(both, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  return { cert, key, both };
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
    for (const child of children) if (!hasExited(child)) child.kill('SIGKILL');
    await s3?.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    // REST, open and with credentials.
    const user = 'backup-user';
    const pass = 'rest-secret-password';
    const [restPort, authPort] = await Promise.all([
      startRclone(join(root, 'rest'), children),
      startRclone(join(root, 'rest-auth'), children, { user, pass }),
    ]);

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
    const { cert: certificate, key } = selfSignedCertificate(root, 's3');
    const S3rver = createRequire(join(projectRoot, 'package.json'))('s3rver') as new (options: object) => { run(): Promise<unknown>; close(): Promise<void> };
    // Port 0: s3rver's server picks a free port itself and run() says which.
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(root, 's3'), key: readFileSync(key), cert: readFileSync(certificate), configureBuckets: [{ name: 'restic' }] });
    s3 = server;
    const { port: s3Port } = (await server.run()) as { port: number };

    // sshd cannot be told to pick its own port: a free one is chosen ahead and checked.
    await waitForPort(sshPort, sshd, 'sshd');

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
    return { list, rest: restBackend, restWithCredentials, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
