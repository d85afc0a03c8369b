/**
 * Validation of the gate's user-given names: `--machine` (report machine names and common
 * aliases) and `--max NS=V` (namespace and version).
 */
import { WHEEL_POLICIES } from './policies.generated.js';

/** Every `machine` name a report can carry (docs/report.md "machine"), ELF, PE and Mach-O. */
export const MACHINE_NAMES: readonly string[] = [
  'i386', 'x86_64', 'aarch64', 'aarch64_be', 'arm', 'armeb', 'arm64ec', 'arm64_32', 'riscv32', 'riscv64', 'powerpc64le',
  'powerpc64', 'powerpc', 'powerpcle', 's390x', 's390', 'mips', 'mipsel', 'mips64', 'mips64el', 'sparcv9', 'sparc', 'm68k',
  'loongarch64', 'loongarch32', 'hppa', 'sh', 'ia64', 'alpha',
];

/** Common spellings of a machine → the report's name. */
export const MACHINE_ALIASES: Readonly<Record<string, string>> = {
  arm64: 'aarch64', x64: 'x86_64', amd64: 'x86_64', 'x86-64': 'x86_64', x86: 'i386', i486: 'i386', i586: 'i386', i686: 'i386',
  ppc64le: 'powerpc64le', ppc64el: 'powerpc64le', ppc64: 'powerpc64', ppc: 'powerpc', armv7l: 'arm', armhf: 'arm', armel: 'arm',
  loong64: 'loongarch64', riscv: 'riscv64',
};

/** The report's machine name for `name` (a report name or an alias, any case), or null when unknown. */
export function normalizeMachine(name: string): string | null {
  const n = name.toLowerCase();
  if (MACHINE_NAMES.includes(n)) return n;
  return MACHINE_ALIASES[n] ?? null;
}

/** Namespaces the platform policies know (auditwheel's data), upper case. */
export const KNOWN_NAMESPACES: readonly string[] = [...new Set(WHEEL_POLICIES.flatMap((p) => Object.values(p.arches).flatMap((a) => Object.keys(a!.versions))))].sort();

/**
 * Checks a `--max NS=V` argument. Returns `[namespace, version]` or an error message. The
 * namespace is one a version name can have (`^[A-Za-z_]+$`, as `maxVersions` splits names); one
 * that differs from a known namespace only by case is refused, since names are case-sensitive
 * and it would cap nothing.
 */
export function parseMaxArg(arg: string): [string, string] | string {
  const eq = arg.indexOf('=');
  const ns = eq < 0 ? arg : arg.slice(0, eq);
  const v = eq < 0 ? '' : arg.slice(eq + 1);
  if (!ns || !v) return `--max needs NAMESPACE=VERSION (GLIBCXX=3.4.19), not ${JSON.stringify(arg)}`;
  if (!/^[A-Za-z_]+$/.test(ns) || ns.startsWith('_') || ns.endsWith('_')) {
    return `--max: ${JSON.stringify(ns)} is no version namespace (letters and inner underscores, as in GLIBCXX or CXXABI_TM)`;
  }
  const known = KNOWN_NAMESPACES.find((k) => k.toLowerCase() === ns.toLowerCase());
  if (known && known !== ns) return `--max: namespaces are case-sensitive: ${JSON.stringify(ns)} would cap nothing; did you mean ${known}?`;
  if (!/^[0-9]+(\.[0-9]+)*$/.test(v)) return `--max: ${JSON.stringify(v)} is no version (digits and dots, like 3.4.19)`;
  return [ns, v];
}
