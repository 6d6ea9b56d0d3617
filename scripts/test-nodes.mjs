// The Node releases `npm test` runs on: those pinned in scripts/node-versions.txt, each found
// in .node/<major>/ (scripts/install-node.sh) or, for the major of the Node that runs npm, that
// Node itself. RESTIC_TEST_NODES (`20` or `20,24`) picks some of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SETUP = 'run `bash scripts/setup.sh` (or scripts/install-node.sh)';

/** The pinned releases, oldest first: `[{ major, version }]`. */
export function pinnedNodes(root) {
  return readFileSync(join(root, 'scripts', 'node-versions.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [major, version] = line.split(/\s+/);
      return { major: Number(major), version };
    })
    .sort((a, b) => a.major - b.major);
}

const machine = () => ({ major: Number(process.versions.node.split('.')[0]), version: process.versions.node, path: process.execPath, own: true });

/** The Node of this major, `{ major, version, path, own }`, or a sentence saying why there is none. */
function findNode(root, major, pinned) {
  const here = machine();
  if (here.major === major) return here;
  const path = join(root, '.node', String(major), 'bin', 'node');
  const pin = pinned.find((p) => p.major === major);
  if (!existsSync(path)) {
    return pin ? `Node ${major} (${pin.version}) is not installed in ${relative(root, path)}: ${SETUP}` : `Node ${major} is not pinned in scripts/node-versions.txt`;
  }
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
  if (pin && version !== pin.version) return `${relative(root, path)} is Node ${version}, but scripts/node-versions.txt pins ${pin.version}: ${SETUP}`;
  return { major, version, path, own: false };
}

/**
 * The Nodes to run on, oldest first. RESTIC_TEST_NODES names majors; without it, every pinned
 * one, or only the Node that runs npm when `narrow` (a filtered run). A Node that is asked for
 * and missing is an error with directions, never a silent skip.
 */
export function testNodes(root, { narrow = false } = {}) {
  const pinned = pinnedNodes(root);
  const asked = process.env.RESTIC_TEST_NODES?.split(',').map((v) => v.trim()).filter(Boolean);
  if (!asked && narrow) return [machine()];
  const majors = asked ? asked.map(Number) : pinned.map((p) => p.major);
  const bad = asked?.filter((v) => !/^\d+$/.test(v));
  if (bad?.length) throw new Error(`RESTIC_TEST_NODES takes Node majors, such as 20,24; not ${bad.join(', ')}`);
  const found = [...new Set(majors)].sort((a, b) => a - b).map((major) => findNode(root, major, pinned));
  const missing = found.filter((n) => typeof n === 'string');
  if (missing.length) {
    const hint = asked ? '' : `\n(or test on fewer Nodes: RESTIC_TEST_NODES=${machine().major} npm test)`;
    throw new Error(missing.join('\n') + hint);
  }
  return found;
}

/** `Node 24.22.3 (.node/24/bin/node)`. */
export function nodeLabel(root, node) {
  return `Node ${node.version} (${node.own ? node.path : relative(root, node.path)})`;
}
