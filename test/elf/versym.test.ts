import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile } from '../../src/index.js';
import { DT, LAYOUTS, VERSYM_HIDDEN, buildElf, caught } from '../builders/elf.js';

describe.each(LAYOUTS)('Elf_Versym, Elf$class $endian endian', (l) => {
  const spec = {
    ...l, symbols: [{ name: 'a', versym: 2 }, { name: 'b', versym: 3 | VERSYM_HIDDEN }, { name: 'c', versym: 0 }, { name: 'd', versym: 1 }],
    verneed: [{ file: 'libx.so', aux: [{ name: 'X_1', other: 2 }, { name: 'X_2', other: 3 }] }],
  };

  it('one raw entry per dynamic symbol, hidden bit kept', () => {
    const img = buildElf(spec);
    const v = ElfFile.fromBytes(img.bytes).versym!;
    expect(v.count).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => v.get(i))).toEqual([0, 2, 3 | VERSYM_HIDDEN, 0, 1]);
    expect(() => v.get(5)).toThrow(BinspectError);
  });

  it('null without DT_VERSYM', () => {
    expect(ElfFile.fromBytes(buildElf({ ...l, symbols: [{ name: 'a' }] }).bytes).versym).toBeNull();
  });

  it('a table running past its PT_LOAD is OUT_OF_BOUNDS', () => {
    const img = buildElf(spec);
    img.setDyn(DT.VERSYM, img.addr(img.bytes.length - 4));
    const e = caught(() => ElfFile.fromBytes(img.bytes).versym) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.structure).toBe('DT_VERSYM');
  });
});
