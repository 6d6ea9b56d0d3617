// restic's find patterns (internal/filter: Match and ChildMatch), with Go's filepath.Match for
// the components that hold wildcards. Patterns are split into path components; `**` matches any
// number of components; a pattern without a leading slash matches at any depth.
import { clean } from './go-path.js';

/** A malformed pattern (Go's filepath.ErrBadPattern). */
export class BadPatternError extends Error {}

type Token = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; cp: number } | { kind: 'class'; negated: boolean; ranges: [number, number][] };

function codePoints(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!);
}

/** Parses a filepath.Match pattern (no path separators inside) into tokens, as Go's scanner reads it. */
function parseGlob(pattern: string): Token[] {
  const cps = codePoints(pattern);
  const tokens: Token[] = [];
  const BACKSLASH = 0x5c;
  let i = 0;
  const escaped = (): number => {
    // Inside a class: a character, `\`-escaped or plain; `-` and `]` may not start a range end.
    let cp = cps[i];
    if (cp === undefined || cp === 0x2d || cp === 0x5d) throw new BadPatternError('syntax error in pattern');
    if (cp === BACKSLASH) {
      i++;
      cp = cps[i];
      if (cp === undefined) throw new BadPatternError('syntax error in pattern');
    }
    i++;
    return cp;
  };
  while (i < cps.length) {
    const cp = cps[i]!;
    if (cp === 0x2a) {
      tokens.push({ kind: 'star' });
      i++;
    } else if (cp === 0x3f) {
      tokens.push({ kind: 'any' });
      i++;
    } else if (cp === 0x5b) {
      i++;
      let negated = false;
      if (cps[i] === 0x5e) {
        negated = true;
        i++;
      }
      const ranges: [number, number][] = [];
      for (;;) {
        if (cps[i] === 0x5d && ranges.length > 0) {
          i++;
          break;
        }
        const lo = escaped();
        let hi = lo;
        if (cps[i] === 0x2d) {
          i++;
          hi = escaped();
        }
        ranges.push([lo, hi]);
      }
      tokens.push({ kind: 'class', negated, ranges });
    } else if (cp === BACKSLASH) {
      i++;
      const next = cps[i];
      if (next === undefined) throw new BadPatternError('syntax error in pattern');
      tokens.push({ kind: 'char', cp: next });
      i++;
    } else {
      tokens.push({ kind: 'char', cp });
      i++;
    }
  }
  return tokens;
}

function tokenMatches(token: Token, cp: number): boolean {
  switch (token.kind) {
    case 'any':
      return cp !== 0x2f;
    case 'char':
      return token.cp === cp;
    case 'class': {
      const inside = token.ranges.some(([lo, hi]) => lo <= cp && cp <= hi);
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

interface Part {
  /** `/` for the root of an absolute pattern, `` for `**`. */
  pattern: string;
  simple: boolean;
  /** The parsed glob of a part that is not simple. */
  tokens?: Token[];
  /** The same glob as an anchored RegExp, when it can be written as one. */
  regexp?: RegExp;
}

function cpClass(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** The glob as a RegExp (with the u flag, so that `?` is one code point), or undefined when a class has an empty range. */
function globRegExp(tokens: Token[]): RegExp | undefined {
  let source = '^';
  for (const token of tokens) {
    if (token.kind === 'star') source += '[^/]*';
    else if (token.kind === 'any') source += '[^/]';
    else if (token.kind === 'char') source += cpClass(token.cp);
    else {
      if (token.ranges.some(([lo, hi]) => lo > hi)) return undefined;
      source += `[${token.negated ? '^' : ''}${token.ranges.map(([lo, hi]) => (lo === hi ? cpClass(lo) : `${cpClass(lo)}-${cpClass(hi)}`)).join('')}]`;
    }
  }
  return new RegExp(source + '$', 'u');
}

/** A pattern prepared once for many paths. */
export interface CompiledPattern {
  parts: Part[];
}

function splitPath(path: string): string[] {
  const parts = path.split('/');
  if (parts[0] === '') parts[0] = '/';
  return parts;
}

/** Prepares a pattern (restic's preparePattern); throws BadPatternError when a component is malformed. */
export function compilePattern(pattern: string): CompiledPattern {
  const text = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  const parts = splitPath(clean(text)).map((part): Part => {
    const simple = !/[\\[\]*?]/.test(part);
    const prepared: Part = { pattern: part === '**' ? '' : part, simple };
    if (!simple && part !== '**') {
      prepared.tokens = parseGlob(part);
      prepared.regexp = globRegExp(prepared.tokens);
    }
    return prepared;
  });
  return { parts };
}

const STAR: Part = { pattern: '*', simple: false, tokens: [{ kind: 'star' }], regexp: /^[^/]*$/u };

function doubleWildcard(parts: Part[]): number {
  return parts.findIndex((p) => p.pattern === '');
}

function matchTokens(tokens: Token[], name: string): boolean {
  const cps = codePoints(name);
  let reachable = new Array<boolean>(cps.length + 1).fill(false);
  reachable[0] = true;
  for (const token of tokens) {
    const next = new Array<boolean>(cps.length + 1).fill(false);
    if (token.kind === 'star') {
      let on = false;
      for (let j = 0; j <= cps.length; j++) {
        if (reachable[j]) on = true;
        if (on) next[j] = true;
        if (j < cps.length && cps[j] === 0x2f) on = false;
      }
    } else {
      for (let j = 0; j < cps.length; j++) if (reachable[j] && tokenMatches(token, cps[j]!)) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[cps.length] === true;
}

function matchParts(parts: Part[], strs: string[]): boolean {
  const pos = doubleWildcard(parts);
  if (pos >= 0) {
    for (let i = 0; i <= strs.length - parts.length + 1; i++) {
      const expanded: Part[] = [...parts.slice(0, pos), ...Array.from({ length: i }, () => STAR), ...parts.slice(pos + 1)];
      if (matchParts(expanded, strs)) return true;
    }
    return false;
  }
  if (parts.length === 0) return strs.length === 0;
  if (parts.length > strs.length) return false;
  let minOffset = 0;
  let maxOffset = strs.length - parts.length;
  if (parts[0]!.pattern === '/') maxOffset = 0;
  else if (strs[0] === '/') minOffset = 1;
  outer: for (let offset = maxOffset; offset >= minOffset; offset--) {
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i]!;
      const str = strs[offset + i]!;
      const ok = part.simple ? part.pattern === str : part.regexp ? part.regexp.test(str) : matchTokens(part.tokens!, str);
      if (!ok) continue outer;
    }
    return true;
  }
  return false;
}

/** A path split into components as restic's filter splits it (`/` first for an absolute path). */
export function splitForMatch(path: string): string[] {
  if (path === '') throw new BadPatternError('filter.Match: string is empty');
  return splitPath(path);
}

/** restic's filter.Match on a compiled pattern and a split path. */
export function matchCompiled(pattern: CompiledPattern, strs: string[]): boolean {
  return matchParts(pattern.parts, strs);
}

/** restic's filter.ChildMatch on a compiled pattern and a split path. */
export function childMatchCompiled(pattern: CompiledPattern, strs: string[]): boolean {
  const parts = pattern.parts;
  if (parts[0]!.pattern !== '/') return true;
  const pos = doubleWildcard(parts);
  if (pos >= 0 && strs.length >= pos) strs = strs.slice(0, pos);
  const l = Math.min(strs.length, parts.length);
  return matchParts(parts.slice(0, l), strs);
}
