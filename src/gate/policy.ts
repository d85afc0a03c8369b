import { compareVersions } from '../query/version.js';
import type { DistroData } from './presets.js';
import type { WheelArch, WheelPolicyData } from './wheel.js';

/**
 * A platform the files must run on: an auditwheel policy (`wheel`) or a distribution release
 * (`distro`), for the architecture `arch` pins or, when null, each file's own.
 */
export type PlatformPolicy =
  | { kind: 'wheel'; label: string; arch: WheelArch | null; data: WheelPolicyData }
  | { kind: 'distro'; label: string; arch: WheelArch | null; data: DistroData };

/** A gate policy (docs/ci.md). Every part is optional; an empty policy passes everything readable. */
export interface Policy {
  /** Ceilings per version namespace (`GLIBC` is compared with the report's glibcFloor). */
  max: Record<string, string>;
  /** Required e_machine (normalized name, e.g. `aarch64`). */
  machine?: string;
  /** Protections that must be declared: feature names, `relro=full`/`relro=partial`. */
  require: string[];
  /** DT_NEEDED / import names that fail the gate (globs). */
  denyNeeded: string[];
  /** When non-empty, every needed library must match one of these globs. */
  allowNeeded: string[];
  /** Required linkage. */
  linkage?: 'static' | 'static-pie' | 'dynamic';
  /** Required C library. */
  libc?: string;
  /** Go binaries built by an older Go release fail (`--min-go`, e.g. `1.21.5`). */
  minGo?: string;
  /** false: a Go binary built with cgo on fails (`--no-cgo`). */
  cgo?: boolean;
  /** A `--require`d protection the file cannot tell (canary of a stripped static file) is a note, not a failure (`--allow-unknown`). */
  allowUnknown?: boolean;
  /** A packed file (UPX) fails (`--deny-packed`). */
  denyPacked?: boolean;
  /** Platforms every file must satisfy (`--policy`); all of them apply. */
  platforms: PlatformPolicy[];
  /** Anomaly codes (docs/loader.md) that do not fail the gate even when they touch a checked fact. */
  allowAnomalies?: string[];
}

export const emptyPolicy = (): Policy => ({ max: {}, require: [], denyNeeded: [], allowNeeded: [], platforms: [] });

/** Merges `b` into `a`: the lower ceiling wins per namespace; lists are concatenated. */
export function mergePolicies(a: Policy, b: Partial<Policy>): Policy {
  const max = { ...a.max };
  for (const [ns, v] of Object.entries(b.max ?? {})) {
    const cur = max[ns];
    max[ns] = cur === undefined || compareVersions(v, cur) < 0 ? v : cur;
  }
  return {
    max,
    machine: b.machine ?? a.machine,
    require: [...a.require, ...(b.require ?? [])],
    denyNeeded: [...a.denyNeeded, ...(b.denyNeeded ?? [])],
    allowNeeded: [...a.allowNeeded, ...(b.allowNeeded ?? [])],
    linkage: b.linkage ?? a.linkage,
    libc: b.libc ?? a.libc,
    // The higher Go release wins, as the lower ceiling does for versions; cgo off once asked stays off.
    minGo: a.minGo === undefined || (b.minGo !== undefined && compareVersions(b.minGo, a.minGo) > 0) ? (b.minGo ?? a.minGo) : a.minGo,
    cgo: a.cgo === false || b.cgo === false ? false : (b.cgo ?? a.cgo),
    allowUnknown: a.allowUnknown || b.allowUnknown || undefined,
    denyPacked: a.denyPacked || b.denyPacked || undefined,
    platforms: [...a.platforms, ...(b.platforms ?? [])],
    allowAnomalies: [...(a.allowAnomalies ?? []), ...(b.allowAnomalies ?? [])],
  };
}
