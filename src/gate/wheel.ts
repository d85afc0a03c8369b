/**
 * Platform policies: auditwheel's manylinux/musllinux policies (data generated from its pinned
 * JSON into `policies.generated.ts`) and the semantics auditwheel applies to them, as pure
 * functions over reports. docs/ci.md sets auditwheel's checks and these side by side.
 *
 * auditwheel sources restated here (pypa/auditwheel, src/auditwheel/): `lddtree.py` `_get_platform`
 * (architecture from e_machine, class and data encoding; the x86-64 ISA level from
 * `GNU_PROPERTY_X86_ISA_1_NEEDED`) and `ldd` (libc from the interpreter and DT_NEEDED);
 * `policy/__init__.py` `WheelPolicies` (per-architecture lists, `versioned_symbols_policy`,
 * `lddtree_external_references`: allow-list and blacklist); `elfutils.py`
 * (`elf_find_versioned_symbols`, `filter_undefined_symbols`); `wheel_abi.py` (`_get_machine_policy`).
 */
import type { AnyReport } from '../report/report.js';
import type { Violation } from './violation.js';

/** auditwheel's architecture names (`Architecture` in architecture.py, baselines only). */
export const WHEEL_ARCHES = ['x86_64', 'i686', 'aarch64', 'ppc64le', 'ppc64', 's390x', 'armv7l', 'riscv64', 'loongarch64'] as const;
export type WheelArch = (typeof WHEEL_ARCHES)[number];

/** One policy's lists for one architecture. */
export interface WheelArchData {
  /** Namespace (`GLIBC`, `GLIBCXX`, `CXXABI`, `GCC`, `ZLIB`, `LIBATOMIC`) → allowed version names without the `NS_` prefix. */
  versions: Readonly<Record<string, readonly string[]>>;
  /** auditwheel `lib_whitelist` (musl's `libc.so` already replaced by `libc.musl-<arch>.so.1`). */
  libWhitelist: readonly string[];
}

/** One auditwheel policy (`manylinux_2_17`, `musllinux_1_2`), per architecture. */
export interface WheelPolicyData {
  name: string;
  aliases: readonly string[];
  /** auditwheel priority: higher is older (manylinux_2_5 is 100). */
  priority: number;
  libc: 'glibc' | 'musl';
  /** Needed library → symbol names that must not be imported while it is needed. */
  blacklist: Readonly<Record<string, readonly string[]>>;
  arches: Readonly<Partial<Record<WheelArch, WheelArchData>>>;
}

/** Report `machine` (with class and data encoding) → auditwheel architecture (`_get_platform`'s table). */
const ARCH_OF: ReadonlyArray<readonly [machine: string, cls: 32 | 64, endian: 'little' | 'big', arch: WheelArch]> = [
  ['i386', 32, 'little', 'i686'],
  ['x86_64', 64, 'little', 'x86_64'],
  ['powerpc64le', 64, 'little', 'ppc64le'],
  ['powerpc64', 64, 'big', 'ppc64'],
  ['riscv64', 64, 'little', 'riscv64'],
  ['aarch64', 64, 'little', 'aarch64'],
  ['s390x', 64, 'big', 's390x'],
  ['arm', 32, 'little', 'armv7l'],
  ['loongarch64', 64, 'little', 'loongarch64'],
];

/**
 * The auditwheel architecture of an ELF report, or null when auditwheel knows none (mips,
 * riscv32, x32, big-endian AArch64, ...). Reads `machine`, `class`, `endian`.
 */
export function wheelArch(r: Pick<AnyReport, 'machine' | 'class' | 'endian'>): WheelArch | null {
  return ARCH_OF.find(([m, c, e]) => r.machine === m && r.class === c && r.endian === e)?.[3] ?? null;
}

/** The report machine name for an auditwheel architecture (`aarch64` → `aarch64`, `i686` → `i386`). */
export const machineOfArch = (a: WheelArch): string => ARCH_OF.find(([, , , x]) => x === a)![0];

/** auditwheel `lddtree_external_references.filter_libs`: the dynamic loader, always allowed. */
export const isDynamicLoader = (lib: string): boolean => lib.includes('ld-linux') || lib === 'ld64.so.2' || lib === 'ld64.so.1';

/** auditwheel `LIBPYTHON_RE`: libpython is provided by the interpreter that loads the extension. */
export const isLibpython = (lib: string): boolean => /^libpython\d+\.\d+m?.so(.\d)*$/.test(lib);

/** The namespace of a version name as auditwheel splits it: up to the first `_` (`CXXABI_TM_1` → `CXXABI`). */
export const namespaceOf = (version: string): string => {
  const i = version.indexOf('_');
  return i < 0 ? version : version.slice(0, i);
};

/**
 * The C library a file without other evidence is tied to by needing its dynamic loader (auditwheel
 * `ldd`: `ld-linux-*`, `ld64.so.*` are glibc's, `ld-musl-*` and `libc.musl-*` musl's), or null.
 */
export function loaderLibc(needed: readonly string[]): 'glibc' | 'musl' | null {
  for (const n of needed) {
    if (n.startsWith('libc.musl-') || n.startsWith('ld-musl-')) return 'musl';
    if (n.startsWith('ld-linux-') || n.startsWith('ld64.so.')) return 'glibc';
  }
  return null;
}

/** A `/`-separated path with `.` and `..` segments resolved (`a!/b/../c` → `a!/c`). */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * auditwheel `lddtree_external_references` ("RPATH FTW"): a needed library that the file's
 * `$ORIGIN` search path (DT_RUNPATH, else DT_RPATH, as ld.so reads them) finds among the files
 * shipped with it (`shipped`: normalized paths of the files checked together, such as the members
 * of one wheel) is part of the package, not an external dependency.
 */
export function shippedWith(r: AnyReport, lib: string, shipped: ReadonlySet<string>): boolean {
  const path = r.path;
  if (!path || shipped.size === 0 || lib.includes('/')) return false;
  const origin = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
  const entries = (r.runpath?.length ? r.runpath : r.rpath ?? []).flatMap((e) => e.split(':'));
  for (const e of entries) {
    if (!/^\$(ORIGIN|\{ORIGIN\})(\/|$)/.test(e)) continue;
    if (shipped.has(normalizePath(`${e.replace(/^\$(ORIGIN|\{ORIGIN\})/, origin)}/${lib}`))) return true;
  }
  return false;
}

/** x86-64 ISA levels above the baseline, as binspect names them (`features.x86IsaNeeded`). */
const ABOVE_BASELINE = ['x86-64-v2', 'x86-64-v3', 'x86-64-v4'];

/** What a platform check needs to know besides the report. */
export interface PlatformTarget {
  /** The policy's name as the user gave it (`manylinux2014_aarch64`). */
  label: string;
  /** The architecture the name pins, or null to take each file's own. */
  arch: WheelArch | null;
  /** The C library the platform runs (`glibc`, or `musl`). */
  libc: 'glibc' | 'musl';
  /** The architectures the platform covers. */
  arches: readonly WheelArch[];
}

type Sym = NonNullable<Violation['symbols']>[number];

/** The symbols of `r` bound to `version` from `file` (or one entry with symbol null when none is). */
export function symbolsOf(r: AnyReport, file: string, version: string): Sym[] {
  const s = (r.symbolVersions ?? []).filter((x) => x.file === file && x.version === version).map((x) => ({ symbol: x.symbol, version, file }));
  return s.length ? s : [{ symbol: null, version, file }];
}

/**
 * The checks every platform shares: an ELF file, of an architecture the platform covers (and the
 * pinned one), built for its C library (a static file, or one no evidence ties to a C library,
 * passes this test). Returns the violations and the architecture to judge the rest by (null when
 * the rest cannot be judged).
 */
export function checkPlatformBase(r: AnyReport, t: PlatformTarget): { out: Violation[]; arch: WheelArch | null } {
  const file = r.path ?? '';
  if (r.format !== 'elf') {
    return { out: [{ file, rule: 'platform', level: 'error', old: t.label, new: r.format ?? null,
      message: `${t.label} is for Linux ELF files; this is ${r.format === null ? 'no known format' : `a ${r.format} file`}` }], arch: null };
  }
  const arch = wheelArch(r);
  const covered = arch !== null && t.arches.includes(arch);
  if (!covered) {
    return { out: [{ file, rule: 'machine', level: 'error', old: t.arch ?? t.arches.join(','), new: r.machine ?? null,
      message: `built for ${r.machine ?? 'an unknown machine'}${r.class ? ` (ELFCLASS${r.class}, ${r.endian}-endian)` : ''}, which ${t.label} does not cover (${t.arches.join(', ')})` }], arch: null };
  }
  const out: Violation[] = [];
  if (t.arch !== null && arch !== t.arch) {
    return { out: [{ file, rule: 'machine', level: 'error', old: t.arch, new: arch,
      message: `built for ${arch}, but ${t.label} is for ${t.arch}` }], arch: null };
  }
  const isStatic = r.linkage === 'static' || r.linkage === 'static-pie';
  const libc = r.libc ?? loaderLibc(r.needed ?? []);
  if (!isStatic && libc != null && libc !== 'none' && libc !== t.libc) {
    out.push({ file, rule: 'libc', level: 'error', old: t.libc, new: libc,
      message: `C library is ${libc}, but ${t.label} is for ${t.libc}` });
  }
  return { out, arch };
}

/**
 * Checks one ELF report against an auditwheel policy for `arch` as auditwheel does, and stricter
 * where auditwheel misses a real incompatibility (docs/ci.md):
 * - every Vernaux name whose namespace (up to the first `_`) the policy lists must be one of the
 *   policy's names for that namespace (`GLIBC_PRIVATE`, `CXXABI_TM_1` included); binspect also
 *   checks the names needed from the dynamic loader, which auditwheel skips;
 * - every DT_NEEDED must be on `lib_whitelist`, the dynamic loader, libpython and libraries
 *   shipped with the file (see {@link shippedWith}) excepted;
 * - no undefined dynamic symbol may be on the blacklist of a needed library;
 * - x86_64: `GNU_PROPERTY_X86_ISA_1_NEEDED` must not ask for more than the baseline.
 */
export function checkWheelArch(r: AnyReport, p: WheelPolicyData, arch: WheelArch, label: string, shipped: ReadonlySet<string> = new Set()): Violation[] {
  const file = r.path ?? '';
  const data = p.arches[arch]!;
  const out: Violation[] = [];
  const bad = new Map<string, Sym[]>();
  for (const req of r.versionRequirements ?? []) {
    for (const v of req.versions) {
      const ns = namespaceOf(v);
      const allowed = data.versions[ns];
      if (!allowed || allowed.includes(v.slice(ns.length + 1))) continue;
      bad.set(ns, [...(bad.get(ns) ?? []), ...symbolsOf(r, req.file, v)]);
    }
  }
  for (const [ns, symbols] of [...bad].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const names = [...new Set(symbols.map((s) => s.version))];
    out.push({ file, rule: 'version-not-allowed', level: 'error', namespace: ns, old: label, new: names.join(','), symbols,
      message: `needs ${names.join(', ')}, which ${label} does not allow (${ns}: ${summarize(data.versions[ns]!)})` });
  }
  const needed = r.needed ?? [];
  for (const lib of needed) {
    if (isDynamicLoader(lib) || isLibpython(lib) || data.libWhitelist.includes(lib) || shippedWith(r, lib, shipped)) continue;
    out.push({ file, rule: 'unallowed-library', level: 'error', old: label, new: lib,
      message: `needs ${lib}, which ${label} does not allow (auditwheel lib_whitelist)` });
  }
  // auditwheel filter_undefined_symbols: every undefined dynamic symbol, versioned or not (a report
  // without `undefinedSymbols` selected falls back to the versioned ones).
  const undefinedNames = new Set(r.undefinedSymbols ?? (r.symbolVersions ?? []).filter((s) => !s.defined).map((s) => s.symbol));
  for (const lib of needed) {
    const listed = p.blacklist[lib];
    if (!listed) continue;
    const hits = listed.filter((s) => s === '*' || undefinedNames.has(s));
    if (!hits.length) continue;
    out.push({ file, rule: 'blacklisted-symbol', level: 'error', old: label, new: hits.join(','),
      symbols: hits.map((s) => ({ symbol: s, version: (r.symbolVersions ?? []).find((x) => x.symbol === s)?.version ?? '', file: lib })),
      message: `imports ${hits.join(', ')} while needing ${lib}; ${label} blacklists ${hits.length === 1 ? 'it' : 'them'}` });
  }
  const isa = checkIsa(r, arch, 'x86-64-baseline', label);
  if (isa) out.push(isa);
  return out;
}

/** x86_64 only: a `GNU_PROPERTY_X86_ISA_1_NEEDED` level above `baseline` is a violation. */
export function checkIsa(r: AnyReport, arch: WheelArch, baseline: string, label: string): Violation | null {
  if (arch !== 'x86_64') return null;
  const needed = r.features?.x86IsaNeeded;
  const levels = Array.isArray(needed) ? needed : [];
  const rank = (l: string): number => ABOVE_BASELINE.indexOf(l) + 1;
  const top = levels.reduce((m, l) => Math.max(m, rank(l)), 0);
  if (top <= rank(baseline)) return null;
  return { file: r.path ?? '', rule: 'isa-level', level: 'error', old: baseline, new: ABOVE_BASELINE[top - 1]!,
    message: `needs ${ABOVE_BASELINE[top - 1]} (GNU_PROPERTY_X86_ISA_1_NEEDED), above ${label}'s ${baseline}` };
}

/** A short form of a long allowed list for messages: its last few names. */
function summarize(names: readonly string[]): string {
  if (names.length === 0) return 'no version allowed';
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 2).join(', ')}, ..., ${names.slice(-2).join(', ')}`;
}
