import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { walkChain } from '../../src/elf/chain.js';
import { DT, LAYOUTS, VER_FLG_WEAK, buildElf, caught, elfHash, type VerneedSpec } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

const VERNEED: VerneedSpec[] = [
  { file: 'libm.so.6', aux: [{ name: 'GLIBC_2.29', other: 4 }] },
  { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 2 }, { name: 'GLIBC_PRIVATE', other: 5 }, { name: 'GLIBC_2.34', other: 3, flags: VER_FLG_WEAK }] },
  { file: 'ld-linux-x86-64.so.2', aux: [{ name: 'GLIBC_2.3', other: 6 }] },
];

describe.each(LAYOUTS)('Elf_Verneed / Elf_Vernaux, Elf$class $endian endian', (l) => {
  const spec = { ...l, needed: ['libm.so.6', 'libc.so.6'], verneed: VERNEED, symbols: [{ name: 'f', versym: 2 }] };

  it('decodes the chain in file order with every field', () => {
    const img = buildElf(spec);
    const vn = ElfFile.fromBytes(img.bytes).verneed;
    expect(vn.map((v) => v.file)).toEqual(['libm.so.6', 'libc.so.6', 'ld-linux-x86-64.so.2']);
    expect(vn.map((v) => v.offset)).toEqual(img.off.verneed.map((v) => v.offset));
    expect(vn[1]).toMatchObject({ vn_version: 1, vn_cnt: 3, vn_file: img.off.strings.get('libc.so.6'), vn_aux: 16, vn_next: 64 });
    expect(vn[2]!.vn_next).toBe(0);
    expect(vn[1]!.aux.map((a) => a.name)).toEqual(['GLIBC_2.2.5', 'GLIBC_PRIVATE', 'GLIBC_2.34']);
    expect(vn[1]!.aux.map((a) => a.offset)).toEqual(img.off.verneed[1]!.aux);
    expect(vn[1]!.aux[2]).toMatchObject({
      vna_hash: elfHash('GLIBC_2.34'), vna_flags: VER_FLG_WEAK, vna_other: 3, vna_name: img.off.strings.get('GLIBC_2.34'), vna_next: 0,
    });
    expect(vn[1]!.aux[0]!.vna_next).toBe(16);
    expect(elfHash('GLIBC_2.2.5')).toBe(0x09691a75); // the value binutils writes for this name
  });

  it('versionRequirements keeps file order, Vernaux order and GLIBC_PRIVATE', () => {
    const r = inspect(buildElf(spec).bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.versionRequirements).toEqual([
      { file: 'libm.so.6', versions: ['GLIBC_2.29'] },
      { file: 'libc.so.6', versions: ['GLIBC_2.2.5', 'GLIBC_PRIVATE', 'GLIBC_2.34'] },
      { file: 'ld-linux-x86-64.so.2', versions: ['GLIBC_2.3'] },
    ]);
  });

  it('without DT_VERNEED: [] (known to be empty)', () => {
    const img = buildElf({ ...l, needed: ['libc.so.6'] });
    expect(ElfFile.fromBytes(img.bytes).verneed).toEqual([]);
    expect(inspect(img.bytes).versionRequirements).toEqual([]);
  });

  it('without DT_VERNEEDNUM the chain is followed to vn_next 0', () => {
    const img = buildElf(spec);
    img.word(img.dynEntry(DT.VERNEEDNUM), 0x7000_0002);
    expect(ElfFile.fromBytes(img.bytes).verneed.length).toBe(3);
  });

  describe('hostile', () => {
    function expectReportNull(bytes: Uint8Array, c: string): void {
      const r = inspect(bytes);
      expect(r.error).toBeNull();
      expect(r.versionRequirements).toBeNull();
      expect(r.glibcMax).toBeNull();
      expect(r.maxVersions).toBeNull();
      expect(r.fieldErrors.find((f) => f.field === 'versionRequirements')?.code).toBe(c);
    }

    /** The report follows the chain as ld.so walks it and records the count that disagrees. */
    function expectLoaderView(bytes: Uint8Array, versions: string[][], structure: string): void {
      const r = inspect(bytes);
      expect(r.fieldErrors).toEqual([]);
      expect(r.versionRequirements!.map((v) => v.versions)).toEqual(versions);
      expect(r.anomalies!.filter((a) => a.code === 'VERNEED_COUNT_MISMATCH').map((a) => a.structure)).toContain(structure);
    }
    const ALL = [['GLIBC_2.29'], ['GLIBC_2.2.5', 'GLIBC_PRIVATE', 'GLIBC_2.34'], ['GLIBC_2.3']];

    it.each([0xffffffff, 0x7fffffff, 4, 2, 0])('DT_VERNEEDNUM %i (not the chain length) is not used to walk: an anomaly', (n) => {
      const img = buildElf(spec);
      img.setDyn(DT.VERNEEDNUM, n);
      expect(ElfFile.fromBytes(img.bytes).verneed.length).toBe(3);
      expectLoaderView(img.bytes, ALL, 'DT_VERNEEDNUM');
    });

    it('vn_next 0 on the first entry ends the chain there (ld.so stops too); DT_VERNEEDNUM then disagrees', () => {
      const img = buildElf(spec);
      img.u32(img.off.verneed[0]!.offset + 12, 0);
      expectLoaderView(img.bytes, [['GLIBC_2.29']], 'DT_VERNEEDNUM');
    });

    it('vn_next pointing past the end of the file is TRUNCATED', () => {
      const img = buildElf(spec);
      img.u32(img.off.verneed[1]!.offset + 12, 0x7ffffff0);
      expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('TRUNCATED');
      expectReportNull(img.bytes, 'TRUNCATED');
    });

    it.each([0, 1, 2, 0xffff])('vn_cnt %i is not used to walk: the whole vna_next chain is read (as ld.so does), an anomaly', (n) => {
      const img = buildElf(spec);
      img.u16(img.off.verneed[1]!.offset + 2, n);
      expect(ElfFile.fromBytes(img.bytes).verneed[1]!.aux.map((a) => a.name)).toEqual(['GLIBC_2.2.5', 'GLIBC_PRIVATE', 'GLIBC_2.34']);
      expectLoaderView(img.bytes, ALL, 'Elf_Verneed[1]');
    });

    it('vna_next 0 inside a chain ends it there (an anomaly: vn_cnt says more); vna_next past the file is TRUNCATED', () => {
      const img = buildElf(spec);
      img.u32(img.off.verneed[1]!.aux[0]! + 12, 0);
      expectLoaderView(img.bytes, [['GLIBC_2.29'], ['GLIBC_2.2.5'], ['GLIBC_2.3']], 'Elf_Verneed[1]');
      img.u32(img.off.verneed[1]!.aux[0]! + 12, 0x7ffffff0);
      expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('TRUNCATED');
      expectReportNull(img.bytes, 'TRUNCATED');
    });

    it('a first vn_version other than 1 (ld.so refuses the file) is an anomaly', () => {
      const img = buildElf(spec);
      img.u16(img.off.verneed[0]!.offset, 2);
      expect(inspect(img.bytes).anomalies!.map((a) => a.code)).toContain('VERNEED_VERSION');
    });

    it('vn_aux past the end of the file is TRUNCATED', () => {
      const img = buildElf(spec);
      img.u32(img.off.verneed[0]!.offset + 8, 0x10000000);
      expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('TRUNCATED');
    });

    it('vn_file / vna_name past DT_STRSZ are OUT_OF_BOUNDS', () => {
      const img = buildElf(spec);
      img.u32(img.off.verneed[0]!.offset + 4, img.off.dynstrSize + 3);
      expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('OUT_OF_BOUNDS');
      const img2 = buildElf(spec);
      img2.u32(img2.off.verneed[2]!.aux[0]! + 8, 0x7fffffff);
      expect(code(() => ElfFile.fromBytes(img2.bytes).verneed)).toBe('OUT_OF_BOUNDS');
      expectReportNull(img2.bytes, 'OUT_OF_BOUNDS');
    });

    it('DT_VERNEED outside every PT_LOAD is OUT_OF_BOUNDS', () => {
      const img = buildElf(spec);
      img.setDyn(DT.VERNEED, img.addr(img.bytes.length - 8));
      expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('OUT_OF_BOUNDS');
      expectReportNull(img.bytes, 'OUT_OF_BOUNDS');
    });

    it('limits.maxVersionEntries caps the walk (LIMIT)', () => {
      const img = buildElf(spec);
      expect(code(() => ElfFile.fromBytes(img.bytes, { maxVersionEntries: 2 }).verneed)).toBe('LIMIT');
      expect(code(() => ElfFile.fromBytes(img.bytes, { maxVersionEntries: 4 }).verneed)).toBe('LIMIT');
      expect(ElfFile.fromBytes(img.bytes, { maxVersionEntries: 5 }).verneed.length).toBe(3);
    });
  });
});

describe('32-bit chains that loop back (ld.so on a 32-bit host wraps vn_next / vna_next modulo 2^32)', () => {
  it.each(['little', 'big'] as const)('vn_next back to an earlier Verneed is LOOP (%s endian)', (endian) => {
    const img = buildElf({ class: 32, endian, verneed: VERNEED, symbols: [{ name: 'f', versym: 2 }] });
    const [v0, , v2] = img.off.verneed;
    img.u32(v2!.offset + 12, (v0!.offset - v2!.offset) >>> 0);
    img.word(img.dynEntry(DT.VERNEEDNUM), 0x7000_0002); // no count: only the loop check can stop the walk
    const e = caught(() => ElfFile.fromBytes(img.bytes).verneed) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('LOOP');
    expect(e.offset).toBe(v0!.offset);
    const r = inspect(img.bytes);
    expect(r.versionRequirements).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'versionRequirements')?.code).toBe('LOOP');
  });

  it('vn_next back to an earlier Verneed with DT_VERNEEDNUM present is LOOP or LIMIT, never a hang', () => {
    const img = buildElf({ class: 32, endian: 'little', verneed: VERNEED });
    img.u32(img.off.verneed[1]!.offset + 12, (img.off.verneed[0]!.offset - img.off.verneed[1]!.offset) >>> 0);
    expect(['LOOP', 'LIMIT']).toContain(code(() => ElfFile.fromBytes(img.bytes).verneed));
  });

  it('vna_next back to an earlier Vernaux is LOOP', () => {
    const img = buildElf({ class: 32, endian: 'big', verneed: VERNEED });
    const aux = img.off.verneed[1]!.aux;
    img.u32(aux[1]! + 12, (aux[0]! - aux[1]!) >>> 0);
    img.u16(img.off.verneed[1]!.offset + 2, 0xffff); // vn_cnt large enough that only the loop check stops it
    expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('LOOP');
    expect(inspect(img.bytes).fieldErrors.find((f) => f.field === 'glibcMax')?.code).toBe('LOOP');
  });

  it('in ELFCLASS64 the same vn_next value moves forwards, past the file (TRUNCATED)', () => {
    const img = buildElf({ class: 64, endian: 'little', verneed: VERNEED });
    img.u32(img.off.verneed[1]!.offset + 12, (img.off.verneed[0]!.offset - img.off.verneed[1]!.offset) >>> 0);
    expect(code(() => ElfFile.fromBytes(img.bytes).verneed)).toBe('TRUNCATED');
  });
});

describe('walkChain (the vn_next / vna_next / vd_next walker)', () => {
  it('follows deltas until 0 and returns the length', () => {
    const seen: number[] = [];
    expect(walkChain(100, 'X', 10, null, false, (o) => (seen.push(o), o < 148 ? 16 : 0))).toBe(4);
    expect(seen).toEqual([100, 116, 132, 148]);
  });
  it('LOOP when an entry is visited twice (back to itself or to an earlier one)', () => {
    const e = caught(() => walkChain(100, 'Elf_Verneed', 10, null, false, (o) => (o === 100 ? 16 : -16))) as BinspectError;
    expect(e.code).toBe('LOOP');
    expect(e.offset).toBe(100);
    expect(e.structure).toBe('Elf_Verneed[2]');
  });
  it('wrap32: a delta of 2^31 or more moves backwards (32-bit address arithmetic)', () => {
    const seen: number[] = [];
    const e = caught(() => walkChain(100, 'X', 10, null, true, (o) => (seen.push(o), o === 100 ? 16 : 0xfffffff0))) as BinspectError;
    expect(e.code).toBe('LOOP');
    expect(seen).toEqual([100, 116]);
    // Without wrap32 the same delta moves forwards.
    const fwd: number[] = [];
    walkChain(100, 'X', 10, null, false, (o) => (fwd.push(o), o === 100 ? 0xfffffff0 : 0));
    expect(fwd).toEqual([100, 100 + 0xfffffff0]);
  });
  it('LIMIT past max, LIMIT past expected, TRUNCATED short of expected', () => {
    expect((caught(() => walkChain(0, 'X', 3, null, false, () => 16)) as BinspectError).code).toBe('LIMIT');
    expect((caught(() => walkChain(0, 'X', 10, 2, false, () => 16)) as BinspectError).code).toBe('LIMIT');
    expect((caught(() => walkChain(0, 'X', 10, 5, false, (o) => (o < 32 ? 16 : 0))) as BinspectError).code).toBe('TRUNCATED');
    expect(walkChain(0, 'X', 10, 3, false, (o) => (o < 32 ? 16 : 0))).toBe(3);
  });
});
