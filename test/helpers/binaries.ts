import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root, found from this compiled file (build/test/helpers/…). */
export const projectRoot = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

export interface ResticBinary {
  /** The folder name: `0.14`, `0.18`, `0.19`. */
  series: string;
  path: string;
}

const EXPECTED = ['0.14', '0.18', '0.19'];

function binary(series: string): ResticBinary {
  const dir = join(projectRoot, '.restic');
  const path = join(dir, series, 'restic');
  if (!existsSync(dir) || !readdirSync(dir).includes(series) || !existsSync(path)) {
    throw new Error(`restic ${series} is not installed at ${path}: run \`bash scripts/setup.sh\` (or scripts/install-restic.sh)`);
  }
  return { series, path };
}

const list = (value: string | undefined): string[] | undefined => value?.split(',').map((v) => v.trim());

/** The series the run selected, oldest first: RESTIC_TEST_VERSIONS (e.g. `0.14,0.19`), else all three. */
export function selectedSeries(): string[] {
  const series = list(process.env['RESTIC_TEST_VERSIONS']) ?? EXPECTED;
  return series.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Every restic the run selected, oldest first, as scripts/install-restic.sh put them in
 * .restic/. A missing binary is a failure with directions, never a silent skip.
 */
function selected(): ResticBinary[] {
  return selectedSeries().map(binary);
}

/**
 * The restic binaries this test process runs each test against: the selection, or the share
 * of it that `npm test` gave this Node (RESTIC_TEST_SHARE) when it splits the versions between
 * Node releases (scripts/test-plan.mjs).
 */
export function resticBinaries(): ResticBinary[] {
  const share = list(process.env['RESTIC_TEST_SHARE']);
  return selected().filter((b) => !share || share.includes(b.series));
}

/** The newest selected restic, for a test that needs one recent restic: the same on every Node. */
export function newestRestic(): ResticBinary {
  return selected().at(-1)!;
}

/** The oldest and the newest selected restic, those of them in this Node's share. */
export function oldestAndNewest(): ResticBinary[] {
  const all = selected();
  const ends = new Set([all[0]!.series, all.at(-1)!.series]);
  return resticBinaries().filter((b) => ends.has(b.series));
}

export function fixturePath(series: string, name: string): string {
  return join(projectRoot, 'test', 'fixtures', series, name);
}
