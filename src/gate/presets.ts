/**
 * Named policies for `--policy`: auditwheel's manylinux/musllinux policies (generated data, see
 * wheel.ts) under their names, aliases and wheel-tag forms, and distribution presets whose values
 * come from the distribution's own packages (docs/ci.md "Policy presets").
 */
import { AUDITWHEEL_COMMIT, WHEEL_POLICIES } from './policies.generated.js';
import type { Policy } from './policy.js';
import { WHEEL_ARCHES, type WheelArch, type WheelPolicyData } from './wheel.js';

/** A distribution's ceilings on one architecture, and the non-numeric version names it defines. */
export interface DistroArch {
  GLIBC: string;
  GLIBCXX: string;
  CXXABI: string;
  GCC: string;
  /** Non-numeric version names the release defines (`CXXABI_TM_1`, `CXXABI_FLOAT128`, `GLIBC_ABI_DT_RELR`). */
  names: readonly string[];
  /** x86_64 only: the ISA level the release requires of its CPUs (`x86-64-baseline` unless said). */
  isa?: string;
}

/** A distribution release and where each value comes from. */
export interface DistroData {
  name: string;
  aliases: readonly string[];
  family: 'rhel' | 'debian' | 'ubuntu' | 'amazonlinux' | 'opensuse';
  /** The packages the values are those of (glibc, libstdc++, libgcc_s), and whether launch or current image. */
  packages: string;
  /** The release's glibc version and the GCC release its libstdc++ and libgcc_s come from. */
  glibc: string;
  gcc: string;
  /** Per architecture: its values and the scan that cross-checks them. */
  arches: Readonly<Partial<Record<WheelArch, DistroArch & { scan: string }>>>;
}

/** A built-in policy: what `--policy NAME` adds to the policy, and where its values come from. */
export interface Preset {
  name: string;
  aliases: readonly string[];
  family: 'manylinux' | 'musllinux' | DistroData['family'];
  /** The architectures it covers. */
  arches: readonly WheelArch[];
  policy: Partial<Policy>;
  source: string;
}

const SCAN = 'mayeut/pep600_compliance cache';

/** pep600_compliance's scan of the release image, file `cache/<arch>/<image>.json` at a commit. */
const scan = (arch: string, image: string, commit: string): string => `${SCAN}/${arch}/${image}.json @ ${commit.slice(0, 12)}`;

const TM = 'CXXABI_TM_1';
const F128 = 'CXXABI_FLOAT128';
const RELR = 'GLIBC_ABI_DT_RELR';

/**
 * Distribution releases. GLIBC is the highest GLIBC_x.y node the release's libc defines on the
 * architecture (the glibc version, except aarch64 glibc 2.17 ports that define GLIBC_2.18 for
 * `_mcount`); GLIBCXX/CXXABI those of its libstdc++; GCC the highest GCC_x node of its libgcc_s
 * (which differs per architecture: x86_64 libgcc_s of GCC 8 to 11 stops at GCC_7.0.0, aarch64's
 * at GCC_7.0.0 then GCC_11.0). Every value is checked against the package versions in
 * test/gate/presets.test.ts and against the named scan of the real image.
 */
export const DISTROS: readonly DistroData[] = [
  {
    name: 'rhel-7', aliases: ['centos-7'], family: 'rhel',
    glibc: '2.17', gcc: '4.8.5',
    packages: 'RHEL 7 / CentOS 7: glibc-2.17, libstdc++ and libgcc from GCC 4.8.5 (unchanged for the release\'s life)',
    arches: {
      x86_64: { GLIBC: '2.17', GLIBCXX: '3.4.19', CXXABI: '1.3.7', GCC: '4.8.0', names: [TM], scan: scan('x86_64', 'centos-7', '4ffe6a77b21884e3b58ad7c7f410ecdf0ee6f993') },
      aarch64: { GLIBC: '2.18', GLIBCXX: '3.4.19', CXXABI: '1.3.7', GCC: '4.7.0', names: [TM], scan: scan('aarch64', 'centos-7', '2a1caa630addebb36e123fb39961b4846a15214c') },
    },
  },
  {
    name: 'rhel-8', aliases: ['centos-8', 'rocky-8', 'alma-8'], family: 'rhel',
    glibc: '2.28', gcc: '8.5.0',
    packages: 'RHEL 8: glibc-2.28, libstdc++ and libgcc from GCC 8.5 (GA had 8.2; same version nodes)',
    arches: {
      x86_64: { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'almalinux-8', 'e464170f00f0a000bd505ba24fe4740b5ca88b3b') },
      aarch64: { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM], scan: scan('aarch64', 'rockylinux-8', '084dc2c3a7fd215f0f2b2d5344bac54527184d37') },
    },
  },
  {
    name: 'rhel-9', aliases: ['centos-9', 'rocky-9', 'alma-9'], family: 'rhel',
    glibc: '2.34', gcc: '11.5.0',
    packages: 'RHEL 9: glibc-2.34, libstdc++ and libgcc from GCC 11 (11.5 today; same version nodes as GA); x86_64 requires x86-64-v2 CPUs (RHEL 9 release notes)',
    arches: {
      x86_64: { GLIBC: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '7.0.0', names: [TM, F128], isa: 'x86-64-v2', scan: scan('x86_64', 'oraclelinux-9', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
      aarch64: { GLIBC: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '11.0', names: [TM], scan: scan('aarch64', 'rockylinux-9', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
    },
  },
  {
    name: 'debian-10', aliases: ['buster'], family: 'debian',
    glibc: '2.28', gcc: '8.3.0',
    packages: 'Debian 10: libc6 2.28-10, libstdc++6 and libgcc1 8.3.0-6',
    arches: {
      x86_64: { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'debian-10', '39d0f947a9c2942758dab061bc42d616cb7b8500') },
      aarch64: { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM], scan: scan('aarch64', 'debian-10', '2a1caa630addebb36e123fb39961b4846a15214c') },
    },
  },
  {
    name: 'debian-11', aliases: ['bullseye'], family: 'debian',
    glibc: '2.31', gcc: '10.2.1',
    packages: 'Debian 11: libc6 2.31-13, libstdc++6 and libgcc-s1 10.2.1-6',
    arches: {
      x86_64: { GLIBC: '2.31', GLIBCXX: '3.4.28', CXXABI: '1.3.12', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'debian-11', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
      aarch64: { GLIBC: '2.31', GLIBCXX: '3.4.28', CXXABI: '1.3.12', GCC: '7.0.0', names: [TM], scan: scan('aarch64', 'debian-11', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
    },
  },
  {
    name: 'debian-12', aliases: ['bookworm'], family: 'debian',
    glibc: '2.36', gcc: '12.2.0',
    packages: 'Debian 12: libc6 2.36-9, libstdc++6 and libgcc-s1 12.2.0-14',
    arches: {
      x86_64: { GLIBC: '2.36', GLIBCXX: '3.4.30', CXXABI: '1.3.13', GCC: '12.0.0', names: [TM, F128, RELR], scan: scan('x86_64', 'debian-12', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
      aarch64: { GLIBC: '2.36', GLIBCXX: '3.4.30', CXXABI: '1.3.13', GCC: '11.0', names: [TM, RELR], scan: scan('aarch64', 'debian-12', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
    },
  },
  {
    name: 'ubuntu-18.04', aliases: ['bionic'], family: 'ubuntu',
    glibc: '2.27', gcc: '8.4.0',
    packages: 'Ubuntu 18.04: libc6 2.27-3ubuntu1, libstdc++6 and libgcc1 8.4.0-1ubuntu1~18.04 (GA had 8-20180414; same version nodes)',
    arches: {
      x86_64: { GLIBC: '2.27', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'ubuntu-18.04', '39d0f947a9c2942758dab061bc42d616cb7b8500') },
      aarch64: { GLIBC: '2.27', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM], scan: scan('aarch64', 'ubuntu-18.04', '2a1caa630addebb36e123fb39961b4846a15214c') },
    },
  },
  {
    name: 'ubuntu-20.04', aliases: ['focal'], family: 'ubuntu',
    glibc: '2.31', gcc: '10.5.0',
    packages: 'Ubuntu 20.04: libc6 2.31-0ubuntu9, libstdc++6 and libgcc-s1 10.5.0-1ubuntu1~20.04 (GA had 10-20200411; same version nodes)',
    arches: {
      x86_64: { GLIBC: '2.31', GLIBCXX: '3.4.28', CXXABI: '1.3.12', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'ubuntu-20.04', 'e244cf36218f73097eb7c2c5de48c8d3c57d573e') },
      // No aarch64 scan of 20.04: its glibc 2.31 and GCC 10 libgcc_s/libstdc++ are the upstream releases Debian 11 ships.
      aarch64: { GLIBC: '2.31', GLIBCXX: '3.4.28', CXXABI: '1.3.12', GCC: '7.0.0', names: [TM], scan: `${scan('aarch64', 'debian-11', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2')} (same glibc and GCC releases)` },
    },
  },
  {
    name: 'ubuntu-22.04', aliases: ['jammy'], family: 'ubuntu',
    glibc: '2.35', gcc: '12.3.0',
    packages: 'Ubuntu 22.04: libc6 2.35-0ubuntu3, libstdc++6 and libgcc-s1 12.3.0-1ubuntu1~22.04 (GA had 12-20220319; same version nodes)',
    arches: {
      x86_64: { GLIBC: '2.35', GLIBCXX: '3.4.30', CXXABI: '1.3.13', GCC: '12.0.0', names: [TM, F128], scan: scan('x86_64', 'ubuntu-22.04', '3c9acc6c7a6ec88fb66efefc75f8df5baa577490') },
      aarch64: { GLIBC: '2.35', GLIBCXX: '3.4.30', CXXABI: '1.3.13', GCC: '11.0', names: [TM], scan: scan('aarch64', 'ubuntu-22.04', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2') },
    },
  },
  {
    name: 'ubuntu-24.04', aliases: ['noble'], family: 'ubuntu',
    glibc: '2.39', gcc: '14-20240412',
    packages: 'Ubuntu 24.04 launch image: libc6 2.39-0ubuntu8, libstdc++6 and libgcc-s1 14-20240412-0ubuntu1 (a GCC 14 snapshot: GLIBCXX_3.4.32 is its last node). The current image\'s 14.2.0-4ubuntu2~24.04 adds GLIBCXX_3.4.33; the preset keeps the launch ceiling, which every 24.04 image meets',
    arches: {
      x86_64: { GLIBC: '2.39', GLIBCXX: '3.4.32', CXXABI: '1.3.15', GCC: '14.0.0', names: [TM, F128, RELR], scan: scan('x86_64', 'ubuntu-24.04', '0486a5c1c9c411054ad3ad63b16197681df9378f') },
      aarch64: { GLIBC: '2.39', GLIBCXX: '3.4.32', CXXABI: '1.3.15', GCC: '14.0.0', names: [TM, RELR], scan: scan('aarch64', 'ubuntu-24.04', '0486a5c1c9c411054ad3ad63b16197681df9378f') },
    },
  },
  {
    name: 'amazonlinux-2', aliases: ['al2'], family: 'amazonlinux',
    glibc: '2.26', gcc: '7.3.1',
    packages: 'Amazon Linux 2: glibc-2.26, libstdc++ and libgcc from GCC 7.3',
    arches: {
      x86_64: { GLIBC: '2.26', GLIBCXX: '3.4.24', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'amazonlinux-2', '39d0f947a9c2942758dab061bc42d616cb7b8500') },
      aarch64: { GLIBC: '2.26', GLIBCXX: '3.4.24', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM], scan: scan('aarch64', 'amazonlinux-2', '2a1caa630addebb36e123fb39961b4846a15214c') },
    },
  },
  {
    name: 'amazonlinux-2023', aliases: ['al2023'], family: 'amazonlinux',
    glibc: '2.34', gcc: '11.3.1',
    packages: 'Amazon Linux 2023 launch image: glibc-2.34, libstdc++ and libgcc from GCC 11.3. Later AL2023 images ship libstdc++ and libgcc from GCC 14 (GLIBCXX_3.4.33, aarch64 GCC_14.0.0; pep600_compliance aarch64 scan @ 3ccd8f865f85); the preset keeps the launch ceiling, which every AL2023 image meets',
    arches: {
      x86_64: { GLIBC: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'amazonlinux-2023', '11df00373f6703ccb32ca8c85b0f53f0ba556358') },
      // Launch aarch64 libgcc_s is GCC 11's, whose last aarch64 node is GCC_11.0 (as RHEL 9's GCC 11 on aarch64).
      aarch64: { GLIBC: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '11.0', names: [TM], scan: `${scan('aarch64', 'rockylinux-9', '3ccd8f865f8513bcea9ccc1361ad20595392e9a2')} (same glibc and GCC releases)` },
    },
  },
  {
    name: 'opensuse-15.0', aliases: ['leap-15.0'], family: 'opensuse',
    glibc: '2.26', gcc: '8',
    packages: 'openSUSE Leap 15.0: glibc-2.26, libstdc++6 and libgcc_s1 from GCC 8 (the gcc8 runtime)',
    arches: {
      x86_64: { GLIBC: '2.26', GLIBCXX: '3.4.25', CXXABI: '1.3.11', GCC: '7.0.0', names: [TM, F128], scan: scan('x86_64', 'opensuse-15.0', '210b24b576cfb072add1af243100c2a585f38978') },
    },
  },
];

const archesOf = (o: object): WheelArch[] => WHEEL_ARCHES.filter((a) => a in o);

export const PRESETS: readonly Preset[] = [
  ...WHEEL_POLICIES.map((p): Preset => ({
    name: p.name, aliases: p.aliases, family: p.libc === 'musl' ? 'musllinux' : 'manylinux', arches: archesOf(p.arches),
    policy: { platforms: [{ kind: 'wheel', label: p.name, arch: null, data: p }] },
    source: `auditwheel ${p.libc === 'musl' ? 'musllinux' : 'manylinux'}-policy.json @ ${AUDITWHEEL_COMMIT.slice(0, 12)}`,
  })),
  ...DISTROS.map((d): Preset => ({
    name: d.name, aliases: d.aliases, family: d.family, arches: archesOf(d.arches),
    policy: { platforms: [{ kind: 'distro', label: d.name, arch: null, data: d }] },
    source: d.packages,
  })),
];

/** The preset called `name` (or one of its aliases; case-insensitive), or undefined. */
export function findPreset(name: string): Preset | undefined {
  const n = name.toLowerCase();
  return PRESETS.find((p) => p.name === n || p.aliases.includes(n));
}

/**
 * Resolves a `--policy` name: a preset name or alias, or a wheel tag's platform part
 * (`manylinux_2_17_aarch64`, `manylinux2014_x86_64`, `musllinux_1_2_armv7l`), which pins the
 * architecture. Returns the policy part to merge, or null for an unknown name.
 */
export function resolvePolicy(name: string): { preset: Preset; arch: WheelArch | null; policy: Partial<Policy> } | null {
  const n = name.toLowerCase();
  const whole = findPreset(n);
  if (whole) return { preset: whole, arch: null, policy: whole.policy };
  for (const arch of WHEEL_ARCHES) {
    if (!n.endsWith(`_${arch}`)) continue;
    const base = findPreset(n.slice(0, -arch.length - 1));
    if (!base || (base.family !== 'manylinux' && base.family !== 'musllinux')) continue;
    const data = (base.policy.platforms![0]! as { data: WheelPolicyData }).data;
    if (!data.arches[arch]) continue;
    return { preset: base, arch, policy: { platforms: [{ kind: 'wheel', label: n, arch, data }] } };
  }
  return null;
}

/** Every name `--policy` takes: presets, aliases and their wheel-tag forms. */
export function policyNames(): string[] {
  const names: string[] = [];
  for (const p of PRESETS) {
    names.push(p.name, ...p.aliases);
    if (p.family === 'manylinux' || p.family === 'musllinux') {
      for (const a of p.arches) for (const n of [p.name, ...p.aliases]) names.push(`${n}_${a}`);
    }
  }
  return names;
}

/** Levenshtein distance (small strings only). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `n` known policy names nearest to an unknown one (edit distance), nearest first. */
export function suggestPolicies(name: string, n = 3): string[] {
  const q = name.toLowerCase();
  return policyNames()
    .map((x) => [x, distance(q, x)] as const)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([x]) => x);
}
