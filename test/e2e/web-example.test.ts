// The web example in a real browser (Debian's chromium, driven by playwright-core), doing what
// a person does: the snapshots of both hosts, a folder, a file and a folder downloaded, a
// restore watched to 100 %, a backup cancelled, and then, checked with the library apart from
// the page: no lock and no restic process left. And what a stranger tries: no token, `..`.
//
// One restic version (the newest of those under test) is enough: the page and the server
// only call the library, whose calls are tested on every version by the other files; this
// test is about HTTP, the browser, the event stream and the refusals, which do not change
// with restic. The newest shows every part (summaries need 0.17, restore progress 0.16).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { compareVersions, Restic } from '../../src/index.js';
import { newestRestic, projectRoot, resticBinaries } from '../helpers/binaries.js';
import { resticChildren, startWebExample, type WebExample } from '../helpers/web-example.js';

const CHROMIUM = '/usr/bin/chromium';
// What this machine needs (see CONTRIBUTING.md): no sandbox as root, no GPU, and no
// background traffic, which the closed network would refuse.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(projectRoot, 'test-output', 'web');

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

// One run is enough (the page and server only call the library, which the other files test on
// every release), against the newest restic: on the Node whose share of the releases has it.
const BINARY = resticBinaries().find((b) => b.series === newestRestic().series);
const SKIP = !existsSync(CHROMIUM)
  ? `needs Debian's chromium at ${CHROMIUM} (bash scripts/setup.sh installs it)`
  : BINARY === undefined
    ? `runs once, on the Node that tests restic ${newestRestic().series}`
    : false;

/** An API call made with the token in a header, as a script would. */
async function api(example: WebExample, path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${example.origin}${path}`, { ...init, headers: { Authorization: `Bearer ${example.token}`, ...init.headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const restoreInto = (example: WebExample, snapshot: string, target: string): Promise<{ status: number; body: Record<string, unknown> }> =>
  api(example, '/api/restore', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ snapshot, path: `${example.data}/documents`, target }),
  });

/** A GET with another Host header (fetch keeps its own). */
function statusWithHost(example: WebExample, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${example.origin}/api/info`, { headers: { Host: host, Authorization: `Bearer ${example.token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The status and error of a Cancel POST with this Host and Origin (fetch keeps its own Host). */
function postError(example: WebExample, host: string, origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = { Host: host, Origin: origin, 'Content-Type': 'application/json', Authorization: `Bearer ${example.token}` };
    const req = request(`${example.origin}/api/cancel`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(`${res.statusCode} ${(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error: string }).error}`));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

/** The progress bar's value and the status line. */
async function progress(page: Page): Promise<{ value: number; status: string }> {
  const value = Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));
  return { value, status: (await page.locator('#status').textContent()) ?? '' };
}

/** Polls `check` every 50 ms until it holds; fails naming `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what()}: not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls the bar and the status line until `done` holds; the last reading. */
async function watch(page: Page, done: (now: { value: number; status: string }) => boolean, what: string, timeoutMs = 30_000): Promise<{ value: number; status: string }> {
  let now = await progress(page);
  await until(async () => done((now = await progress(page))), () => `${what} (at ${now.value}%: "${now.status}")`, timeoutMs);
  return now;
}

test(
  'web example: browse, download, restore and a cancelled backup in Chromium; no token and .. refused',
  { skip: SKIP, timeout: 180_000 },
  async (t) => {
    const started = Date.now();
    const step = (what: string): void => t.diagnostic(`${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const binary = BINARY!;
    const example = await startWebExample(t, binary);
    step(`the demo (restic ${binary.series}) is served`);
    const library = new Restic({ binaryPath: binary.path, repository: example.repository, passwordFile: example.passwordFile, cacheDir: join(example.demoFolder, 'test-cache') });
    const snapshots = await library.snapshots();
    const newestLaptop = snapshots.filter((s) => s.hostname === 'laptop').sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).at(-1);
    assert.ok(newestLaptop, 'the demo has snapshots of the host laptop');
    const password = readFileSync(example.passwordFile, 'utf8').trim();

    // A stranger: no token, a wrong one, another host name, another origin, a way out of the root.
    assert.equal((await fetch(`${example.origin}/api/snapshots`)).status, 401);
    assert.equal((await fetch(`${example.origin}/`)).status, 401);
    assert.equal((await fetch(`${example.origin}/?token=not-the-token`, { redirect: 'manual' })).status, 401);
    assert.equal((await fetch(`${example.origin}/api/info`, { headers: { Cookie: `resticjs_web_${new URL(example.origin).port}=nope` } })).status, 401);
    assert.equal(await statusWithHost(example, 'attacker.example'), 421);
    const foreign = await api(example, '/api/backup', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://attacker.example' }, body: '{}' });
    assert.deepEqual([foreign.status, foreign.body['error']], [403, 'WrongOrigin']);
    // The page opened at localhost acts as its own origin; the other loopback name does not.
    const port = new URL(example.origin).port;
    assert.equal(await postError(example, `localhost:${port}`, `http://localhost:${port}`), '409 NothingRunning');
    assert.equal(await postError(example, `localhost:${port}`, `http://127.0.0.1:${port}`), '403 WrongOrigin');
    for (const target of ['../escaped', 'a/../../escaped', '/tmp/escaped']) {
      const refused = await restoreInto(example, newestLaptop.id, target);
      assert.deepEqual([refused.status, refused.body['error']], [400, 'RestoreTargetRefused'], target);
    }
    const outside = mkdtempSync(join(tmpdir(), 'resticjs-web-outside-'));
    t.after(() => rmSync(outside, { recursive: true, force: true }));
    symlinkSync(outside, join(example.restoreRoot, 'link'));
    const throughLink = await restoreInto(example, newestLaptop.id, 'link/escaped');
    assert.deepEqual([throughLink.status, throughLink.body['error']], [400, 'RestoreTargetRefused']);
    assert.equal(existsSync(join(outside, 'escaped')), false);
    const overLink = await restoreInto(example, newestLaptop.id, 'link');
    assert.deepEqual([overLink.status, overLink.body['error'], overLink.body['message']], [409, 'RestoreTargetExists', 'choose a new folder: link exists']);
    rmSync(join(example.restoreRoot, 'link'));
    // What is not there is a 404, natively (an unknown snapshot) and through restic (a path).
    for (const [snapshot, path, message] of [['deadbeef', '/', 'no such snapshot'], [newestLaptop.id, `${example.data}/nope.txt`, 'no such path in this snapshot']] as const) {
      const gone = await api(example, `/api/download?${new URLSearchParams({ snapshot, path, kind: 'file' })}`);
      assert.deepEqual([gone.status, gone.body['error'], gone.body['message']], [404, 'NotFound', message], path);
    }
    // A download left after its first bytes: the restic that writes the tar is stopped.
    const leaving = new AbortController();
    const tarUrl = `${example.origin}/api/download?${new URLSearchParams({ snapshot: newestLaptop.id, path: example.data, kind: 'dir' })}`;
    const partial = await fetch(tarUrl, { headers: { Authorization: `Bearer ${example.token}` }, signal: leaving.signal });
    assert.equal(partial.headers.get('content-type'), 'application/x-tar');
    leaving.abort();
    await until(async () => resticChildren(example.child.pid ?? 0).length === 0, () => 'restic after a download left midway');
    const info = await api(example, '/api/info');

    assert.equal(JSON.stringify(info.body).includes(password), false, 'the password never reaches the page');

    step('the refusals are checked');
    // The browser: a new profile, removed after.
    const profile = mkdtempSync(join(tmpdir(), 'resticjs-web-chromium-'));
    let browser: BrowserContext | undefined;
    // Chromium writes its profile until it has closed: close first, then remove.
    t.after(async () => {
      await browser?.close();
      rmSync(profile, { recursive: true, force: true });
    });
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, acceptDownloads: true });
    const page = browser.pages()[0] ?? (await browser.newPage());
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = async (name: string): Promise<void> => {
      await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
    };

    // The first load carries the token; the server keeps it in a cookie and drops it from the address.
    await page.goto(example.url);
    assert.equal(page.url(), `${example.origin}/`);
    const cookies = await browser.cookies(example.origin);
    assert.deepEqual(cookies.map((c) => [c.httpOnly, c.sameSite]), [[true, 'Strict']]);

    // The snapshots of both hosts, in a table, and the chart of growth.
    const table = page.getByRole('table', { name: /Snapshots/ });
    await table.locator('tbody tr').nth(snapshots.length - 1).waitFor();
    assert.equal(await table.locator('tbody tr').count(), snapshots.length);
    const hosts = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual([...new Set(hosts)].sort(), ['laptop', 'nas']);
    const added = await table.locator('tbody tr td:nth-child(7)').allTextContents();
    if (compareVersions(binary.series, '0.17') >= 0) {
      assert.ok(added.every((text) => /\d (B|KiB|MiB)$/.test(text)), added.join(' | '));
      assert.equal(await page.locator('#growth-chart rect.bar').count(), snapshots.length);
    } else {
      assert.ok(added.every((text) => text === '—'), added.join(' | '));
      assert.match((await page.locator('#summary-note').textContent()) ?? '', /restic 0\.17 and later do/);
    }
    assert.equal((await page.content()).includes(password), false);
    await shot('1-snapshots.png');
    step('the snapshots are shown');

    // Open the newest snapshot of the laptop, then a folder, by links named as the entries.
    await page.getByRole('link', { name: newestLaptop.short_id, exact: true }).click();
    await page.getByRole('link', { name: 'documents', exact: true }).click();
    await page.getByRole('link', { name: 'letter.txt', exact: true }).waitFor();
    const crumbs = await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('listitem').allTextContents();
    assert.deepEqual(crumbs, ['root', ...`${example.data}/documents`.split('/').slice(1)]);
    await shot('2-folder.png');
    step('a folder is open');

    // A file, downloaded: the same bytes as the source.
    const [letter] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'letter.txt', exact: true }).click()]);
    assert.equal(letter.suggestedFilename(), 'letter.txt');
    assert.equal(sha256(readFileSync(await letter.path())), sha256(readFileSync(join(example.data, 'documents', 'letter.txt'))));
    // A folder, as tar: it lists the folder's files.
    const [tar] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download invoices as tar', exact: true }).click()]);
    assert.equal(tar.suggestedFilename(), 'invoices.tar');
    const { stdout: listed } = await promisify(execFile)('tar', ['-tf', await tar.path()]);
    const names = listed.split('\n').filter((line) => line.endsWith('.pdf')).map((line) => line.split('/').at(-1));
    assert.deepEqual(names.sort(), ['invoice-2024-02.pdf', 'invoice-2024-03.pdf']);
    // A file of several blobs, through the breadcrumbs.
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'data', exact: true }).click();
    await page.getByRole('link', { name: 'videos', exact: true }).click();
    const [video] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'holiday.mp4', exact: true }).click()]);
    assert.equal(sha256(readFileSync(await video.path())), sha256(readFileSync(join(example.data, 'videos', 'holiday.mp4'))));

    step('the downloads are checked');
    // Restore a folder: the bar reaches 100 and the files appear under the restore root.
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'data', exact: true }).click();
    await page.getByRole('radio', { name: 'Select documents for Restore' }).check();
    await page.getByLabel(/Into a new folder/).fill('restored-docs');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const restored = await watch(page, (now) => now.value === 100, 'the restore');
    assert.match(restored.status, /^Restored .+ into restored-docs under the restore root\.$/);
    const restoredLetter = join(example.restoreRoot, 'restored-docs', example.data, 'documents', 'letter.txt');
    assert.equal(readFileSync(restoredLetter, 'utf8'), readFileSync(join(example.data, 'documents', 'letter.txt'), 'utf8'));
    assert.ok(existsSync(join(example.restoreRoot, 'restored-docs', example.data, 'documents', 'invoices', 'invoice-2024-03.pdf')));
    await shot('3-restored.png');
    step('the restore is done');

    // Back up now, and Cancel once restic reports progress: the demo's new 32 MiB take seconds
    // at its upload limit, so the cancel lands in the middle.
    await page.getByRole('button', { name: 'Back up now', exact: true }).click();
    const midway = await watch(page, (now) => now.status.startsWith('Backing up:'), 'the backup');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const cancelled = await watch(page, (now) => /^(Cancelled|Snapshot|[A-Z]\w+Error)/.test(now.status), 'the cancel', 60_000);
    assert.equal(cancelled.status, 'Cancelled; no lock left, no restic process left.', `cancelled at ${midway.value}%: ${midway.status}`);
    assert.ok(cancelled.value < 100, `the bar stopped at ${cancelled.value}`);
    // The activity log shows each run from the onCommand hook: the restore's exit and the
    // backup's cancel, by the error class the call rejected with.
    const run = (command: string, text: string) => page.locator('#activity-list li').filter({ has: page.getByText(command, { exact: true }) }).filter({ hasText: text });
    await run('backup', 'ResticAbortedError').first().waitFor({ timeout: 10_000 });
    await run('restore', 'exit 0 in').first().waitFor({ timeout: 10_000 });
    await shot('4-cancelled.png');
    step('the backup is cancelled, and the activity log says so');

    // Checked apart from the page: no lock, no new snapshot, no restic left under the server.
    assert.deepEqual(await library.list.locks(), []);
    assert.equal((await library.snapshots()).length, snapshots.length);
    assert.deepEqual(resticChildren(example.child.pid ?? 0), []);
    t.diagnostic(`screenshots: ${SCREENSHOTS}`);
    console.log(`web example screenshots: ${SCREENSHOTS}`);

    // Stopped, it removes its demo folder.
    await browser.close();
    assert.equal(await example.stop(), 0, example.output());
    assert.equal(existsSync(example.demoFolder), false);
  },
);
