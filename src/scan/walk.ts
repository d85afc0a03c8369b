import { type Dirent, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_BY_ENTRY, KNOWN_NOTHING, type Known, knownStat } from '../bytes/file.js';
import { compileGlob } from '../util/glob.js';

/** Walk options (CLI: --follow-symlinks, --one-file-system, --exclude). */
export interface WalkOptions {
  followSymlinks?: boolean;
  oneFileSystem?: boolean;
  /** Globs (src/util/glob.ts, docs/globs.md) matched against the whole path and against the base name. */
  exclude?: readonly string[];
}

/**
 * A path as the walk found it: a string, or the raw bytes when a name in it is not valid UTF-8
 * (Linux file names are bytes; a string would not reach the file).
 */
export type WalkPath = string | Buffer;

/**
 * What the walk yields: a file to inspect and what is {@link Known} about it, or a path it skipped
 * and why. A file found in a directory is known regular by its entry's type (`d_type`, or an
 * lstat where the file system gives none) and is not stat-ed: whoever opens it takes the size if it
 * needs it. A root that could not be stat-ed is yielded with nothing known (its open reports why).
 */
export type WalkItem =
  | { kind: 'file'; path: WalkPath; named: boolean; known: Known }
  | { kind: 'skipped'; path: WalkPath; reason: string };

/** A path for display and globs (invalid UTF-8 as U+FFFD). */
export const pathText = (p: WalkPath): string => (typeof p === 'string' ? p : p.toString('utf8'));

const SLASH = Buffer.from('/');

/** `dir/name`, as a string while both are valid UTF-8, else as bytes. */
function child(dir: WalkPath, name: Buffer): WalkPath {
  const text = name.toString('utf8');
  if (typeof dir === 'string' && Buffer.from(text, 'utf8').equals(name)) return join(dir, text);
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, SLASH, name]);
}

/** Names that may not be the directory's exact bytes (U+FFFD), or that sort apart in UTF-16 and UTF-8 (surrogates). */
const NOT_PLAIN = /[\uD800-\uDFFF\uFFFD]/;

/**
 * A directory's entries, with their types, in byte order of their names. Names are read as strings
 * (no Buffer per name) while every one is plain UTF-8 text, for which UTF-16 order is byte order;
 * otherwise as the raw bytes. Node lstat-s an entry whose type the file system does not give.
 */
function entries(dir: WalkPath): Array<Dirent<string | Buffer>> {
  if (typeof dir === 'string') {
    const list = readdirSync(dir, { withFileTypes: true });
    if (!NOT_PLAIN.test(list.map((e) => e.name).join('/'))) return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return readdirSync(dir, { encoding: 'buffer', withFileTypes: true }).sort((a, b) => Buffer.compare(a.name, b.name));
}

/** What a non-regular, non-directory file is, for "skipped" messages (from its Stats or its directory entry). */
export function fileKind(st: Stats | Dirent<string | Buffer>): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSymbolicLink()) return 'symlink';
  return 'special file';
}

/**
 * Walks `roots` depth-first in sorted order, yielding regular files. It never opens FIFOs,
 * sockets or devices; it follows symbolic links only when asked, and then detects directory loops
 * by (device, inode); unreadable directories and dangling links are yielded as skipped, and the
 * walk goes on. Roots named explicitly are `named` (a non-binary there is an error for the CLI).
 */
export function* walk(roots: Iterable<WalkPath>, opts: WalkOptions = {}): Generator<WalkItem> {
  const globs = (opts.exclude ?? []).map(compileGlob);
  const excluded = globs.length === 0 ? null : (p: string, name: string): boolean => globs.some((g) => g(p) || g(name));
  for (const root of roots) {
    let st: Stats;
    try {
      st = opts.followSymlinks ? statSync(root) : lstatSync(root);
      if (!opts.followSymlinks && st.isSymbolicLink()) st = statSync(root); // a named link is followed once
    } catch (e) {
      yield { kind: 'file', path: root, named: true, known: KNOWN_NOTHING }; // reported (IO error) when inspected
      continue;
    }
    // The prefix join() gives a child of this root ('./a/..' -> '', '/' -> '/', 'usr/' -> 'usr/').
    const prefix = typeof root === 'string' ? join(root, 'x').slice(0, -1) : '';
    if (st.isDirectory()) yield* walkDir(root, prefix, st, opts, excluded);
    else yield { kind: 'file', path: root, named: true, known: st.isFile() ? knownStat(st) : KNOWN_NOTHING };
  }
}

/** A directory being walked: its entries, the next one to look at, and what its children need. */
interface Level {
  dir: WalkPath;
  /** What `path.join(dir, name)` puts before a name when `dir` is a string (`dir` normalized, then a slash). */
  prefix: string;
  dev: number;
  /** `dev:ino`, the key of this directory in the loop check. */
  key: string;
  names: Array<Dirent<string | Buffer>>;
  next: number;
}

/**
 * Walks the directory `root` depth-first with a stack of levels (one generator, however deep the
 * tree: a file is not handed up through a `yield*` per level).
 */
function* walkDir(root: WalkPath, prefix: string, rootStat: Stats, opts: WalkOptions, excluded: ((p: string, n: string) => boolean) | null): Generator<WalkItem> {
  const active = new Set<string>();
  const stack: Level[] = [];
  // Opens a directory level (its names read and sorted), or says why it cannot be walked.
  const enter = (dir: WalkPath, pre: string, st: Stats): WalkItem | null => {
    let names: Array<Dirent<string | Buffer>>;
    try {
      names = entries(dir);
    } catch (e) {
      return { kind: 'skipped', path: dir, reason: `unreadable directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    const key = `${st.dev}:${st.ino}`;
    active.add(key);
    stack.push({ dir, prefix: pre, dev: st.dev, key, names, next: 0 });
    return null;
  };
  const failed = enter(root, prefix, rootStat);
  if (failed) yield failed;
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!;
    if (level.next === level.names.length) {
      active.delete(level.key);
      stack.pop();
      continue;
    }
    const entry = level.names[level.next++]!;
    const name = entry.name;
    const p = typeof name === 'string' ? level.prefix + name : child(level.dir, name);
    if (excluded !== null && excluded(pathText(p), typeof name === 'string' ? name : name.toString('utf8'))) continue;
    // A regular file by its entry's type is not stat-ed here: a file that is no binary then costs
    // its open, first read and close, nothing more (the worker takes a binary's size).
    if (entry.isFile()) {
      yield { kind: 'file', path: p, named: false, known: KNOWN_BY_ENTRY };
      continue;
    }
    if (entry.isSymbolicLink() ? !opts.followSymlinks : !entry.isDirectory()) {
      if (!entry.isSymbolicLink()) yield { kind: 'skipped', path: p, reason: fileKind(entry) };
      continue;
    }
    let st: Stats;
    try {
      st = entry.isSymbolicLink() ? statSync(p) : lstatSync(p);
    } catch (e) {
      yield { kind: 'skipped', path: p, reason: `cannot stat: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
      continue;
    }
    if (st.isDirectory()) {
      if (opts.oneFileSystem && st.dev !== level.dev) continue;
      if (active.has(`${st.dev}:${st.ino}`)) {
        yield { kind: 'skipped', path: p, reason: 'symlink loop' };
        continue;
      }
      const unreadable = enter(p, typeof p === 'string' ? `${p}/` : '', st);
      if (unreadable) yield unreadable;
    } else if (st.isFile()) {
      yield { kind: 'file', path: p, named: false, known: knownStat(st) };
    } else {
      yield { kind: 'skipped', path: p, reason: fileKind(st) };
    }
  }
}
