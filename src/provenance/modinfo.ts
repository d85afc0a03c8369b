import { BinspectError, type FormatName } from '../errors.js';

/** A module line of Go build info (`mod`, `dep`, or the `=>` replacement after one). */
export interface GoModule {
  path: string;
  version: string;
  /** The go.sum hash (`h1:...`), null when the column is absent or empty (a `(devel)` main module, a directory replacement). */
  sum: string | null;
  /** What replaced this module (`=>` line), same shape; null when not replaced. */
  replace: GoModule | null;
}

/**
 * Go build info as `go version -m` prints it. `version` is the Go release
 * (`go1.19.8`); `path` the main package path (null when absent); `main` the main module (null when
 * the binary was built outside module mode); `deps` in file order; `settings` the `build` lines in
 * file order, each key and value as printed (a value with a space or quote stays quoted:
 * `{"-ldflags": "\"-s -w\""}`).
 */
export interface GoBuildInfo {
  version: string;
  path: string | null;
  main: GoModule | null;
  deps: GoModule[];
  settings: Record<string, string>;
}

/** Line kinds of the module info text (Go's runtime/debug BuildInfo.String and ParseBuildInfo). */
const LINE = { path: 'path\t', mod: 'mod\t', dep: 'dep\t', replace: '=>\t', build: 'build\t' } as const;

/** Go's `quoteKey`/`quoteValue`: characters that oblige a key or value to be quoted. */
const MUST_QUOTE_VALUE = /[ \t\r\n"`]/;
const MUST_QUOTE_KEY = /[= \t\r\n"`]/;

/**
 * The length of the Go quoted string that opens `s` (`"..."` with backslash escapes, or a raw
 * `` `...` ``), or -1 when it is not closed on this line (Go's strconv.QuotedPrefix fails).
 */
function quotedPrefix(s: string): number {
  const q = s[0];
  for (let i = 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) return i + 1;
    else if (q === '"' && s[i] === '\n') return -1;
  }
  return -1;
}

/** Sets `key` as an own enumerable property (a key `__proto__` stays data, never a prototype). */
function put(o: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Parses the module info text of a Go binary with the line grammar of Go 1.19's
 * `runtime/debug.ParseBuildInfo`: `path`, `mod`/`dep` (2 or 3 tab-separated columns), `=>` (3
 * columns, replacing the module of the line before), `build KEY=VALUE`; other lines are ignored,
 * and text after the last newline is dropped, as Go does. Keys and values are kept in their
 * printed (quoted where Go quotes) form. A repeated key keeps its first place and the last value.
 *
 * Throws `BinspectError` `UNSUPPORTED` (structure `Go module info`, offset `at.offset`, the blob's
 * file offset) where Go's parser reports an error, naming the line.
 */
export function parseModInfo(version: string, text: string, at: { format: FormatName; offset: number }): GoBuildInfo {
  const info: GoBuildInfo = { version, path: null, main: null, deps: [], settings: {} };
  const fail = (line: number, why: string): never => {
    throw new BinspectError('UNSUPPORTED', at.format, 'Go module info', at.offset, `line ${line}: ${why}`);
  };
  const module = (cols: string[], n: number): GoModule => {
    if (cols.length !== 2 && cols.length !== 3) fail(n, `expected 2 or 3 columns; got ${cols.length}`);
    return { path: cols[0]!, version: cols[1]!, sum: cols[2] || null, replace: null };
  };
  let last: GoModule | null = null;
  const lines = text.split('\n');
  lines.pop(); // text after the last newline (or all of it, without one) is not a line
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.startsWith(LINE.path)) {
      info.path = line.slice(LINE.path.length) || null; // go version -m prints no empty path
    } else if (line.startsWith(LINE.mod)) {
      last = info.main = module(line.slice(LINE.mod.length).split('\t'), n);
    } else if (line.startsWith(LINE.dep)) {
      last = module(line.slice(LINE.dep.length).split('\t'), n);
      info.deps.push(last);
    } else if (line.startsWith(LINE.replace)) {
      const cols = line.slice(LINE.replace.length).split('\t');
      if (cols.length !== 3) fail(n, `expected 3 columns for replacement; got ${cols.length}`);
      if (last === null) fail(n, 'replacement with no module on previous line');
      last!.replace = { path: cols[0]!, version: cols[1]!, sum: cols[2] || null, replace: null };
      last = null;
    } else if (line.startsWith(LINE.build)) {
      const kv = line.slice(LINE.build.length);
      let key: string;
      let value: string;
      if (kv === '') fail(n, "build line missing '='");
      if (kv[0] === '=') fail(n, 'build line with missing key');
      if (kv[0] === '"' || kv[0] === '`') {
        const k = quotedPrefix(kv);
        if (k < 0) fail(n, 'invalid quoted key in build line');
        if (kv[k] !== '=') fail(n, "build line missing '=' after quoted key");
        key = kv.slice(0, k);
        value = kv.slice(k + 1);
      } else {
        const eq = kv.indexOf('=');
        if (eq < 0) fail(n, "build line missing '=' after key");
        key = kv.slice(0, eq);
        value = kv.slice(eq + 1);
        if (MUST_QUOTE_KEY.test(key)) fail(n, `unquoted key ${JSON.stringify(key)} must be quoted`);
      }
      if (value[0] === '"' || value[0] === '`') {
        if (quotedPrefix(value) !== value.length) fail(n, 'invalid quoted value in build line');
      } else if (MUST_QUOTE_VALUE.test(value)) {
        fail(n, `unquoted value ${JSON.stringify(value)} must be quoted`);
      }
      put(info.settings, key, value);
    }
  });
  return info;
}
