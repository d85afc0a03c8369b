import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import {
  ET, LAYOUTS, NT_GNU_PROPERTY_TYPE_0, STB, VERSYM_HIDDEN, abiTagNote, buildElf, buildIdNote, propertyDesc, u32Bytes,
} from '../builders/elf.js';

/** DESIGN.md §5: mutated and truncated inputs end quickly, in BinspectError only (ElfFile) or a Report (inspect). */
describe.each(LAYOUTS)('mutations of a full Elf$class $endian file', (l) => {
  const img = buildElf({
    ...l, type: ET.DYN, interp: '/lib/ld-linux.so.2', needed: ['libc.so.6', 'libm.so.6'], soname: 'libx.so', rpath: ['/r'],
    flags1: 0x08000000, hash: 'both', gnuHash: { nbuckets: 2 }, stack: 6, relro: true, bindNow: true,
    symbols: [{ name: 'printf', versym: 2 }, { name: 'sin', versym: 3 | VERSYM_HIDDEN }, { name: 'w', bind: STB.WEAK, versym: 2 },
      { name: 'def', shndx: 5, versym: 4 }],
    verneed: [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 2 }, { name: 'GLIBC_ABI_DT_RELR', other: 5 }] },
      { file: 'libm.so.6', aux: [{ name: 'GLIBC_2.29', other: 3 }] }],
    verdef: [{ ndx: 1, flags: 1, names: ['libx.so'] }, { ndx: 4, names: ['X_1'] }],
    notes: [buildIdNote('abcdef'), abiTagNote(l.endian, 0)],
    notes8: [{ name: 'GNU', type: NT_GNU_PROPERTY_TYPE_0, desc: propertyDesc(l.class, l.endian, [{ type: 0xc0000002, data: u32Bytes(l.endian, 3) }]) }],
  });

  function exercise(bytes: Uint8Array): void {
    const r = inspect(bytes);
    expect(r.schema).toBe(1);
    let elf: ElfFile;
    try {
      elf = ElfFile.fromBytes(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(BinspectError);
      return;
    }
    const getters: Array<() => unknown> = [
      () => elf.programHeaders, () => elf.sectionHeaders, () => elf.interpreter, () => elf.needed, () => elf.verneed,
      () => elf.verdef, () => elf.versym, () => elf.notes, () => elf.gnuProperties, () => elf.dynamicSymbolCount,
      () => elf.buildId, () => elf.abiTag,
    ];
    for (const g of getters) {
      try {
        g();
      } catch (e) {
        expect(e).toBeInstanceOf(BinspectError);
      }
    }
  }

  it('the unmutated file has no field errors', () => {
    const r = inspect(img.bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.glibcFloor).toBe('2.36');
  });

  it('random 32-bit pokes never escape as another exception', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ at: fc.nat(img.bytes.length - 4), v: fc.oneof(fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffff0), fc.nat()) }),
        { minLength: 1, maxLength: 4 }),
      (pokes) => {
        const b = img.bytes.slice();
        const dv = new DataView(b.buffer);
        for (const p of pokes) dv.setUint32(p.at, p.v >>> 0, l.endian === 'little');
        exercise(b);
      },
    ), { numRuns: 300 });
  });

  it('every truncation gives a report, never "static" linkage', () => {
    for (let n = 0; n < img.bytes.length; n += 7) {
      const cut = img.truncated(n);
      exercise(cut);
      const r = inspect(cut);
      expect(r.linkage === null || r.linkage === 'dynamic').toBe(true);
      if (r.error === null) expect(r.linkage).toBeNull();
    }
  });
});
