/**
 * The verdict matrix: small files built by corpus/gate/build.sh with Debian's cross compilers,
 * judged by binspect against every auditwheel policy, and by an independent evaluator written here:
 * it reads each file's facts with GNU readelf (never with binspect) and auditwheel's pinned policy
 * JSON directly (never the generated module), and applies auditwheel's rules as its source states
 * them (lddtree.py `_get_platform` and `ldd`, policy/__init__.py `WheelPolicies`, elfutils.py
 * `elf_find_versioned_symbols` and `filter_undefined_symbols`, wheel_abi.py `_get_machine_policy`).
 * binspect must agree on every (file, policy) pair, except the cases listed in STRICTER, where it
 * deliberately fails a file auditwheel passes (docs/ci.md).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { GATE_FIELDS, check } from '../../src/gate/check.js';
import { emptyPolicy, mergePolicies } from '../../src/gate/policy.js';
import { resolvePolicy } from '../../src/gate/presets.js';
import { inspectFileSync } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

const BIN = corpusPath('gate/bin');
const JSON_DIR = corpusPath('third_party/auditwheel');

interface AwPolicy {
  name: string;
  aliases: string[];
  symbol_versions: Record<string, Record<string, string[]>>;
  lib_whitelist: string[];
  blacklist: Record<string, string[]>;
}
const load = (f: string): AwPolicy[] => (JSON.parse(readFileSync(join(JSON_DIR, f), 'utf8')) as AwPolicy[]).filter((p) => p.name !== 'linux');
const MANYLINUX = load('manylinux-policy.json');
const MUSLLINUX = load('musllinux-policy.json');

/** What GNU readelf says about a file (null when it is no ELF file). */
interface Facts {
  machine: string;
  elf64: boolean;
  little: boolean;
  interp: string | null;
  needed: string[];
  verneed: Array<{ file: string; names: string[] }>;
  undefinedSymbols: string[];
  isaNeeded: string[];
}

function readelf(path: string): Facts | null {
  let text: string;
  try {
    text = execFileSync('readelf', ['-h', '-l', '-d', '-V', '--dyn-syms', '-n', '-W', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return null;
  }
  if (!/^ELF Header:/m.test(text)) return null;
  const verneed: Facts['verneed'] = [];
  const needSection = /Version needs section[\s\S]*?(?=\n\n|$)/.exec(text)?.[0] ?? '';
  for (const line of needSection.split('\n')) {
    const f = /File: (\S+)/.exec(line);
    if (f) verneed.push({ file: f[1]!, names: [] });
    const n = /^\s+0x[0-9a-f]+:\s+Name: (\S+)/.exec(line);
    if (n) verneed.at(-1)!.names.push(n[1]!);
  }
  const dynsym = /Symbol table '\.dynsym'[\s\S]*?(?=\n\n|$)/.exec(text)?.[0] ?? '';
  const undefinedSymbols = dynsym.split('\n').map((l) => /^\s*\d+: \S+\s+\d+ \S+\s+\S+\s+\S+\s+UND (\S+)/.exec(l)?.[1]).filter((x): x is string => !!x).map((n) => n.replace(/@.*/, ''));
  return {
    machine: /Machine:\s+(.*)/.exec(text)![1]!.trim(),
    elf64: /Class:\s+ELF64/.test(text),
    little: /Data:\s+.*little endian/.test(text),
    interp: /Requesting program interpreter: ([^\]]+)\]/.exec(text)?.[1] ?? null,
    needed: [...text.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]!),
    verneed,
    undefinedSymbols,
    isaNeeded: /x86 ISA needed: (.*)/.exec(text)?.[1]?.split(', ').map((s) => s.trim()) ?? [],
  };
}

/** auditwheel lddtree `_get_platform`: (e_machine, class, data) → architecture, as readelf names e_machine. */
function auditwheelArch(f: Facts): string | null {
  const table: Array<[string, boolean, boolean, string]> = [
    ['Intel 80386', false, true, 'i686'], ['Advanced Micro Devices X86-64', true, true, 'x86_64'],
    ['PowerPC64', true, true, 'ppc64le'], ['PowerPC64', true, false, 'ppc64'], ['RISC-V', true, true, 'riscv64'],
    ['AArch64', true, true, 'aarch64'], ['IBM S/390', true, false, 's390x'], ['ARM', false, true, 'armv7l'],
    ['LoongArch', true, true, 'loongarch64'],
  ];
  return table.find(([m, c, l]) => f.machine === m && f.elf64 === c && f.little === l)?.[3] ?? null;
}

/** auditwheel lddtree `ldd`: the file's libc from its interpreter, else its DT_NEEDED; null when neither tells. */
function auditwheelLibc(f: Facts): 'glibc' | 'musl' | null {
  if (f.interp) return f.interp.split('/').at(-1)!.startsWith('ld-musl-') ? 'musl' : 'glibc';
  for (const n of f.needed) {
    if (n.startsWith('libc.musl-') || n.startsWith('ld-musl-')) return 'musl';
    if (n === 'libc.so.6' || n.startsWith('ld-linux-') || n.startsWith('ld64.so.')) return 'glibc';
  }
  return null;
}

const MUSL_LIBC: Record<string, string> = {
  x86_64: 'libc.musl-x86_64.so.1', i686: 'libc.musl-x86.so.1', aarch64: 'libc.musl-aarch64.so.1', s390x: 'libc.musl-s390x.so.1',
  ppc64le: 'libc.musl-ppc64le.so.1', armv7l: 'libc.musl-armv7.so.1', riscv64: 'libc.musl-riscv64.so.1', loongarch64: 'libc.musl-loongarch64.so.1',
};
const isLoader = (lib: string): boolean => lib.includes('ld-linux') || lib === 'ld64.so.2' || lib === 'ld64.so.1';

/**
 * auditwheel's verdict for one file under one policy (arch pinned or the file's own), as the
 * reasons it would refuse the tag; `skipLoader: false` checks the versions needed from the
 * dynamic loader too (binspect's stricter reading).
 */
function auditwheel(f: Facts | null, p: AwPolicy, libc: 'glibc' | 'musl', pinned: string | null, skipLoader = true): string[] {
  if (!f) return ['platform'];
  const arch = auditwheelArch(f);
  if (!arch || !(arch in p.symbol_versions) || (pinned && arch !== pinned)) return ['machine'];
  const why: string[] = [];
  const fileLibc = auditwheelLibc(f);
  const isStatic = f.interp === null && f.needed.length === 0;
  if (!isStatic && fileLibc && fileLibc !== libc) why.push('libc');
  const allowed = p.symbol_versions[arch]!;
  for (const v of f.verneed) {
    if (skipLoader && isLoader(v.file)) continue;
    for (const name of v.names) {
      const ns = name.split('_')[0]!;
      if (ns in allowed && !allowed[ns]!.map((x) => `${ns}_${x}`).includes(name)) why.push('version-not-allowed');
    }
  }
  const whitelist = p.lib_whitelist.map((l) => (libc === 'musl' && l === 'libc.so' ? MUSL_LIBC[arch]! : l));
  for (const lib of f.needed) {
    if (isLoader(lib) || /^libpython\d+\.\d+m?.so(.\d)*$/.test(lib) || whitelist.includes(lib)) continue;
    why.push('unallowed-library');
  }
  const undef = new Set(['*', ...f.undefinedSymbols]);
  for (const lib of f.needed) if ((p.blacklist[lib] ?? []).some((s) => undef.has(s))) why.push('blacklisted-symbol');
  if (arch === 'x86_64' && f.isaNeeded.some((l) => ['x86-64-v2', 'x86-64-v3', 'x86-64-v4'].includes(l))) why.push('isa-level');
  return [...new Set(why)].sort();
}

const FILES = readdirSync(BIN).sort();
const FACTS = new Map(FILES.map((f) => [f, readelf(join(BIN, f))]));
const REPORTS = new Map(FILES.map((f) => [f, inspectFileSync(join(BIN, f), { select: GATE_FIELDS })]));

/** binspect's rules for one file under one `--policy` name. */
function binspect(file: string, policyName: string): string[] {
  const found = resolvePolicy(policyName);
  if (!found) throw new Error(`unknown policy ${policyName}`);
  const policy = mergePolicies(emptyPolicy(), found.policy);
  return [...new Set(check([REPORTS.get(file)!], policy).map((v) => v.rule))].sort();
}

/**
 * Where binspect fails a file auditwheel passes, and why it is right to: for these files binspect
 * checks the versions needed from the dynamic loader too (auditwheel's evaluator with
 * `skipLoader: false`), and the named policy is one auditwheel passes and binspect fails.
 */
const STRICTER: ReadonlyArray<[file: string, policy: string, why: string]> = [
  ['x86_64-rseq.so', 'manylinux_2_34', '__rseq_offset@GLIBC_2.35 comes from ld-linux-x86-64.so.2, whose versions auditwheel skips; glibc 2.34\'s ld.so has no GLIBC_2.35, so the library cannot load there'],
];

describe('the facts the gate reads agree with readelf', () => {
  it('undefinedSymbols (selected) lists the UND entries of .dynsym in order; a default report has no such key', () => {
    for (const file of FILES) {
      const facts = FACTS.get(file)!;
      const r = REPORTS.get(file)!;
      if (!facts) {
        expect(r.undefinedSymbols ?? null, file).toBeNull();
        continue;
      }
      expect(r.undefinedSymbols, file).toEqual(facts.undefinedSymbols);
      expect(r.needed, file).toEqual(facts.needed);
      expect(r.versionRequirements, file).toEqual(facts.verneed.map((v) => ({ file: v.file, versions: v.names })));
      expect('undefinedSymbols' in inspectFileSync(join(BIN, file)), file).toBe(false);
    }
  });
});

describe('verdict matrix: binspect agrees with auditwheel on every file and policy', () => {
  const all = [...MANYLINUX.map((p) => [p, 'glibc'] as const), ...MUSLLINUX.map((p) => [p, 'musl'] as const)];
  for (const file of FILES) {
    it(`${file}: every manylinux and musllinux policy, by name and by wheel tag`, () => {
      const facts = FACTS.get(file)!;
      for (const [p, libc] of all) {
        for (const name of [p.name, ...p.aliases]) {
          const stricter = STRICTER.some(([f]) => f === file);
          const expected = stricter ? auditwheel(facts, p, libc, null, false) : auditwheel(facts, p, libc, null);
          expect(binspect(file, name), `${file} --policy ${name}`).toEqual(expected);
          for (const arch of Object.keys(p.symbol_versions)) {
            const pinned = stricter ? auditwheel(facts, p, libc, arch, false) : auditwheel(facts, p, libc, arch);
            expect(binspect(file, `${name}_${arch}`), `${file} --policy ${name}_${arch}`).toEqual(pinned);
          }
        }
      }
    });
  }

  it('the stricter cases: auditwheel passes them, binspect fails them for the reason given', () => {
    for (const [file, name] of STRICTER) {
      const [p, libc] = all.find(([x]) => x.name === name)!;
      expect(auditwheel(FACTS.get(file)!, p, libc, null)).toEqual([]);
      expect(binspect(file, name)).toEqual(['version-not-allowed']);
    }
  });
});

/**
 * Every bullet of the gate's policy semantics in both directions: the file, the policy, and the
 * verdict auditwheel's rules give (checked against the evaluator above, so a wrong expectation
 * here fails too), each with what it shows.
 */
const BULLETS: ReadonlyArray<[file: string, policy: string, pass: boolean, what: string]> = [
  ['x86_64-private.so', 'manylinux_2_41', false, 'GLIBC_PRIVATE is no allowed version name under any policy'],
  ['x86_64-plain.so', 'manylinux_2_5', true, 'GLIBC_2.2.5 is allowed by the oldest policy'],
  ['x86_64-float128.so', 'manylinux2014', false, 'CXXABI_FLOAT128 is not in manylinux2014\'s x86_64 CXXABI list'],
  ['x86_64-float128.so', 'manylinux_2_28', true, 'CXXABI_FLOAT128 is listed from manylinux_2_28 on x86_64'],
  ['x86_64-tm.so', 'manylinux2010', false, 'CXXABI_TM_1 is not in manylinux2010\'s list'],
  ['x86_64-tm.so', 'manylinux2014', true, 'CXXABI_TM_1 is listed from manylinux2014'],
  ['x86_64-zlib129.so', 'manylinux2014', false, 'ZLIB_1.2.9 is not in manylinux2014\'s ZLIB list'],
  ['x86_64-zlib120.so', 'manylinux2014', true, 'ZLIB_1.2.0 is, and compressBound is no blacklisted zlib symbol'],
  ['x86_64-zlib-internal.so', 'manylinux2014', false, 'inflate_fast, imported without a version, is on libz.so.1\'s blacklist'],
  ['x86_64-zlib-internal.so', 'manylinux_2_41', false, 'on every policy\'s'],
  ['x86_64-crypt.so', 'manylinux2014', false, 'libcrypt.so.1 is not on lib_whitelist'],
  ['x86_64-atomic.so', 'manylinux2014', false, 'x86_64 manylinux2014 lists no LIBATOMIC version'],
  ['i686-atomic.so', 'manylinux2014', true, 'i686 manylinux2014 lists LIBATOMIC_1.0'],
  ['aarch64-atomic.so', 'manylinux2014', true, 'aarch64 manylinux2014 lists LIBATOMIC_1.0'],
  ['x86_64-tls-atexit.so', 'manylinux_2_24', true, '__cxa_thread_atexit_impl@GLIBC_2.18: allowed, and not blacklisted from manylinux_2_24'],
  ['aarch64-tls-atexit.so', 'manylinux2014', false, 'aarch64 allows GLIBC_2.18 but manylinux2014 blacklists __cxa_thread_atexit_impl from libc.so.6'],
  ['aarch64-tls-atexit.so', 'manylinux_2_24', true, 'no libc blacklist from manylinux_2_24'],
  ['x86_64-musl-hello', 'manylinux2014', false, 'a musl file is not for a glibc policy'],
  ['x86_64-musl-alpine', 'musllinux_1_2', true, 'an Alpine-linked musl executable is musllinux_1_2'],
  ['x86_64-musl-hello', 'musllinux_1_2', false, 'Debian musl-gcc\'s `libc.so` is not on musllinux\'s lib_whitelist (auditwheel allows libc.musl-x86_64.so.1)'],
  ['x86_64-musl-static', 'musllinux_1_2', true, 'a static musl file needs no C library'],
  ['x86_64-musl-static', 'manylinux2014', true, 'nor a glibc: the libc test passes and nothing else is needed'],
  ['x86_64-hello', 'musllinux_1_2', false, 'a glibc file is not for a musl policy'],
  ['x86_64-plain.dll', 'manylinux2014', false, 'a PE file is no Linux ELF file'],
  ['mips64el-plain.so', 'manylinux2014', false, 'no policy lists mips64el'],
  ['x86_64-isa-v3.so', 'manylinux2014', false, 'x86-64-v3 is above the x86_64 baseline'],
  ['x86_64-isa-baseline.so', 'manylinux2014', true, 'the x86-64 baseline is the policy\'s'],
  ['aarch64-mcount.so', 'manylinux2014', true, 'aarch64 _mcount@GLIBC_2.18 (-pg) is in aarch64\'s list'],
  ['aarch64-mcount.so', 'manylinux2014_x86_64', false, 'a wheel tag pins the architecture'],
  ['aarch64-mcount.so', 'manylinux_2_17_aarch64', true, 'the tag of its own architecture'],
  ['aarch64-f16tf.so', 'manylinux_2_34', true, 'aarch64 __extendhftf2@GCC_11.0 is in manylinux_2_34\'s aarch64 list'],
  ['aarch64-f16tf.so', 'manylinux_2_28', false, 'but not in manylinux_2_28\'s'],
  ['aarch64-aligned.so', 'manylinux_2_26', true, 'aarch64 CXXABI_1.3.11 is in manylinux_2_26\'s aarch64 list'],
  ['x86_64-aligned.so', 'manylinux_2_26', false, 'but not in its x86_64 list'],
  ['i686-addtf3.so', 'manylinux2010', true, 'i686 __addtf3@GCC_4.4.0 is in manylinux2010\'s i686 list'],
  ['i686-divmod.so', 'manylinux_2_26', true, 'i686 __divmoddi4@GCC_7.0.0 is in manylinux_2_26\'s i686 list'],
  ['i686-divmod.so', 'manylinux_2_24', false, 'but not in manylinux_2_24\'s'],
  ['x86_64-plain.so', 'musllinux_1_2_x86_64', false, 'wheel-tag names of musllinux resolve too (a glibc file fails)'],
  ['x86_64-musl-alpine', 'musllinux_1_2_x86_64', true, 'and pass the right file'],
];

describe('each semantic bullet in both directions', () => {
  for (const [file, name, pass, what] of BULLETS) {
    it(`${file} ${pass ? 'passes' : 'fails'} ${name}: ${what}`, () => {
      const found = resolvePolicy(name)!;
      const p = [...MANYLINUX, ...MUSLLINUX].find((x) => x.name === found.preset.name)!;
      const libc = MUSLLINUX.includes(p) ? 'musl' : 'glibc';
      expect(auditwheel(FACTS.get(file)!, p, libc, found.arch).length === 0, 'auditwheel\'s rules').toBe(pass);
      expect(binspect(file, name).length === 0, 'binspect').toBe(pass);
    });
  }
});

/** Distribution presets: the GCC_ ceiling cases, judged against the release's own libgcc_s (cited in presets.ts). */
const DISTRO_CASES: ReadonlyArray<[file: string, policy: string, pass: boolean]> = [
  ['x86_64-f16.so', 'rhel-7', false], ['x86_64-f16.so', 'rhel-8', false], ['x86_64-f16.so', 'rhel-9', false],
  ['x86_64-f16.so', 'debian-11', false], ['x86_64-f16.so', 'ubuntu-20.04', false], ['x86_64-f16.so', 'amazonlinux-2', false],
  ['x86_64-f16.so', 'debian-12', true], ['x86_64-f16.so', 'ubuntu-22.04', true],
  ['x86_64-private.so', 'debian-12', false], ['x86_64-plain.so', 'rhel-7', true],
  ['x86_64-musl-hello', 'rhel-8', false], ['x86_64-tm.so', 'rhel-7', true], ['x86_64-float128.so', 'rhel-7', false], ['x86_64-float128.so', 'rhel-8', true],
  ['aarch64-f16tf.so', 'rhel-9', true], ['aarch64-f16tf.so', 'rhel-8', false], ['aarch64-mcount.so', 'rhel-7', true],
  ['mips64el-plain.so', 'debian-12', false], ['x86_64-isa-v3.so', 'rhel-9', false], ['x86_64-isa-baseline.so', 'rhel-9', true],
  ['x86_64-hello', 'rhel-9', true], ['x86_64-hello', 'rhel-8', false],
];

describe('distribution presets', () => {
  for (const [file, name, pass] of DISTRO_CASES) {
    it(`${file} ${pass ? 'passes' : 'fails'} ${name}`, () => {
      expect(binspect(file, name).length === 0).toBe(pass);
    });
  }
});

describe('the CLI runs the same check', () => {
  const run = async (args: string[]): Promise<number> => main(args, () => {}, () => {});
  it('exit 0 on a pass, 1 on a violation of any kind, 2 on an unknown policy or machine', async () => {
    expect(await run(['check', join(BIN, 'aarch64-mcount.so'), '--policy', 'manylinux_2_17_aarch64'])).toBe(0);
    expect(await run(['check', join(BIN, 'x86_64-plain.dll'), '--policy', 'manylinux2014'])).toBe(1);
    expect(await run(['check', join(BIN, 'mips64el-plain.so'), '--policy', 'manylinux2014'])).toBe(1);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--policy', 'manylinux2015'])).toBe(2);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--machine', 'amd64'])).toBe(0);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--machine', 'arm64'])).toBe(1);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--machine', 'x86'])).toBe(1);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--machine', 'vax11'])).toBe(2);
  });

  it('--max validates namespace and version; GLIBC_PRIVATE passes no ceiling', async () => {
    expect(await run(['check', join(BIN, 'x86_64-private.so'), '--max-glibc', '2.41'])).toBe(1);
    expect(await run(['check', join(BIN, 'x86_64-private.so'), '--max', 'GLIBC=2.41'])).toBe(1);
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--max-glibc', '2.5'])).toBe(0);
    expect(await run(['check', join(BIN, 'x86_64-tm.so'), '--max', 'CXXABI=1.3'])).toBe(0);
    expect(await run(['check', join(BIN, 'x86_64-aligned.so'), '--max', 'CXXABI=1.3.10'])).toBe(1);
    for (const bad of ['glibcxx=3.4.19', 'Glibc=2.17', 'GLIBCXX=3.4.x', 'GLIBCXX', '=3.4', 'GLIBC-X=1', '_GLIBC=2.17']) {
      expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--max', bad]), bad).toBe(2);
    }
    expect(await run(['check', join(BIN, 'x86_64-plain.so'), '--max', 'MYLIB=1.0'])).toBe(0);
  });
});

describe('a wheel\'s own libraries are shipped, not external (auditwheel "RPATH FTW")', () => {
  const WHEEL = corpusPath('gate/wheel');
  const ext = inspectFileSync(join(WHEEL, 'pkg/_ext.so'), { select: GATE_FIELDS });
  const foo = inspectFileSync(join(WHEEL, 'pkg.libs/libfoo.so.1'), { select: GATE_FIELDS });
  const policy = mergePolicies(emptyPolicy(), resolvePolicy('manylinux2014')!.policy);
  it('the extension and the library it finds through $ORIGIN/../pkg.libs pass together', () => {
    expect(ext.runpath).toEqual(['$ORIGIN/../pkg.libs']);
    expect(check([ext, foo], policy)).toEqual([]);
  });
  it('alone, the extension needs a library outside the allow-list', () => {
    expect(check([ext], policy).map((v) => `${v.rule} ${v.new}`)).toEqual(['unallowed-library libfoo.so.1']);
  });
  it('a library beside it but not on its run path is still external', () => {
    const moved = { ...foo, path: join(WHEEL, 'pkg/libfoo.so.1') };
    expect(check([ext, moved], policy).map((v) => v.rule)).toEqual(['unallowed-library']);
  });
  it('the CLI checks the files it is given together', async () => {
    expect(await main(['check', WHEEL, '--policy', 'manylinux2014'], () => {}, () => {})).toBe(0);
    expect(await main(['check', join(WHEEL, 'pkg/_ext.so'), '--policy', 'manylinux2014'], () => {}, () => {})).toBe(1);
  });
});
