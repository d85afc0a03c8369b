/**
 * Each distribution preset's values against the versions it cites: the glibc release, and the
 * GCC release its libstdc++ and libgcc_s come from, through the tables below (each with its
 * source). The machine's own release is also checked against its libraries (gate.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DISTROS } from '../../src/gate/presets.js';

/**
 * libstdc++ manual, "ABI Policy and Guidelines", section History: the last GLIBCXX_ and CXXABI_
 * node of each GCC release series. `14-snapshot`: GCC 14 before 14.1 (Ubuntu 24.04's launch
 * 14-20240412), whose last GLIBCXX node was 3.4.32 (pep600_compliance's scan of that image).
 */
const LIBSTDCXX: Record<string, [glibcxx: string, cxxabi: string]> = {
  '4.8': ['3.4.19', '1.3.7'], 7: ['3.4.24', '1.3.11'], 8: ['3.4.25', '1.3.11'], 10: ['3.4.28', '1.3.12'],
  11: ['3.4.29', '1.3.13'], 12: ['3.4.30', '1.3.13'], 14: ['3.4.33', '1.3.15'], '14-snapshot': ['3.4.32', '1.3.15'],
};

/**
 * The last GCC_ node of libgcc_s per GCC series and architecture (libgcc/libgcc-std.ver.in and the
 * per-target .ver files; x86_64 adds GCC_12.0.0 for the _Float16 helpers, aarch64 GCC_11.0 for
 * its __extendhftf2 family and GCC_14.0.0).
 */
const LIBGCC: Record<string, Record<string, string>> = {
  x86_64: { '4.8': '4.8.0', 7: '7.0.0', 8: '7.0.0', 10: '7.0.0', 11: '7.0.0', 12: '12.0.0', 14: '14.0.0' },
  aarch64: { '4.8': '4.7.0', 7: '7.0.0', 8: '7.0.0', 10: '7.0.0', 11: '11.0', 12: '11.0', 14: '14.0.0' },
};

const series = (gcc: string): string => (gcc.startsWith('4.8') ? '4.8' : /^\d+-\d{8}$/.test(gcc) ? `${gcc.split('-')[0]}-snapshot` : gcc.split('.')[0]!);

describe('distribution presets match the package versions they cite', () => {
  for (const d of DISTROS) {
    it(`${d.name}: glibc ${d.glibc}, GCC ${d.gcc}`, () => {
      expect(d.packages).toContain(d.glibc);
      expect(d.packages).toContain(d.gcc.split('.')[0]!);
      for (const [arch, a] of Object.entries(d.arches)) {
        // CentOS 7's aarch64 glibc 2.17 defines GLIBC_2.18 (_mcount); every other release's top node is its version.
        expect(a.GLIBC, `${d.name} ${arch} GLIBC`).toBe(d.name === 'rhel-7' && arch === 'aarch64' ? '2.18' : d.glibc);
        const [glibcxx, cxxabi] = LIBSTDCXX[series(d.gcc)]!;
        expect(a.GLIBCXX, `${d.name} ${arch} GLIBCXX`).toBe(glibcxx);
        expect(a.CXXABI, `${d.name} ${arch} CXXABI`).toBe(cxxabi);
        expect(a.GCC, `${d.name} ${arch} GCC`).toBe(LIBGCC[arch]![series(d.gcc).split('-')[0]!]);
        expect(a.scan).toMatch(/pep600_compliance cache\/(x86_64|aarch64)\/[a-z0-9.-]+\.json @ [0-9a-f]{12}/);
        expect(a.names).not.toContain('GLIBC_PRIVATE');
      }
    });
  }

  it('the presets that changed their runtime after launch say which image they follow', () => {
    for (const n of ['ubuntu-24.04', 'amazonlinux-2023']) expect(DISTROS.find((d) => d.name === n)!.packages).toMatch(/launch image[\s\S]*keeps the launch ceiling/);
  });
});
