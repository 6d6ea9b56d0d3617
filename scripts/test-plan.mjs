// Which compiled test files run on which Node, and against which restic versions.
//
// Every Node runs the unit tests and the packed-package test. The end-to-end files are the
// slow part (about 10 of `npm test`'s minutes), so they run on the oldest and the newest Node
// only, and those two share the restic versions out instead of running all of them twice: the
// newest Node gets the newest restic, the oldest Node every other one. Each end-to-end file thus
// runs on both Nodes, and each restic version in one of them. Tests that want one recent restic
// (newestRestic() in test/helpers/binaries.ts) use the newest on both Nodes. A selection of one
// restic version cannot be shared out: both Nodes run it.

/** The files that run on every Node, whatever the split: what a user installs. */
const EVERY_NODE = /(^|\/)e2e\/package\.test\.js$/;

/**
 * Jobs, `{ node, kind: 'unit' | 'package' | 'e2e', files, share? }`: `share` is the restic
 * versions (RESTIC_TEST_SHARE) the job's files loop over, when not the whole selection.
 * `nodes` and `versions` are oldest first.
 */
export function testPlan({ unitFiles, e2eFiles, nodes, versions }) {
  const jobs = [];
  for (const node of nodes) {
    if (unitFiles.length > 0) jobs.push({ node, kind: 'unit', files: unitFiles });
    for (const file of e2eFiles.filter((f) => EVERY_NODE.test(f))) jobs.push({ node, kind: 'package', files: [file] });
  }
  const ends = nodes.length > 1 ? [nodes[0], nodes.at(-1)] : nodes;
  const shares = nodes.length > 1 && versions.length > 1 ? [versions.slice(0, -1), versions.slice(-1)] : [];
  ends.forEach((node, i) => {
    for (const file of e2eFiles.filter((f) => !EVERY_NODE.test(f))) jobs.push({ node, kind: 'e2e', files: [file], share: shares[i] });
  });
  return jobs;
}

/**
 * The jobs in the order to start them, so that the pool's slots end together: the end-to-end
 * files with the most work first (`weight(file)`, e.g. its length, times its restic versions),
 * then the packed-package tests, then the unit batches, which are short and fill the gaps.
 */
export function startOrder(jobs, { weight, versions }) {
  const KIND = { e2e: 0, package: 1, unit: 2 };
  const cost = (job) => (job.kind === 'e2e' ? weight(job.files[0]) * (job.share ?? versions).length : 0);
  return [...jobs].sort((a, b) => KIND[a.kind] - KIND[b.kind] || cost(b) - cost(a));
}
