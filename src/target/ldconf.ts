import { basename, dirname, normalize } from './fs.js';

/**
 * `/etc/ld.so.conf` as glibc's ldconfig reads it (elf/ldconfig.c `parse_conf`): one directory per
 * line, `#` starts a comment, `include PATTERN...` reads every file the glob patterns match (a
 * relative pattern is taken from the including file's directory), `hwcap` lines are ignored.
 * ld.so never reads this file; it only matters to say which directories a missing or stale
 * ld.so.cache leaves out.
 */
export interface LdConfDirs {
  /** Directories named, in order, with the file and line that named each. */
  dirs: Array<{ dir: string; file: string; line: number }>;
}

/** Reads a file of the target as text, or null when it does not exist. */
export type ReadText = (path: string) => string | null;
/** Lists a directory of the target, or null. */
export type ListDir = (path: string) => string[] | null;

const MAX_DEPTH = 16;

/** Parses `path` and its includes (at most 16 levels deep, each file once). */
export function readLdConf(path: string, read: ReadText, list: ListDir): LdConfDirs {
  const out: LdConfDirs = { dirs: [] };
  const seen = new Set<string>();
  const visit = (file: string, depth: number): void => {
    if (depth > MAX_DEPTH || seen.has(file)) return;
    seen.add(file);
    const text = read(file);
    if (text === null) return;
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') return;
      const inc = /^include\s+(.*)$/.exec(line);
      if (inc) {
        for (const pat of inc[1]!.split(/\s+/).filter(Boolean)) {
          for (const f of glob(normalize(pat, dirname(file)), list).sort()) visit(f, depth + 1);
        }
        return;
      }
      if (/^hwcap\s/.test(line)) return;
      const dir = line.replace(/\/+$/, '');
      out.dirs.push({ dir: dir === '' ? '/' : normalize(dir), file, line: i + 1 });
    });
  };
  visit(path, 0);
  return out;
}

/** fnmatch(3) without flags for one path component: `*`, `?`, `[...]` (with `!`/`^` and ranges), `\` escapes. */
export function fnmatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const neg = body.startsWith('!') || body.startsWith('^');
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, (x) => '\\' + x)}]`;
      i = end;
    } else re += escape(c);
  }
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  return new RegExp(re + '$', 'su').test(name);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Paths matching the absolute glob `pattern`, one component at a time (glob(3) without flags). */
export function glob(pattern: string, list: ListDir): string[] {
  const parts = pattern.split('/').filter(Boolean);
  let cur = ['/'];
  for (const part of parts) {
    const next: string[] = [];
    const magic = /[*?[]/.test(part);
    for (const dir of cur) {
      const base = dir === '/' ? '' : dir;
      if (!magic) {
        next.push(`${base}/${part.replace(/\\(.)/g, '$1')}`);
        continue;
      }
      for (const name of list(dir) ?? []) if (fnmatch(part, name)) next.push(`${base}/${name}`);
    }
    cur = next;
  }
  // Literal components are kept only if the whole path exists: the caller's read returns null otherwise.
  return cur.filter((p) => basename(p) !== '' || p === '/');
}
