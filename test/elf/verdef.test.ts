import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { DT, LAYOUTS, VER_FLG_BASE, buildElf, caught, elfHash, type VerdefSpec } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

const VERDEF: VerdefSpec[] = [
  { ndx: 1, flags: VER_FLG_BASE, names: ['libfoo.so.1'] },
  { ndx: 2, names: ['FOO_1.0'] },
  { ndx: 3, names: ['FOO_1.1', 'FOO_1.0'] },
];

describe.each(LAYOUTS)('Elf_Verdef / Elf_Verdaux, Elf$class $endian endian', (l) => {
  const spec = { ...l, type: 3, soname: 'libfoo.so.1', verdef: VERDEF, symbols: [{ name: 'foo', shndx: 7, versym: 2 }] };

  it('decodes the chain with every field', () => {
    const img = buildElf(spec);
    const vd = ElfFile.fromBytes(img.bytes).verdef;
    expect(vd.map((d) => d.offset)).toEqual(img.off.verdef.map((d) => d.offset));
    expect(vd.map((d) => [d.vd_ndx, d.vd_flags, d.vd_cnt])).toEqual([[1, VER_FLG_BASE, 1], [2, 0, 1], [3, 0, 2]]);
    expect(vd[2]).toMatchObject({ vd_version: 1, vd_hash: elfHash('FOO_1.1'), vd_aux: 20, vd_next: 0 });
    expect(vd[0]!.vd_next).toBe(28);
    expect(vd[2]!.aux.map((a) => a.name)).toEqual(['FOO_1.1', 'FOO_1.0']);
    expect(vd[2]!.aux.map((a) => a.offset)).toEqual(img.off.verdef[2]!.aux);
    expect(vd[2]!.aux[0]).toMatchObject({ vda_name: img.off.strings.get('FOO_1.1'), vda_next: 8 });
    expect(vd[2]!.aux[1]!.vda_next).toBe(0);
    // Defined versions are not requirements.
    expect(inspect(img.bytes).versionRequirements).toEqual([]);
    expect(inspect(img.bytes).symbolVersions).toEqual([]);
  });

  it('[] without DT_VERDEF', () => {
    expect(ElfFile.fromBytes(buildElf({ ...l, needed: ['a.so'] }).bytes).verdef).toEqual([]);
  });

  it('DT_VERDEFNUM larger or smaller than the chain is not used to walk: an anomaly', () => {
    for (const n of [0xffffffff, 1]) {
      const img = buildElf(spec);
      img.setDyn(DT.VERDEFNUM, n);
      const f = ElfFile.fromBytes(img.bytes);
      expect(f.verdef.length).toBe(3);
      expect(f.anomalies.map((a) => [a.code, a.structure])).toContainEqual(['VERDEF_COUNT_MISMATCH', 'DT_VERDEFNUM']);
    }
  });

  it('vd_cnt mismatch, vd_next / vda_next past the file, vda_name past DT_STRSZ', () => {
    const a = buildElf(spec);
    a.u16(a.off.verdef[2]!.offset + 6, 3);
    expect(ElfFile.fromBytes(a.bytes).verdef[2]!.aux.length).toBe(2);
    expect(ElfFile.fromBytes(a.bytes).anomalies.map((x) => [x.code, x.structure])).toContainEqual(['VERDEF_COUNT_MISMATCH', 'Elf_Verdef[2]']);
    const b = buildElf(spec);
    b.u32(b.off.verdef[1]!.offset + 16, 0x7fff0000);
    expect(code(() => ElfFile.fromBytes(b.bytes).verdef)).toBe('TRUNCATED');
    const c = buildElf(spec);
    c.u32(c.off.verdef[2]!.aux[0]! + 4, 0x70000000);
    expect(code(() => ElfFile.fromBytes(c.bytes).verdef)).toBe('TRUNCATED');
    const d = buildElf(spec);
    d.u32(d.off.verdef[0]!.aux[0]!, d.off.dynstrSize);
    expect(code(() => ElfFile.fromBytes(d.bytes).verdef)).toBe('OUT_OF_BOUNDS');
  });

  it('vd_next back to an earlier Verdef is LOOP in ELFCLASS32', () => {
    if (l.class !== 32) return;
    const img = buildElf(spec);
    img.u32(img.off.verdef[2]!.offset + 16, (img.off.verdef[0]!.offset - img.off.verdef[2]!.offset) >>> 0);
    img.word(img.dynEntry(DT.VERDEFNUM), 0x7000_0002);
    expect(code(() => ElfFile.fromBytes(img.bytes).verdef)).toBe('LOOP');
  });

  it('DT_VERDEF outside every PT_LOAD is OUT_OF_BOUNDS', () => {
    const img = buildElf(spec);
    img.setDyn(DT.VERDEF, 0n);
    expect(code(() => ElfFile.fromBytes(img.bytes).verdef)).toBe('OUT_OF_BOUNDS');
  });
});
