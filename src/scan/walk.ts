import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, matchesGlob } from 'node:path';

/** Walk options (CLI: --follow-symlinks, --one-file-system, --exclude). */
export interface WalkOptions {
  followSymlinks?: boolean;
  oneFileSystem?: boolean;
  /** Globs matched against the whole path and against the base name. */
  exclude?: readonly string[];
}

/**
 * A path as the walk found it: a string, or the raw bytes when a name in it is not valid UTF-8
 * (Linux file names are bytes; a string would not reach the file).
 */
export type WalkPath = string | Buffer;

/** What the walk yields: a regular file to inspect, or a path it skipped and why. */
export type WalkItem =
  | { kind: 'file'; path: WalkPath; named: boolean; /** from the lstat/stat that found a regular file; undefined when unknown */ size?: number }
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

/** What a non-regular, non-directory file is, for "skipped" messages. */
export function fileKind(st: Stats): string {
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
  const excluded = (p: string, name: string): boolean =>
    (opts.exclude ?? []).some((g) => matchesGlob(p, g) || matchesGlob(name, g));
  for (const root of roots) {
    let st: Stats;
    try {
      st = opts.followSymlinks ? statSync(root) : lstatSync(root);
      if (!opts.followSymlinks && st.isSymbolicLink()) st = statSync(root); // a named link is followed once
    } catch (e) {
      yield { kind: 'file', path: root, named: true }; // reported (IO error) when inspected
      continue;
    }
    if (st.isDirectory()) yield* walkDir(root, st, opts, excluded, new Set([`${st.dev}:${st.ino}`]));
    else yield st.isFile() ? { kind: 'file', path: root, named: true, size: st.size } : { kind: 'file', path: root, named: true };
  }
}

function* walkDir(
  dir: WalkPath, dirStat: Stats, opts: WalkOptions, excluded: (p: string, n: string) => boolean, active: Set<string>,
): Generator<WalkItem> {
  let names: Buffer[];
  try {
    names = readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);
  } catch (e) {
    yield { kind: 'skipped', path: dir, reason: `unreadable directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    return;
  }
  for (const name of names) {
    const p = child(dir, name);
    if (excluded(pathText(p), name.toString('utf8'))) continue;
    let st: Stats;
    try {
      st = lstatSync(p);
      if (st.isSymbolicLink()) {
        if (!opts.followSymlinks) {
          continue;
        }
        st = statSync(p);
      }
    } catch (e) {
      yield { kind: 'skipped', path: p, reason: `cannot stat: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
      continue;
    }
    if (st.isDirectory()) {
      if (opts.oneFileSystem && st.dev !== dirStat.dev) continue;
      const key = `${st.dev}:${st.ino}`;
      if (active.has(key)) {
        yield { kind: 'skipped', path: p, reason: 'symlink loop' };
        continue;
      }
      active.add(key);
      yield* walkDir(p, st, opts, excluded, active);
      active.delete(key);
    } else if (st.isFile()) {
      yield { kind: 'file', path: p, named: false, size: st.size };
    } else {
      yield { kind: 'skipped', path: p, reason: fileKind(st) };
    }
  }
}
