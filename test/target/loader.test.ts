import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Each case reads roots or images and may run the CLI; the full suite runs files in parallel on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
import { inspect, inspectFileSync } from '../../src/index.js';
import { DirectoryFs } from '../../src/target/dir.js';
import { type Resolution, resolve } from '../../src/target/resolve.js';
import { Target } from '../../src/target/target.js';
import { glibcSystemDirs, muslLoaderFacts } from '../../src/target/sysdirs.js';
import { EXPECTED, type LoaderCase, packedTargets } from './roots.js';

let dir: string;
beforeAll(() => {
  dir = packedTargets();
}, 120_000);

const targets = new Map<string, Target>();
function target(root: string): Target {
  let t = targets.get(root);
  if (!t) targets.set(root, (t = new Target(new DirectoryFs(join(dir, 'roots', root)))));
  return t;
}

/** binspect's answer for a file of the root, checked as a file of that root. */
function check(root: string, file: string, libraryPath?: string): Resolution {
  const t = target(root);
  const real = t.resolve(file)!;
  const obj = t.object(real.path);
  if ('reason' in obj) throw new Error(obj.reason);
  return resolve(obj, t, { origin: real.path, libraryPath });
}

/** The loader's verdict in binspect's terms: the first error stops the real loader. */
function verdictOf(r: Resolution): Pick<LoaderCase, 'verdict' | 'name'> {
  const e = r.errors[0];
  if (e === undefined) return { verdict: 'loads', name: null };
  const kind = { interpreter: 'missing-interpreter', library: 'missing-library', unloadable: 'missing-library', version: 'missing-version' } as const;
  return { verdict: kind[e.kind], name: e.name };
}

describe('check against a root agrees with the real loader run in chroot (corpus/target/expected.json)', () => {
  it('has the issue\'s cases', () => {
    const v = new Set(EXPECTED.map((c) => c.verdict));
    expect([...v].sort()).toEqual(['loads', 'missing-interpreter', 'missing-library', 'missing-version']);
  });
  for (const c of EXPECTED) {
    it(`${c.root} ${c.file}${c.libraryPath ? ` (LD_LIBRARY_PATH=${c.libraryPath})` : ''}: ${c.verdict}${c.name ? ` ${c.name}` : ''}`, () => {
      const r = check(c.root, c.file, c.libraryPath);
      expect(verdictOf(r)).toEqual({ verdict: c.verdict, name: c.name });
      expect(r.loads).toBe(c.verdict === 'loads');
      // The loader's message names what binspect's first error names.
      // (the kernel's ENOENT for a missing interpreter names only the program)
      if (c.name !== null && c.verdict !== 'missing-interpreter') expect(c.message).toContain(c.name);
    });
  }
});

describe('what the resolution says beyond the verdict', () => {
  it('a transitive need carries its chain and the places searched', () => {
    const r = check('amd64-nocxx', '/usr/bin/usecxx');
    const e = r.errors[0]!;
    expect(e.chain).toEqual(['/usr/bin/usecxx', '/usr/lib/x86_64-linux-gnu/libcxxdep.so.1']);
    expect(e.searched.map((s) => s.via)).toContain('default');
    expect(e.searched.some((s) => s.path === '/usr/lib/x86_64-linux-gnu/libstdc++.so.6')).toBe(true);
  });

  it('the GLIBCXX versions libcxxdep needs are checked against the root\'s libstdc++ Verdefs', () => {
    const r = check('amd64', '/usr/bin/usecxx');
    const lib = readFileSync(join(dir, 'roots', 'amd64', 'usr/lib/x86_64-linux-gnu/libcxxdep.so.1'));
    const needs = inspect(lib).versionRequirements!.find((v) => v.file === 'libstdc++.so.6')!.versions;
    expect(needs.some((v) => v.startsWith('GLIBCXX_3.4'))).toBe(true);
    expect(r.loads).toBe(true);
    const std = r.objects.find((o) => o.name === 'libstdc++.so.6')!;
    expect(std.path).toBe('/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30');
  });

  it('the wrong-class candidate is passed over and named in the search', () => {
    const r = check('amd64', '/usr/bin/usewc');
    expect(r.objects.find((o) => o.name === 'libwc.so.1')).toMatchObject({ path: '/opt/wc/lib64/libwc.so.1', via: 'runpath' });
    const bad = check('amd64', '/usr/bin/usewc32').errors[0]!;
    expect(bad.searched[0]).toMatchObject({ path: '/opt/wc/lib32/libwc.so.1', via: 'runpath' });
    expect(bad.searched[0]!.note).toMatch(/32-bit/);
    expect(bad.message).toContain('wrong ELF class: ELFCLASS32');
  });

  it('$ORIGIN expands from the program\'s directory; the interpreter satisfies libc\'s DT_NEEDED by soname', () => {
    const r = check('amd64', '/opt/bundle/bin/app');
    expect(r.objects.find((o) => o.name === 'libbundled.so.1')).toMatchObject({ path: '/opt/bundle/lib/libbundled.so.1', via: 'runpath' });
    const libc = r.objects.find((o) => o.name === 'libc.so.6')!;
    const ld = libc.needed.find((n) => n.name === 'ld-linux-x86-64.so.2')!;
    expect(r.objects[ld.object!]!.via).toBe('interpreter');
  });

  it('the ld.so.conf include is found through the rebuilt cache; without a cache binspect warns', () => {
    expect(check('amd64', '/usr/bin/useinc').objects.find((o) => o.name === 'libinc.so.1')!.via).toBe('ld.so.cache');
    const r = check('amd64-nocache', '/usr/bin/useinc');
    expect(r.warnings.join('\n')).toMatch(/no \/etc\/ld\.so\.cache: \/opt\/inc\/lib \(named in \/etc\/ld\.so\.conf\.d\/inc\.conf:1\)/);
    // Default directories need no cache and are not warned about.
    expect(r.warnings.join('\n')).not.toContain('/lib/x86_64-linux-gnu ');
  });

  it('DT_RPATH serves the needs of the libraries the program loads; DT_RUNPATH only the program\'s own', () => {
    const ok = check('amd64', '/usr/bin/usechain-rpath');
    expect(ok.objects.find((o) => o.name === 'libleaf.so.1')).toMatchObject({ path: '/opt/chain/lib/libleaf.so.1', via: 'rpath' });
    const bad = check('amd64', '/usr/bin/usechain-runpath').errors[0]!;
    expect(bad.chain).toEqual(['/usr/bin/usechain-runpath', '/opt/chain/lib/libmid.so.1']);
    expect(bad.searched.map((s) => s.via)).not.toContain('runpath');
  });

  it('DF_1_NODEFLIB turns off the cache and the default directories; LD_LIBRARY_PATH comes before them', () => {
    expect(check('amd64', '/usr/bin/hello-nodeflib').errors[0]!.searched).toEqual([]);
    const r = check('amd64', '/usr/bin/usefoo', '/opt/foo-new/lib');
    expect(r.objects.find((o) => o.name === 'libfoo.so.1')).toMatchObject({ path: '/opt/foo-new/lib/libfoo.so.1', via: 'LD_LIBRARY_PATH' });
  });

  it('$LIB is the loader\'s library directory and ${PLATFORM} the kernel\'s AT_PLATFORM', () => {
    const r = check('amd64', '/usr/bin/usedst');
    expect(r.objects.find((o) => o.name === 'libdlib.so.1')).toMatchObject({ path: '/opt/dst/lib/x86_64-linux-gnu/libdlib.so.1', via: 'runpath' });
    expect(r.objects.find((o) => o.name === 'libdplat.so.1')).toMatchObject({ path: '/opt/dst/x86_64/libdplat.so.1', via: 'runpath' });
  });

  it('resolve(report, target): a report gives the same verdict as the parsed file', () => {
    const t = target('amd64');
    for (const f of ['/usr/bin/usefoo', '/usr/bin/usecxx', '/opt/bundle/bin/app']) {
      const report = inspectFileSync(join(dir, 'roots', 'amd64', f));
      const r = resolve({ ...report, path: f }, t, { origin: f });
      expect(verdictOf(r), f).toEqual(verdictOf(check('amd64', f)));
    }
    expect(() => resolve({ ...inspectFileSync(join(dir, 'roots', 'amd64', 'etc/ld.so.conf')) }, t)).toThrow(TypeError);
  });

  it('a version defined by a library loaded through DT_RPATH passes (the newer libfoo)', () => {
    const r = check('amd64', '/usr/bin/usefoo-rpath');
    expect(r.objects.find((o) => o.name === 'libfoo.so.1')).toMatchObject({ path: '/opt/foo-new/lib/libfoo.so.1', via: 'rpath' });
  });

  it('an arm64 root: resolution by its own loader\'s directories, the amd64 program misses its interpreter', () => {
    const r = check('arm64', '/usr/bin/hello');
    expect(r.loads).toBe(true);
    expect(r.objects.map((o) => o.path)).toContain('/lib/aarch64-linux-gnu/libc.so.6');
    expect(verdictOf(check('arm64', '/usr/bin/go-cgo'))).toEqual({ verdict: 'missing-interpreter', name: '/lib64/ld-linux-x86-64.so.2' });
  });
});

describe('the loader\'s own search path, read from its bytes', () => {
  /** `ld.so --help`'s "(system search path)" lines: the oracle. */
  function helpDirs(ldso: string): string[] {
    const out = execFileSync(ldso, ['--help'], { encoding: 'utf8' });
    return [...out.matchAll(/^ {2}(\S+) \(system search path\)$/gm)].map((m) => m[1]!);
  }
  it('glibc: the directories ld.so --help prints, for the host and the root\'s loader', () => {
    for (const ldso of ['/lib64/ld-linux-x86-64.so.2', join(dir, 'roots/amd64/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2')]) {
      const expected = helpDirs(ldso);
      expect(expected.length).toBeGreaterThan(1);
      expect(glibcSystemDirs(readFileSync(ldso))).toEqual(expected);
    }
  });
  it('musl: LDSO_ARCH matches the path file Debian\'s musl package ships', () => {
    const facts = muslLoaderFacts(readFileSync(join(dir, 'roots/musl/lib/x86_64-linux-musl/libc.so')))!;
    expect(facts.arch).toBe('x86_64');
    expect(readFileSync(join(dir, 'roots/musl/etc', `ld-musl-${facts.arch}.path`), 'utf8')).toContain('/lib/x86_64-linux-musl');
    expect(glibcSystemDirs(readFileSync(join(dir, 'roots/musl/lib/x86_64-linux-musl/libc.so')))).toBeNull();
  });
});
