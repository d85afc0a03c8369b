import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { DT, LAYOUTS, STB, STT, buildElf, caught, gnuHash, symSize, type SymSpec } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

const SYMS: SymSpec[] = ['malloc', 'free', 'printf', 'puts', 'exit', 'abort', 'strlen'].map((name) => ({ name }));

describe.each(LAYOUTS)('hash tables, Elf$class $endian endian', (l) => {
  it('DT_HASH: the count is nchain', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'sysv' });
    const elf = ElfFile.fromBytes(img.bytes);
    expect(img.read32(img.off.hash! + 4)).toBe(8);
    expect(elf.dynamicSymbolCount).toBe(8);
    img.u32(img.off.hash! + 4, 3);
    expect(ElfFile.fromBytes(img.bytes).dynamicSymbolCount).toBe(3);
  });

  it.each([
    { nbuckets: 1, symoffset: 1 }, { nbuckets: 3, symoffset: 1 }, { nbuckets: 8, symoffset: 1 },
    { nbuckets: 4, symoffset: 3, bloomSize: 2 }, { nbuckets: 2, symoffset: 7 },
  ])('DT_GNU_HASH walk: %o gives every symbol', (gh) => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'gnu', gnuHash: gh });
    expect(ElfFile.fromBytes(img.bytes).dynamicSymbolCount).toBe(8);
  });

  it('DT_GNU_HASH with every symbol below symoffset (empty buckets) counts symoffset', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'gnu', gnuHash: { nbuckets: 2, symoffset: 8 } });
    expect(ElfFile.fromBytes(img.bytes).dynamicSymbolCount).toBe(8);
  });

  it('DT_HASH wins over DT_GNU_HASH when both are present', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'both' });
    img.u32(img.off.hash! + 4, 5);
    expect(ElfFile.fromBytes(img.bytes).dynamicSymbolCount).toBe(5);
  });

  it('decodes dynamic symbols through the table', () => {
    const syms: SymSpec[] = [
      { name: 'environ', bind: STB.WEAK, type: STT.OBJECT, shndx: 22, value: 0x4040n, size: 8n, other: 2 },
      { name: 'open', bind: STB.GLOBAL, type: STT.FUNC },
    ];
    const img = buildElf({ ...l, symbols: syms });
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.dynamicSymbolTable).toEqual({ offset: img.off.dynsym, entsize: symSize(l.class) });
    const s = elf.dynamicSymbol(1);
    expect(s).toMatchObject({ index: 1, st_name: img.off.strings.get('environ'), st_info: (STB.WEAK << 4) | STT.OBJECT,
      bind: STB.WEAK, type: STT.OBJECT, st_other: 2, st_shndx: 22, st_value: 0x4040n, st_size: 8n });
    expect(elf.symbolName(s)).toBe('environ');
    expect(elf.symbolName(elf.dynamicSymbol(2))).toBe('open');
    expect(() => elf.dynamicSymbol(3)).toThrow(TypeError);
  });

  it('GNU hash nbuckets 0xffffffff is LIMIT (TRUNCATED when the limit is raised)', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'gnu', verneed: [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 2 }] }] });
    img.u32(img.off.gnuHash!, 0xffffffff);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('LIMIT');
    expect(code(() => ElfFile.fromBytes(img.bytes, { maxSymbols: 2 ** 32 }).dynamicSymbolCount)).toBe('TRUNCATED');
    const r = inspect(img.bytes);
    expect(r.error).toBeNull();
    expect(r.symbolVersions).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'symbolVersions')?.code).toBe('LIMIT');
    // The version requirements do not depend on the symbol count.
    expect(r.versionRequirements).toEqual([{ file: 'libc.so.6', versions: ['GLIBC_2.2.5'] }]);
  });

  it('GNU hash bloom_size 0xffffffff puts the buckets past the file: TRUNCATED', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'gnu' });
    img.u32(img.off.gnuHash! + 8, 0xffffffff);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('TRUNCATED');
  });

  it('GNU hash bucket far past the chain: TRUNCATED; bucket below symoffset: OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'gnu', gnuHash: { nbuckets: 1, symoffset: 3 } });
    const bucket0 = img.off.gnuHash! + 16 + (l.class / 8);
    expect(img.read32(bucket0)).toBe(3);
    img.u32(bucket0, 0x00ffffff);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('TRUNCATED');
    img.u32(bucket0, 2);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('OUT_OF_BOUNDS');
  });

  it('GNU hash chain without an end bit runs to the end of the file: TRUNCATED', () => {
    const img = buildElf({ ...l, symbols: [{ name: 'a' }], hash: 'gnu', gnuHash: { nbuckets: 1, symoffset: 1 } });
    const chain0 = img.off.gnuHash! + 16 + l.class / 8 + 4;
    expect(img.read32(chain0)).toBe((gnuHash('a') | 1) >>> 0);
    // Append a copy of the table at the end of the file whose chain words are all even, and map it.
    const tableLen = 16 + l.class / 8 + 4;
    const bytes = new Uint8Array(img.bytes.length + tableLen + 12);
    bytes.set(img.bytes);
    bytes.set(img.bytes.subarray(img.off.gnuHash!, img.off.gnuHash! + tableLen), img.bytes.length);
    const dv = new DataView(bytes.buffer);
    const le = l.endian === 'little';
    for (let o = img.bytes.length + tableLen; o < bytes.length; o += 4) dv.setUint32(o, 2, le);
    const load = img.off.phdr[0]!.offset + (l.class === 64 ? 32 : 16);
    const dyn = img.dynEntry(DT.GNU_HASH) + l.class / 8;
    if (l.class === 64) {
      dv.setBigUint64(load, BigInt(bytes.length), le);
      dv.setBigUint64(dyn, img.addr(img.bytes.length), le);
    } else {
      dv.setUint32(load, bytes.length, le);
      dv.setUint32(dyn, Number(img.addr(img.bytes.length)), le);
    }
    expect(code(() => ElfFile.fromBytes(bytes).dynamicSymbolCount)).toBe('TRUNCATED');
    // The same file with the last chain word marked as the end counts 1 + 3 symbols.
    dv.setUint32(bytes.length - 4, 3, le);
    expect(ElfFile.fromBytes(bytes).dynamicSymbolCount).toBe(4);
  });

  it('DT_HASH nchain 0xffffffff is LIMIT; an unmapped DT_HASH is OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, symbols: SYMS });
    img.u32(img.off.hash! + 4, 0xffffffff);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('LIMIT');
    img.setDyn(DT.HASH, img.addr(img.bytes.length + 64));
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('OUT_OF_BOUNDS');
  });

  it('overlapping tables: DT_HASH aimed at the string table reads a bogus nchain and stops at LIMIT', () => {
    const img = buildElf({
      ...l, needed: ['libc.so.6'], symbols: [{ name: 'puts', versym: 2 }],
      verneed: [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 2 }] }],
    });
    img.setDyn(DT.HASH, img.addr(img.off.dynstr!));
    // nchain = the 4 bytes "c.so" of "\0libc.so.6": 0x6f732e63 (LE) or 0x632e736f (BE), both > 16 Mi.
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('LIMIT');
    const r = inspect(img.bytes);
    expect(r.symbolVersions).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'symbolVersions')?.code).toBe('LIMIT');
    expect(r.needed).toEqual(['libc.so.6']);
  });

  it('no DT_HASH, DT_GNU_HASH or SHT_DYNSYM: UNSUPPORTED; no DT_SYMTAB: null', () => {
    const img = buildElf({ ...l, symbols: SYMS, hash: 'none' });
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('UNSUPPORTED');
    expect(ElfFile.fromBytes(buildElf({ ...l, needed: ['a.so'] }).bytes).dynamicSymbolCount).toBeNull();
  });

  it('without a hash table, the SHT_DYNSYM section at DT_SYMTAB gives the count', () => {
    const probe = buildElf({ ...l, symbols: SYMS, hash: 'none' });
    const img = buildElf({
      ...l, symbols: SYMS, hash: 'none',
      sections: [{ name: '.dynsym', type: 11, addr: probe.addr(probe.off.dynsym!), offset: probe.off.dynsym!,
        size: 8 * symSize(l.class), entsize: symSize(l.class) }],
    });
    expect(ElfFile.fromBytes(img.bytes).dynamicSymbolCount).toBe(8);
  });

  it('DT_SYMENT smaller than the structure is UNSUPPORTED', () => {
    const img = buildElf({ ...l, symbols: SYMS });
    img.setDyn(DT.SYMENT, 4);
    expect(code(() => ElfFile.fromBytes(img.bytes).dynamicSymbolCount)).toBe('UNSUPPORTED');
  });

  it('limits.maxSymbols caps the count', () => {
    const img = buildElf({ ...l, symbols: SYMS });
    expect(code(() => ElfFile.fromBytes(img.bytes, { maxSymbols: 7 }).dynamicSymbolCount)).toBe('LIMIT');
    expect(ElfFile.fromBytes(img.bytes, { maxSymbols: 8 }).dynamicSymbolCount).toBe(8);
  });
});
