/**
 * npm packages: the `os`, `cpu` and `libc` fields of `package.json` (docs.npmjs.com "package.json":
 * values are `process.platform` / `process.arch` names, `!name` excludes one; `libc` is `glibc` or
 * `musl` and applies on Linux) against every binary the package ships. Pure functions over reports.
 */
import type { Violation } from '../gate/violation.js';
import type { AnyReport } from '../report/report.js';

/** The fields of `package.json` the check reads. */
export interface PackagePlatforms {
  name: string | null;
  os: string[] | null;
  cpu: string[] | null;
  libc: string[] | null;
}

/** Reads `os`, `cpu`, `libc` (string or array of strings; anything else is ignored) from package.json text. Throws `SyntaxError` for bad JSON. */
export function parsePackageJson(text: string): PackagePlatforms {
  const j = JSON.parse(text) as Record<string, unknown>;
  const list = (v: unknown): string[] | null =>
    typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  return { name: typeof j.name === 'string' ? j.name : null, os: list(j.os), cpu: list(j.cpu), libc: list(j.libc) };
}

/** Report `machine` → Node's `process.arch` name. */
const NODE_ARCH: Readonly<Record<string, string>> = {
  x86_64: 'x64', aarch64: 'arm64', i386: 'ia32', arm: 'arm', powerpc64le: 'ppc64', powerpc64: 'ppc64', s390x: 's390x', s390: 's390',
  riscv64: 'riscv64', loongarch64: 'loong64', mips: 'mips', mipsel: 'mipsel', mips64el: 'mips64el', mips64: 'mips64', powerpc: 'ppc',
};

/** Report `libc` of an ELF file → Node's `process.platform`. */
const ELF_OS: Readonly<Record<string, string>> = {
  glibc: 'linux', musl: 'linux', uclibc: 'linux', bionic: 'android', freebsd: 'freebsd', netbsd: 'netbsd', openbsd: 'openbsd', solaris: 'sunos',
};

/** Node's platform for a binary report, or null when nothing tells (an ELF file with no libc evidence). */
export function nodePlatform(r: AnyReport): string | null {
  if (r.format === 'pe' || r.format === 'coff') return 'win32';
  if (r.format === 'macho' || r.format === 'macho-fat') return 'darwin';
  if (r.format === 'elf') return r.libc ? ELF_OS[r.libc] ?? null : null;
  return null;
}

/** Node's arch names of a binary (every slice of a universal Mach-O). */
export function nodeArches(r: AnyReport): string[] {
  const machines = r.format === 'macho-fat' ? (r.slices ?? []).map((s) => s.machine ?? null) : [r.machine ?? null];
  return machines.map((m) => (m ? NODE_ARCH[m] ?? m : null)).filter((m): m is string => m !== null);
}

/** npm's rule for an `os`/`cpu`/`libc` list: allowed when not excluded by `!x` and, if any plain name is listed, listed. */
export function allowedBy(list: readonly string[], value: string): boolean {
  if (list.includes(`!${value}`)) return false;
  const plain = list.filter((x) => !x.startsWith('!'));
  return plain.length === 0 || plain.includes(value);
}

/**
 * The violations of `pkg`'s platform fields by the binaries `reports` (member reports of the
 * package): a binary for an OS `os` excludes, no slice for an allowed `cpu`, a Linux binary built
 * for a C library `libc` excludes (a static ELF file satisfies any `libc`; one with no libc
 * evidence is not judged on it).
 */
export function checkPackage(pkgPath: string, pkg: PackagePlatforms, reports: readonly AnyReport[]): Violation[] {
  const out: Violation[] = [];
  for (const r of reports) {
    if (r.format === null) continue;
    const file = r.path ?? '';
    const os = nodePlatform(r);
    if (pkg.os && os !== null && !allowedBy(pkg.os, os)) {
      out.push({ file, rule: 'npm-os', level: 'error', old: pkg.os.join(','), new: os,
        message: `a ${os} binary, but ${pkgPath}'s package.json declares os ${JSON.stringify(pkg.os)}` });
    }
    const arches = nodeArches(r);
    if (pkg.cpu && arches.length && !arches.some((a) => allowedBy(pkg.cpu!, a))) {
      out.push({ file, rule: 'npm-cpu', level: 'error', old: pkg.cpu.join(','), new: arches.join(','),
        message: `built for ${arches.join(', ')}, but package.json declares cpu ${JSON.stringify(pkg.cpu)}` });
    }
    const isStatic = r.linkage === 'static' || r.linkage === 'static-pie';
    if (pkg.libc && os === 'linux' && !isStatic && (r.libc === 'glibc' || r.libc === 'musl') && !allowedBy(pkg.libc, r.libc)) {
      out.push({ file, rule: 'npm-libc', level: 'error', old: pkg.libc.join(','), new: r.libc,
        message: `needs ${r.libc}, but package.json declares libc ${JSON.stringify(pkg.libc)}` });
    }
  }
  return out;
}
