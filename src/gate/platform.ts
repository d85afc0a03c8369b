/**
 * Judging one report against a platform policy (`--policy`): an auditwheel policy or a
 * distribution release, per the file's architecture (or the one the name pins).
 */
import { GLIBC_ABI_MARKERS } from '../query/glibc.js';
import { compareVersions } from '../query/version.js';
import type { AnyReport } from '../report/report.js';
import type { PlatformPolicy } from './policy.js';
import type { DistroArch, DistroData } from './presets.js';
import { type WheelArch, WHEEL_ARCHES, checkIsa, checkPlatformBase, checkWheelArch, namespaceOf, symbolsOf } from './wheel.js';
import type { Violation } from './violation.js';

type Sym = NonNullable<Violation['symbols']>[number];

/**
 * The violations of `r` against `p` ([] when it satisfies it). `r` must be readable (see
 * `unreadable`); `shipped`: normalized paths of the files checked with it (see `shippedWith`).
 */
export function checkPlatform(r: AnyReport, p: PlatformPolicy, shipped: ReadonlySet<string> = new Set()): Violation[] {
  const arches = WHEEL_ARCHES.filter((a) => a in p.data.arches);
  const libc = p.kind === 'wheel' ? p.data.libc : 'glibc';
  const base = checkPlatformBase(r, { label: p.label, arch: p.arch, libc, arches });
  if (base.arch === null) return base.out;
  return [...base.out, ...(p.kind === 'wheel' ? checkWheelArch(r, p.data, base.arch, p.label, shipped) : checkDistroArch(r, p.data, base.arch, p.label))];
}

const NUMERIC = /^[0-9]+(\.[0-9]+)*$/;
const CAPPED = ['GLIBC', 'GLIBCXX', 'CXXABI', 'GCC'] as const;

/**
 * A distribution release on `arch`: every Vernaux name in the GLIBC, GLIBCXX, CXXABI and GCC
 * namespaces must be at most the release's ceiling (numeric names; `GLIBC_ABI_*` markers by the
 * glibc release that introduced them) or one of the non-numeric names the release defines
 * (`GLIBC_PRIVATE` never is); x86_64 files must not need an ISA level above the release's.
 */
export function checkDistroArch(r: AnyReport, d: DistroData, arch: WheelArch, label: string): Violation[] {
  const file = r.path ?? '';
  const a: DistroArch = d.arches[arch]!;
  const above = new Map<string, Sym[]>();
  const unknown = new Map<string, Sym[]>();
  for (const req of r.versionRequirements ?? []) {
    for (const v of req.versions) {
      const ns = namespaceOf(v);
      if (!(CAPPED as readonly string[]).includes(ns)) continue;
      const rest = v.slice(ns.length + 1);
      const ceiling = a[ns as (typeof CAPPED)[number]];
      const marker = ns === 'GLIBC' ? GLIBC_ABI_MARKERS.get(v) : undefined;
      const release = NUMERIC.test(rest) ? rest : marker?.release;
      if (release !== undefined) {
        if (compareVersions(release, ceiling) > 0) above.set(ns, [...(above.get(ns) ?? []), ...symbolsOf(r, req.file, v)]);
      } else if (!a.names.includes(v)) {
        unknown.set(ns, [...(unknown.get(ns) ?? []), ...symbolsOf(r, req.file, v)]);
      }
    }
  }
  const out: Violation[] = [];
  for (const ns of CAPPED) {
    const syms = above.get(ns);
    if (syms) {
      const top = syms.map((s) => GLIBC_ABI_MARKERS.get(s.version)?.release ?? s.version.slice(ns.length + 1)).sort(compareVersions).at(-1)!;
      out.push({ file, rule: 'version-ceiling', level: 'error', namespace: ns, old: a[ns], new: top, symbols: syms,
        message: `needs ${ns} ${top}, above ${label}'s ${a[ns]} on ${arch}` });
    }
    const odd = unknown.get(ns);
    if (odd) {
      const names = [...new Set(odd.map((s) => s.version))];
      out.push({ file, rule: 'version-not-allowed', level: 'error', namespace: ns, old: label, new: names.join(','), symbols: odd,
        message: `needs ${names.join(', ')}, which ${label} does not define on ${arch}` });
    }
  }
  const isa = checkIsa(r, arch, a.isa ?? 'x86-64-baseline', label);
  if (isa) out.push(isa);
  return out;
}
