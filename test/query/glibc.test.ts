import { describe, expect, it } from 'vitest';
import { ElfFile, inspect } from '../../src/index.js';
import { glibcFloor } from '../../src/query/glibc.js';
import {
  DT, ET, LAYOUTS, STB, STT, VER_FLG_WEAK, VERSYM_HIDDEN, buildElf, type ElfSpec, type VerneedSpec,
} from '../builders/elf.js';

type Layout = (typeof LAYOUTS)[number];

function elf(l: Layout, verneed: VerneedSpec[], extra: Partial<ElfSpec> = {}) {
  return buildElf({
    ...l, type: ET.DYN, interp: '/lib64/ld-linux-x86-64.so.2', needed: [...new Set(verneed.map((v) => v.file))], verneed,
    symbols: [{ name: 'main', shndx: 12, versym: 1 }], ...extra,
  });
}

describe.each(LAYOUTS)('glibc queries, Elf$class $endian endian', (l) => {
  it('glibcMax is numeric and component-wise, includes weak nodes, ignores GLIBC_PRIVATE', () => {
    const r = inspect(elf(l, [
      { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.9', other: 2 }, { name: 'GLIBC_2.10', other: 3, flags: VER_FLG_WEAK },
        { name: 'GLIBC_2.2.5', other: 4 }, { name: 'GLIBC_PRIVATE', other: 5 }] },
    ]).bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.glibcMax).toBe('2.10');
    expect(r.glibcFloor).toBe('2.10');
    expect(r.glibcFloorSymbols).toEqual([{ symbol: null, version: 'GLIBC_2.10', file: 'libc.so.6' }]);
  });

  it('GLIBC_PRIVATE alone gives no version; no GLIBC node gives null', () => {
    const r = inspect(elf(l, [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_PRIVATE', other: 2 }] }]).bytes);
    expect(r.glibcMax).toBeNull();
    expect(r.glibcFloor).toBeNull();
    expect(r.glibcFloorSymbols).toBeNull();
    expect(r.maxVersions).toEqual({});
    expect(r.versionRequirements).toEqual([{ file: 'libc.so.6', versions: ['GLIBC_PRIVATE'] }]);
    const none = inspect(buildElf({ ...l }).bytes);
    expect([none.glibcMax, none.glibcFloor]).toEqual([null, null]);
    expect(none.maxVersions).toEqual({});
    expect(none.symbolVersions).toEqual([]);
  });

  it('GLIBC_ABI_DT_RELR raises the floor to 2.36 and is named as the reason', () => {
    const r = inspect(elf(l, [
      { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.34', other: 2 }, { name: 'GLIBC_ABI_DT_RELR', other: 3 }] },
    ], { symbols: [{ name: 'puts', versym: 2 }] }).bytes);
    expect(r.glibcMax).toBe('2.34');
    expect(r.glibcFloor).toBe('2.36');
    expect(r.glibcFloorSymbols).toEqual([{ symbol: null, version: 'GLIBC_ABI_DT_RELR', file: 'libc.so.6' }]);
    expect(r.maxVersions).toEqual({ GLIBC: '2.34' });
  });

  it('a known marker below glibcMax does not lower or change the floor', () => {
    const r = inspect(elf(l, [
      { file: 'libc.so.6', aux: [{ name: 'GLIBC_ABI_DT_RELR', other: 2 }, { name: 'GLIBC_2.38', other: 3 }] },
    ], { symbols: [{ name: 'strlcpy', versym: 3 }] }).bytes);
    expect(r.glibcFloor).toBe('2.38');
    expect(r.glibcFloorSymbols).toEqual([{ symbol: 'strlcpy', version: 'GLIBC_2.38', file: 'libc.so.6' }]);
  });

  it('an unknown GLIBC_ABI_FOO marker: glibcFloor null with a fieldErrors entry, glibcMax still known', () => {
    const img = elf(l, [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.17', other: 2 }, { name: 'GLIBC_ABI_FOO', other: 3 }] }]);
    const r = inspect(img.bytes);
    expect(r.error).toBeNull();
    expect(r.glibcMax).toBe('2.17');
    expect(r.glibcFloor).toBeNull();
    const fe = r.fieldErrors.find((f) => f.field === 'glibcFloor');
    expect(fe?.code).toBe('UNSUPPORTED');
    expect(fe?.message).toContain('GLIBC_ABI_FOO');
    expect(fe?.offset).toBe(img.off.verneed[0]!.aux[1]);
    expect(r.glibcFloorSymbols).toBeNull();
    expect(r.maxVersions).toEqual({ GLIBC: '2.17' });
    expect(() => glibcFloor(ElfFile.fromBytes(img.bytes))).toThrow(/GLIBC_ABI_FOO/);
  });

  it('maxVersions: highest per namespace; CXXABI_TM_1 → CXXABI_TM; GNUTLS_3_4, PNG16_0, GLIBC_PRIVATE count for none', () => {
    const r = inspect(elf(l, [
      { file: 'libstdc++.so.6', aux: [{ name: 'GLIBCXX_3.4.9', other: 2 }, { name: 'GLIBCXX_3.4.29', other: 3 },
        { name: 'CXXABI_1.3.13', other: 4 }, { name: 'CXXABI_1.3', other: 5 }, { name: 'CXXABI_TM_1', other: 6 }] },
      { file: 'libgcc_s.so.1', aux: [{ name: 'GCC_7.0.0', other: 7 }, { name: 'GCC_3.0', other: 8 }] },
      { file: 'libz.so.1', aux: [{ name: 'ZLIB_1.2.3.4', other: 9 }] },
      { file: 'libLLVM.so', aux: [{ name: 'LLVM_14', other: 10 }] },
      { file: 'libgnutls.so.30', aux: [{ name: 'GNUTLS_3_4', other: 11 }] },
      { file: 'libpng16.so.16', aux: [{ name: 'PNG16_0', other: 12 }] },
      { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 13 }, { name: 'GLIBC_PRIVATE', other: 14 }, { name: 'GLIBC_2.14', other: 15 }] },
    ]).bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.maxVersions).toEqual({
      CXXABI: '1.3.13', CXXABI_TM: '1', GCC: '7.0.0', GLIBC: '2.14', GLIBCXX: '3.4.29', LLVM: '14', ZLIB: '1.2.3.4',
    });
    expect(Object.keys(r.maxVersions!)).toEqual(['CXXABI', 'CXXABI_TM', 'GCC', 'GLIBC', 'GLIBCXX', 'LLVM', 'ZLIB']);
  });

  it('symbolVersions: symbols naming a Vernaux, in table order, with weak / hidden / defined', () => {
    const img = elf(l, [
      { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 2 }, { name: 'GLIBC_2.34', other: 3 }] },
      { file: 'libm.so.6', aux: [{ name: 'GLIBC_2.29', other: 4 }] },
    ], {
      verdef: [{ ndx: 1, flags: 1, names: ['libme.so'] }, { ndx: 5, names: ['ME_1'] }],
      symbols: [
        { name: 'printf', versym: 2 },
        { name: 'mine', shndx: 12, versym: 5 },
        { name: 'stdout', type: STT.OBJECT, shndx: 25, value: 0x4000n, size: 8n, versym: 2 },
        { name: 'exp', versym: 4 | VERSYM_HIDDEN },
        { name: '__cxa_finalize', bind: STB.WEAK, versym: 2 },
        { name: 'local_thing', versym: 0 },
        { name: 'unversioned', versym: 1 },
        { name: '__libc_start_main', versym: 3 },
      ],
    });
    const r = inspect(img.bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.symbolVersions).toEqual([
      { symbol: 'printf', version: 'GLIBC_2.2.5', file: 'libc.so.6', weak: false, hidden: false, defined: false },
      { symbol: 'stdout', version: 'GLIBC_2.2.5', file: 'libc.so.6', weak: false, hidden: false, defined: true },
      { symbol: 'exp', version: 'GLIBC_2.29', file: 'libm.so.6', weak: false, hidden: true, defined: false },
      { symbol: '__cxa_finalize', version: 'GLIBC_2.2.5', file: 'libc.so.6', weak: true, hidden: false, defined: false },
      { symbol: '__libc_start_main', version: 'GLIBC_2.34', file: 'libc.so.6', weak: false, hidden: false, defined: false },
    ]);
    expect(r.glibcFloor).toBe('2.34');
    expect(r.glibcFloorSymbols).toEqual([{ symbol: '__libc_start_main', version: 'GLIBC_2.34', file: 'libc.so.6' }]);
  });

  it('symbolVersions works with a GNU hash (walk) as with DT_HASH', () => {
    const spec = {
      verdef: undefined,
      symbols: ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ name, versym: i % 2 === 0 ? 2 : 3 })),
    };
    const vn = [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.3', other: 2 }, { name: 'GLIBC_2.4', other: 3 }] }];
    const sysv = inspect(elf(l, vn, { ...spec, hash: 'sysv' }).bytes).symbolVersions!;
    const gnuImg = elf(l, vn, { ...spec, hash: 'gnu', gnuHash: { nbuckets: 3 } });
    const gnu = inspect(gnuImg.bytes).symbolVersions!;
    expect(sysv.map((s) => [s.symbol, s.version])).toEqual([['a', 'GLIBC_2.3'], ['b', 'GLIBC_2.4'], ['c', 'GLIBC_2.3'], ['d', 'GLIBC_2.4'], ['e', 'GLIBC_2.3']]);
    const order = gnuImg.symbolOrder.slice(1);
    expect(gnu.map((s) => s.symbol)).toEqual(order);
    expect(new Set(gnu.map((s) => `${s.symbol}@${s.version}`))).toEqual(new Set(sysv.map((s) => `${s.symbol}@${s.version}`)));
  });

  it('a floor node no symbol uses is listed with symbol null', () => {
    const r = inspect(elf(l, [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.3.4', other: 2 }, { name: 'GLIBC_2.33', other: 3 }] }],
      { symbols: [{ name: 'x', versym: 2 }] }).bytes);
    expect(r.glibcFloor).toBe('2.33');
    expect(r.glibcFloorSymbols).toEqual([{ symbol: null, version: 'GLIBC_2.33', file: 'libc.so.6' }]);
  });

  it('a corrupt Verneed chain leaves every version field null with fieldErrors (never [] or {})', () => {
    const img = elf(l, [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.3', other: 2 }] }]);
    img.u32(img.off.verneed[0]!.aux[0]! + 12, 0x7ffffff0); // vna_next past the end of the file
    const r = inspect(img.bytes);
    for (const f of ['versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'maxVersions', 'symbolVersions'] as const) {
      expect(r[f], f).toBeNull();
      expect(r.fieldErrors.find((e) => e.field === f)?.code, f).toBe('TRUNCATED');
    }
    expect(r.needed).toEqual(['libc.so.6']);
  });
});
