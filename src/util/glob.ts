/**
 * binspect's glob matcher (`scan --exclude`, `check --deny-needed` / `--allow-needed`): a small,
 * fixed dialect, the same on every Node version (docs/globs.md).
 *
 * - A glob matches the WHOLE string; `/` separates segments, and no wildcard matches a `/`.
 * - `*` matches any run of characters within a segment (none included); `?` matches one character.
 * - `[...]` matches one character of the set: single characters and ranges `a-z`; `[!...]` or
 *   `[^...]` the complement; a `]` right after `[` (or after `[!`/`[^`) is a member. A `[` with
 *   no closing `]` in its segment is an ordinary character.
 * - `**` as a whole segment matches zero or more segments (`a/**` matches `a`, `a/b`, `a/b/c`;
 *   `**\/*.so` matches `x.so` and `/usr/lib/x.so`). Elsewhere in a segment it is `*`.
 * - `\` makes the next character ordinary (`\*` matches a star).
 * - Everything else matches itself, case-sensitively. A leading `.` is not special, and there are no
 *   braces (`{a,b}` matches the text `{a,b}`) and no negation of a whole glob.
 *
 * Characters are Unicode code points. Matching takes at most (pattern length x text length) steps
 * per segment and (segments x segments) segment matches: no glob makes it backtrack exponentially.
 */

/** One pattern element of a segment: a literal code point, `?`, `*`, or a bracket set. */
type Token =
  | { kind: 'char'; cp: number }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'set'; negate: boolean; ranges: ReadonlyArray<readonly [number, number]> };

/** A compiled segment: `**` (any number of segments) or a token list for one segment. */
type Segment = 'globstar' | readonly Token[];

const BACKSLASH = 0x5c;

/** Parses `[...]` starting at `cps[i]` (the `[`); null when it does not close. */
function parseSet(cps: readonly number[], i: number): { token: Token; next: number } | null {
  let j = i + 1;
  const negate = cps[j] === 0x21 /* ! */ || cps[j] === 0x5e; /* ^ */
  if (negate) j++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  while (j < cps.length) {
    let c = cps[j]!;
    if (c === 0x5d /* ] */ && !first) return { token: { kind: 'set', negate, ranges }, next: j + 1 };
    first = false;
    if (c === BACKSLASH && j + 1 < cps.length) c = cps[++j]!;
    let hi = c;
    if (cps[j + 1] === 0x2d /* - */ && j + 2 < cps.length && cps[j + 2] !== 0x5d) {
      j += 2;
      hi = cps[j]!;
      if (hi === BACKSLASH && j + 1 < cps.length) hi = cps[++j]!;
    }
    ranges.push([c, hi]);
    j++;
  }
  return null;
}

function parseSegment(text: string): Segment {
  if (text === '**') return 'globstar';
  const cps = Array.from(text, (ch) => ch.codePointAt(0)!);
  const tokens: Token[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === 0x2a /* * */) {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === 0x3f /* ? */) {
      tokens.push({ kind: 'any' });
    } else if (c === 0x5b /* [ */) {
      const set = parseSet(cps, i);
      if (set) {
        tokens.push(set.token);
        i = set.next - 1;
      } else {
        tokens.push({ kind: 'char', cp: c });
      }
    } else if (c === BACKSLASH && i + 1 < cps.length) {
      tokens.push({ kind: 'char', cp: cps[++i]! });
    } else {
      tokens.push({ kind: 'char', cp: c });
    }
  }
  return tokens;
}

function matchToken(t: Token, cp: number): boolean {
  switch (t.kind) {
    case 'char': return t.cp === cp;
    case 'any': return true;
    case 'set': return t.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) !== t.negate;
    case 'star': return false;
  }
}

/**
 * Wildcard matching with one backtrack point: `isStar(p)` elements match any run of text elements,
 * the others exactly one (`one(p, t)`). A later star supersedes an earlier one, so remembering only
 * the last is complete, and the work is bounded by pattern length x text length.
 */
function wildcard<P, T>(pattern: readonly P[], text: readonly T[], isStar: (p: P) => boolean, one: (p: P, t: T) => boolean): boolean {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < text.length) {
    const p = pattern[pi];
    if (p !== undefined && isStar(p)) {
      starP = pi++;
      starT = ti;
    } else if (p !== undefined && one(p, text[ti]!)) {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < pattern.length && isStar(pattern[pi]!)) pi++;
  return pi === pattern.length;
}

function matchSegment(tokens: readonly Token[], segment: string): boolean {
  return wildcard(tokens, Array.from(segment, (ch) => ch.codePointAt(0)!), (t) => t.kind === 'star', matchToken);
}

/** A glob compiled once, to test many strings. */
export type GlobMatcher = (text: string) => boolean;

/** Compiles `glob` (the dialect above). Throws TypeError when `glob` is not a string. */
export function compileGlob(glob: string): GlobMatcher {
  if (typeof glob !== 'string') throw new TypeError('a glob must be a string');
  const segments = glob.split('/').map(parseSegment);
  return (text) => wildcard(segments, text.split('/'), (s) => s === 'globstar', (s, seg) => s !== 'globstar' && matchSegment(s, seg));
}

/** True when `glob` matches all of `text` (the dialect above). */
export function globMatch(text: string, glob: string): boolean {
  return compileGlob(glob)(text);
}
