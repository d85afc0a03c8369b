import { describe, expect, it } from 'vitest';
import { type TargetEntry, resolveInRoot } from '../../src/target/fs.js';
import { fnmatch, glob, readLdConf } from '../../src/target/ldconf.js';

/** An in-memory tree: path -> entry (directories implied by their files). */
function tree(spec: Record<string, string | null>): { lookup: (p: string) => TargetEntry | null; list: (p: string) => string[] | null } {
  const entries = new Map<string, TargetEntry>();
  for (const [p, v] of Object.entries(spec)) {
    entries.set(p, v === null ? { kind: 'file', size: 0 } : v.startsWith('->') ? { kind: 'symlink', target: v.slice(2) } : { kind: 'file', size: v.length });
    for (let d = p.slice(0, p.lastIndexOf('/')); d !== ''; d = d.slice(0, d.lastIndexOf('/'))) if (!entries.has(d)) entries.set(d, { kind: 'dir' });
  }
  return {
    lookup: (p) => entries.get(p) ?? null,
    list: (p) => (entries.get(p)?.kind === 'dir' ? [...entries.keys()].filter((k) => k.startsWith(`${p === '/' ? '' : p}/`) && !k.slice(p.length + 1).includes('/')).map((k) => k.slice(k.lastIndexOf('/') + 1)) : null),
  };
}

describe('paths resolved inside the root as in a chroot', () => {
  const t = tree({
    '/lib64/ld.so': '->/lib/x86_64/ld.so', '/lib/x86_64/ld.so': 'elf', '/usr/lib/escape': '->../../../../etc/passwd', '/etc/passwd': 'root',
    '/a/loop': '->/a/loop2', '/a/loop2': '->loop', '/rel/x': '->../lib/x86_64/ld.so', '/f/notdir': 'x',
  });
  it('follows absolute and relative links inside the root; ".." never climbs above it', () => {
    expect(resolveInRoot(t.lookup, '/lib64/ld.so')?.path).toBe('/lib/x86_64/ld.so');
    expect(resolveInRoot(t.lookup, '/rel/x')?.path).toBe('/lib/x86_64/ld.so');
    expect(resolveInRoot(t.lookup, '/usr/lib/escape')?.path).toBe('/etc/passwd');
    expect(resolveInRoot(t.lookup, '/../../lib64/ld.so')?.path).toBe('/lib/x86_64/ld.so');
  });
  it('loops, missing components and files used as directories give null', () => {
    expect(resolveInRoot(t.lookup, '/a/loop')).toBeNull();
    expect(resolveInRoot(t.lookup, '/nope/x')).toBeNull();
    expect(resolveInRoot(t.lookup, '/f/notdir/x')).toBeNull();
  });
});

describe('ld.so.conf', () => {
  it('reads include globs relative to the including file, sorted, each file once', () => {
    const files: Record<string, string> = {
      '/etc/ld.so.conf': 'include ld.so.conf.d/*.conf\n# comment\n/opt/top/\ninclude /etc/ld.so.conf\n',
      '/etc/ld.so.conf.d/b.conf': '/opt/b  # trailing comment\nhwcap 0 nosegneg\n',
      '/etc/ld.so.conf.d/a.conf': '/opt/a\n',
      '/etc/ld.so.conf.d/c.txt': '/opt/not-conf\n',
    };
    const t = tree(Object.fromEntries(Object.keys(files).map((k) => [k, null])));
    const conf = readLdConf('/etc/ld.so.conf', (p) => files[p] ?? null, t.list);
    expect(conf.dirs.map((d) => d.dir)).toEqual(['/opt/a', '/opt/b', '/opt/top']);
    expect(conf.dirs[1]).toMatchObject({ file: '/etc/ld.so.conf.d/b.conf', line: 1 });
  });
  it('fnmatch: *, ?, classes and dot files', () => {
    expect(fnmatch('*.conf', 'x86_64-linux-gnu.conf')).toBe(true);
    expect(fnmatch('*.conf', '.hidden.conf')).toBe(false);
    expect(fnmatch('lib?.conf', 'libc.conf')).toBe(true);
    expect(fnmatch('[!a]*.conf', 'a.conf')).toBe(false);
    expect(fnmatch('[a-c]*.conf', 'b.conf')).toBe(true);
    expect(glob('/x/*/y', () => null)).toEqual([]);
  });
});
