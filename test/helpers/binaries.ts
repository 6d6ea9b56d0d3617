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

/**
 * The restic binaries that scripts/install-restic.sh put in .restic/. RESTIC_TEST_VERSIONS
 * (e.g. `0.14,0.19`) narrows the set. A missing binary is a failure with directions, never
 * a silent skip.
 */
export function resticBinaries(): ResticBinary[] {
  const wanted = process.env['RESTIC_TEST_VERSIONS']?.split(',').map((v) => v.trim()) ?? EXPECTED;
  const dir = join(projectRoot, '.restic');
  const found = existsSync(dir) ? readdirSync(dir) : [];
  return wanted.map((series) => {
    const path = join(dir, series, 'restic');
    if (!found.includes(series) || !existsSync(path)) {
      throw new Error(`restic ${series} is not installed at ${path}: run \`bash scripts/setup.sh\` (or scripts/install-restic.sh)`);
    }
    return { series, path };
  });
}

export function fixturePath(series: string, name: string): string {
  return join(projectRoot, 'test', 'fixtures', series, name);
}
