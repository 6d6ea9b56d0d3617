// `find`: the nodes of a snapshot whose path matches one of restic's patterns, walking only the
// folders a match can be in.
import { stringList } from '../../shared/checks.js';
import type { FindMatch } from '../../types/find.js';
import { InvalidArgumentError } from '../errors.js';
import { BadPatternError, childMatchCompiled, compilePattern, matchCompiled, splitForMatch, type CompiledPattern } from './filter.js';
import type { TreeSource } from './tree-cache.js';
import { findMatchFrom, type DecodedNode } from './tree-reader.js';
import { DESCEND, walkTrees, YIELD } from './tree-walk.js';

/** The patterns, checked as the restic path checks them (an empty one is refused there too) and compiled once. */
export function compilePatterns(patterns: unknown, ignoreCase: boolean): CompiledPattern[] {
  const given = stringList('pattern', patterns) ?? [];
  if (given.length === 0) throw new InvalidArgumentError('pattern', 'give a pattern to search for');
  const pats = ignoreCase ? given.map((p) => p.toLowerCase()) : given;
  try {
    return pats.map((p) => compilePattern(p));
  } catch (error) {
    if (error instanceof BadPatternError) throw new InvalidArgumentError('pattern', error.message);
    throw error;
  }
}

/** The nodes below `root` that match one of the patterns, in restic's order. */
export async function findMatches(root: string, compiled: readonly CompiledPattern[], ignoreCase: boolean, trees: TreeSource, signal: AbortSignal | undefined): Promise<FindMatch[]> {
  const matches: FindMatch[] = [];
  const choose = (p: string, node: DecodedNode): number => {
    const strs = splitForMatch(ignoreCase ? p.toLowerCase() : p);
    if (compiled.some((pat) => matchCompiled(pat, strs))) return YIELD | DESCEND;
    return node.type === 'dir' && compiled.some((pat) => childMatchCompiled(pat, strs)) ? DESCEND : 0;
  };
  for await (const batch of walkTrees(root, '/', (id) => trees.tree(id, signal), choose, () => trees.check(signal))) {
    for (const { path: p, node } of batch) matches.push(findMatchFrom(p, node));
  }
  return matches;
}
