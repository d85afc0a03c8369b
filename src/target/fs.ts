import type { ByteSource } from '../bytes/source.js';

/** One directory entry of a target filesystem, as `lstat` sees it (symlinks not followed). */
export type TargetEntry =
  | { kind: 'file'; size: number }
  | { kind: 'dir' }
  | { kind: 'symlink'; target: string }
  | { kind: 'other' };

/**
 * A read-only root filesystem: a directory on disk, or a container image's layers applied in
 * order. Paths are absolute within the root (`/usr/lib/libc.so.6`), already normalized and free
 * of symlinks in their directory part ({@link resolveInRoot} guarantees it); implementations never
 * follow a symlink themselves. Only the readers of directories and images touch `node:`.
 */
export interface TargetFs {
  /** What the target is (a directory or image path), for messages. */
  readonly name: string;
  /** The entry at `path`, not following a final symlink; null when nothing is there. */
  entry(path: string): TargetEntry | null;
  /** Names in the directory at `path` (unsorted), or null when it is not a directory. */
  list(path: string): string[] | null;
  /** The bytes of the regular file at `path`. Throws `BinspectError` (`IO`) when it cannot be read. */
  open(path: string): ByteSource;
}

/** Maximum symlinks followed in one resolution: Linux's MAXSYMLINKS (40) gives ELOOP past it. */
export const MAX_SYMLINKS = 40;

/** Splits and normalizes `path` against `cwd` (absolute), `..` at the root staying at the root. */
export function normalize(path: string, cwd = '/'): string {
  const parts = path.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path resolved inside the root: its real path and what is there. */
export interface Resolved {
  path: string;
  entry: TargetEntry;
}

/**
 * Resolves `path` inside the root as the kernel does inside a `chroot`: every component looked up
 * with `lstat`, symlinks followed (an absolute target restarts at the root, `..` never climbs above
 * it), at most {@link MAX_SYMLINKS} of them. Returns the real path and its entry (never a symlink),
 * or null when a component is missing, is not a directory, or the links loop (ENOENT, ENOTDIR,
 * ELOOP). `lookup` is the entry source (usually a memoized {@link TargetFs.entry}).
 */
export function resolveInRoot(lookup: (p: string) => TargetEntry | null, path: string, cwd = '/'): Resolved | null {
  let links = 0;
  let done: string[] = [];
  let todo = normalizeParts(path, cwd);
  for (;;) {
    if (todo.length === 0) {
      const p = '/' + done.join('/');
      const e = p === '/' ? ({ kind: 'dir' } as const) : lookup(p);
      return e === null ? null : { path: p, entry: e };
    }
    const name = todo.shift()!;
    if (name === '..') {
      done.pop();
      continue;
    }
    const p = '/' + [...done, name].join('/');
    const e = lookup(p);
    if (e === null) return null;
    if (e.kind === 'symlink') {
      if (++links > MAX_SYMLINKS) return null;
      const rest = todo;
      if (e.target.startsWith('/')) done = [];
      todo = [...e.target.split('/').filter((x) => x !== '' && x !== '.'), ...rest];
      continue;
    }
    if (todo.length > 0 && e.kind !== 'dir') return null;
    done.push(name);
  }
}

function normalizeParts(path: string, cwd: string): string[] {
  const head = path.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  return [...head, ...path.split('/').filter((x) => x !== '' && x !== '.')];
}
