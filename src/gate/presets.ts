import type { Policy } from './policy.js';

/** A built-in policy: ceilings per namespace and where each number comes from (docs/ci.md). */
export interface Preset {
  name: string;
  aliases: string[];
  /** Ordering key within a family: a later preset of the same family never has a lower ceiling. */
  family: 'manylinux' | 'musllinux' | 'rhel' | 'debian' | 'ubuntu' | 'amazonlinux' | 'sles';
  policy: Partial<Policy> & { libc?: 'musl' | 'glibc' };
  source: string;
}

const AUDITWHEEL = 'auditwheel src/auditwheel/policy/manylinux-policy.json (commit 2d1ad63), x86_64 symbol_versions; glibc from the PEP 600 tag';

/** manylinux: PEP 513/571/599/600 tags; GLIBCXX/CXXABI/GCC ceilings from auditwheel's policy data (x86_64). */
const MANYLINUX: Array<[string, string[], string, string, string, string]> = [
  // name, aliases, GLIBC, GLIBCXX, CXXABI, GCC
  ['manylinux_2_5', ['manylinux1'], '2.5', '3.4.8', '1.3.1', '4.2.0'],
  ['manylinux_2_12', ['manylinux2010'], '2.12', '3.4.13', '1.3.3', '4.3.0'],
  ['manylinux_2_17', ['manylinux2014'], '2.17', '3.4.19', '1.3.7', '4.8.0'],
  ['manylinux_2_24', [], '2.24', '3.4.22', '1.3.10', '4.8.0'],
  ['manylinux_2_26', [], '2.26', '3.4.22', '1.3.10', '4.8.0'],
  ['manylinux_2_27', [], '2.27', '3.4.24', '1.3.11', '7.0.0'],
  ['manylinux_2_28', [], '2.28', '3.4.24', '1.3.11', '7.0.0'],
  ['manylinux_2_31', [], '2.31', '3.4.28', '1.3.12', '7.0.0'],
  ['manylinux_2_34', [], '2.34', '3.4.29', '1.3.13', '7.0.0'],
  ['manylinux_2_35', [], '2.35', '3.4.30', '1.3.13', '12.0.0'],
  ['manylinux_2_36', [], '2.36', '3.4.30', '1.3.13', '12.0.0'],
  ['manylinux_2_37', [], '2.37', '3.4.30', '1.3.13', '12.0.0'],
  ['manylinux_2_38', [], '2.38', '3.4.30', '1.3.13', '12.0.0'],
  ['manylinux_2_39', [], '2.39', '3.4.33', '1.3.15', '14.0.0'],
  ['manylinux_2_40', [], '2.40', '3.4.33', '1.3.15', '14.0.0'],
  ['manylinux_2_41', [], '2.41', '3.4.33', '1.3.15', '14.0.0'],
  ['manylinux_2_42', [], '2.42', '3.4.34', '1.3.15', '14.0.0'],
  ['manylinux_2_43', [], '2.43', '3.4.34', '1.3.15', '14.0.0'],
];

/**
 * Distribution baselines: the glibc of the release and the libstdc++ it ships (GLIBCXX/CXXABI by
 * GCC release, per the libstdc++ manual "ABI Policy and Guidelines", section "History").
 */
const DISTROS: Array<[Preset['family'], string, string[], string, string, string, string]> = [
  // family, name, aliases, GLIBC, GLIBCXX, CXXABI, source
  ['rhel', 'rhel-7', ['centos-7'], '2.17', '3.4.19', '1.3.7', 'RHEL 7: glibc-2.17, libstdc++ from GCC 4.8.5'],
  ['rhel', 'rhel-8', ['centos-8', 'rocky-8', 'alma-8'], '2.28', '3.4.25', '1.3.11', 'RHEL 8: glibc-2.28, libstdc++ from GCC 8.5'],
  ['rhel', 'rhel-9', ['centos-9', 'rocky-9', 'alma-9'], '2.34', '3.4.29', '1.3.13', 'RHEL 9: glibc-2.34, libstdc++ from GCC 11'],
  ['debian', 'debian-10', ['buster'], '2.28', '3.4.25', '1.3.11', 'Debian 10: libc6 2.28, libstdc++6 8.3'],
  ['debian', 'debian-11', ['bullseye'], '2.31', '3.4.28', '1.3.12', 'Debian 11: libc6 2.31, libstdc++6 10.2'],
  ['debian', 'debian-12', ['bookworm'], '2.36', '3.4.30', '1.3.13', 'Debian 12: libc6 2.36, libstdc++6 12.2'],
  ['ubuntu', 'ubuntu-18.04', ['bionic'], '2.27', '3.4.25', '1.3.11', 'Ubuntu 18.04: libc6 2.27, libstdc++6 8.4'],
  ['ubuntu', 'ubuntu-20.04', ['focal'], '2.31', '3.4.28', '1.3.12', 'Ubuntu 20.04: libc6 2.31, libstdc++6 10.5'],
  ['ubuntu', 'ubuntu-22.04', ['jammy'], '2.35', '3.4.30', '1.3.13', 'Ubuntu 22.04: libc6 2.35, libstdc++6 12.3'],
  ['ubuntu', 'ubuntu-24.04', ['noble'], '2.39', '3.4.33', '1.3.15', 'Ubuntu 24.04: libc6 2.39, libstdc++6 14.2'],
  ['amazonlinux', 'amazonlinux-2', ['al2'], '2.26', '3.4.24', '1.3.11', 'Amazon Linux 2: glibc 2.26, libstdc++ from GCC 7.3'],
  ['amazonlinux', 'amazonlinux-2023', ['al2023'], '2.34', '3.4.29', '1.3.13', 'Amazon Linux 2023: glibc 2.34, libstdc++ from GCC 11'],
  ['sles', 'sles-15', ['sles-15-sp0'], '2.26', '3.4.24', '1.3.11', 'SLES 15 GA: glibc 2.26, GCC 7 as the system compiler (later service packs update glibc to 2.31 and libstdc++6 to newer GCCs)'],
];

export const PRESETS: readonly Preset[] = [
  ...MANYLINUX.map(([name, aliases, GLIBC, GLIBCXX, CXXABI, GCC]): Preset => ({
    name, aliases, family: 'manylinux', policy: { max: { GLIBC, GLIBCXX, CXXABI, GCC } }, source: AUDITWHEEL,
  })),
  // musllinux (PEP 656): the file must be built against musl; auditwheel's musllinux policies list no symbol versions.
  { name: 'musllinux_1_1', aliases: [], family: 'musllinux', policy: { libc: 'musl' }, source: 'PEP 656; auditwheel musllinux-policy.json (commit 3332e94)' },
  { name: 'musllinux_1_2', aliases: [], family: 'musllinux', policy: { libc: 'musl' }, source: 'PEP 656; auditwheel musllinux-policy.json (commit 3332e94)' },
  ...DISTROS.map(([family, name, aliases, GLIBC, GLIBCXX, CXXABI, source]): Preset => ({
    name, aliases, family, policy: { max: { GLIBC, GLIBCXX, CXXABI } }, source,
  })),
];

/** The preset called `name` (or one of its aliases), or undefined. */
export function findPreset(name: string): Preset | undefined {
  const n = name.toLowerCase();
  return PRESETS.find((p) => p.name === n || p.aliases.includes(n));
}
