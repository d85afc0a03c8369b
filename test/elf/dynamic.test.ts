import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { DF_1_PIE, DF_BIND_NOW, DT, ET, LAYOUTS, PT, buildElf, caught, dynSize } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

describe.each(LAYOUTS)('Elf$class_Dyn, $endian endian', (l) => {
  const spec = {
    ...l, type: ET.DYN, needed: ['libfoo.so.1', 'libc.so.6', 'libbar.so'], soname: 'libme.so.2',
    rpath: ['/opt/a:/opt/b', '$ORIGIN/../lib'], runpath: ['/r1:/r2'], flags: DF_BIND_NOW, flags1: DF_1_PIE | 1,
    extraDyn: [[0x7000_0001, 0x1234n] as [number, bigint]],
  };

  it('reads entries in table order up to DT_NULL', () => {
    const img = buildElf(spec);
    const elf = ElfFile.fromBytes(img.bytes);
    const dyn = elf.dynamic!;
    expect(dyn.map((d) => d.d_tag)).toEqual([
      DT.NEEDED, DT.NEEDED, DT.NEEDED, DT.SONAME, DT.RPATH, DT.RPATH, DT.RUNPATH, DT.STRTAB, DT.STRSZ, DT.FLAGS, DT.FLAGS_1,
      0x70000001,
    ]);
    expect(dyn.map((d) => d.index)).toEqual(dyn.map((_, i) => i));
    expect(elf.dynValue(DT.STRTAB)).toBe(img.addr(img.off.dynstr!));
    expect(elf.dynValue(DT.STRSZ)).toBe(BigInt(img.off.dynstrSize));
    expect(elf.dynValue(0x70000001)).toBe(0x1234n);
    expect(elf.dynValue(DT.HASH)).toBeNull();
    expect(elf.dynValues(DT.NEEDED)).toEqual(['libfoo.so.1', 'libc.so.6', 'libbar.so'].map((s) => BigInt(img.off.strings.get(s)!)));
    expect(elf.dynEntrySize).toBe(dynSize(l.class));
  });

  it('decodes NEEDED, SONAME, RPATH, RUNPATH (not split on ":"), FLAGS and FLAGS_1', () => {
    const elf = ElfFile.fromBytes(buildElf(spec).bytes);
    expect(elf.needed).toEqual(['libfoo.so.1', 'libc.so.6', 'libbar.so']);
    expect(elf.soname).toBe('libme.so.2');
    expect(elf.rpath).toEqual(['/opt/a:/opt/b', '$ORIGIN/../lib']);
    expect(elf.runpath).toEqual(['/r1:/r2']);
    expect(elf.flags).toBe(DF_BIND_NOW);
    expect(elf.flags1).toBe(DF_1_PIE | 1);
    const r = inspect(buildElf(spec).bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.needed).toEqual(['libfoo.so.1', 'libc.so.6', 'libbar.so']);
    expect(r.soname).toBe('libme.so.2');
    expect(r.rpath).toEqual(['/opt/a:/opt/b', '$ORIGIN/../lib']);
    expect(r.runpath).toEqual(['/r1:/r2']);
    expect(r.type).toBe('pie-executable');
    expect(r.features?.bindNow).toBe(true);
  });

  it('no dynamic section: dynamic null, needed [] for an executable, null for ET_REL', () => {
    const elf = ElfFile.fromBytes(buildElf({ ...l }).bytes);
    expect(elf.dynamic).toBeNull();
    expect(elf.needed).toEqual([]);
    expect(elf.soname).toBeNull();
    expect(elf.flags1).toBe(0);
    const r = inspect(buildElf({ ...l }).bytes);
    expect(r.needed).toEqual([]);
    expect(r.rpath).toEqual([]);
    expect(r.runpath).toEqual([]);
    expect(r.versionRequirements).toEqual([]);
    expect(r.features?.bindNow).toBeNull();
    expect(inspect(buildElf({ ...l, type: ET.REL }).bytes).needed).toBeNull();
  });

  it('a table without DT_NULL is read to the end of PT_DYNAMIC', () => {
    const img = buildElf({ ...l, needed: ['a.so', 'b.so'] });
    const last = img.off.dyn[img.off.dyn.length - 1]!;
    expect(last.tag).toBe(DT.NULL);
    img.word(last.offset, DT.NEEDED);
    img.word(last.offset + dynSize(l.class) / 2, img.off.strings.get('b.so')!);
    expect(ElfFile.fromBytes(img.bytes).needed).toEqual(['a.so', 'b.so', 'b.so']);
  });

  it('more entries than limits.maxDynamicEntries is LIMIT', () => {
    const img = buildElf({ ...l, needed: ['a.so', 'b.so', 'c.so'] });
    expect(code(() => ElfFile.fromBytes(img.bytes, { maxDynamicEntries: 2 }).dynamic)).toBe('LIMIT');
    // 5 entries (3 NEEDED, STRTAB, STRSZ) precede DT_NULL; 6 leaves room for DT_NULL too.
    expect(ElfFile.fromBytes(img.bytes, { maxDynamicEntries: 6 }).needed).toEqual(['a.so', 'b.so', 'c.so']);
  });

  it('PT_DYNAMIC past the end of the file is TRUNCATED', () => {
    const img = buildElf({ ...l, needed: ['a.so'] });
    const ph = img.off.phdr.find((p) => p.type === PT.DYNAMIC)!.offset;
    img.word(ph + (l.class === 64 ? 32 : 16), 0x100000);
    expect(code(() => ElfFile.fromBytes(img.bytes).checkExtent())).toBe('TRUNCATED');
    const r = inspect(img.bytes);
    expect(r.needed).toBeNull();
    expect(r.linkage).toBeNull();
    expect(r.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['needed', 'linkage', 'soname']));
  });

  it('a DT_NEEDED offset past DT_STRSZ is OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, needed: ['a.so'] });
    img.setDyn(DT.NEEDED, img.off.dynstrSize);
    expect(code(() => ElfFile.fromBytes(img.bytes).needed)).toBe('OUT_OF_BOUNDS');
    const r = inspect(img.bytes);
    expect(r.needed).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'needed')?.code).toBe('OUT_OF_BOUNDS');
  });

  it('a string without NUL at the end of DT_STRTAB is TRUNCATED', () => {
    const img = buildElf({ ...l, needed: ['libc.so.6'] });
    expect(img.off.dynstrSize).toBe(11);
    img.setDyn(DT.STRSZ, 10); // the table now ends just before the NUL of "libc.so.6"
    const e = caught(() => ElfFile.fromBytes(img.bytes).needed) as BinspectError;
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(img.off.dynstr! + 1);
    const r = inspect(img.bytes);
    expect(r.needed).toBeNull();
    expect(r.libc).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'needed')?.code).toBe('TRUNCATED');
  });

  it('a string longer than limits.maxStringLength is LIMIT', () => {
    const img = buildElf({ ...l, needed: ['x'.repeat(100)] });
    expect(code(() => ElfFile.fromBytes(img.bytes, { maxStringLength: 50 }).needed)).toBe('LIMIT');
    expect(ElfFile.fromBytes(img.bytes, { maxStringLength: 100 }).needed).toEqual(['x'.repeat(100)]);
  });

  it('DT_STRTAB outside every PT_LOAD is OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, needed: ['a.so'] });
    img.setDyn(DT.STRTAB, img.base - 0x100n);
    expect(code(() => ElfFile.fromBytes(img.bytes).needed)).toBe('OUT_OF_BOUNDS');
    img.setDyn(DT.STRTAB, img.addr(img.bytes.length));
    expect(code(() => ElfFile.fromBytes(img.bytes).needed)).toBe('OUT_OF_BOUNDS');
  });

  it('DT_NEEDED without DT_STRTAB is OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, needed: ['a.so'] });
    img.word(img.dynEntry(DT.STRTAB), 0x7000_0002);
    expect(code(() => ElfFile.fromBytes(img.bytes).needed)).toBe('OUT_OF_BOUNDS');
  });
});

describe('Elf64_Dyn 64-bit tags', () => {
  it('a tag with high bits set matches no known tag', () => {
    const img = buildElf({ class: 64, endian: 'little', needed: ['a.so', 'b.so'] });
    img.u64(img.off.dyn[0]!.offset, 0x1_0000_0001n);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.needed).toEqual(['b.so']);
    expect(elf.dynamic![0]!.d_tag).toBe(0x1_0000_0001);
  });

  it('d_val above 2^53 is kept exactly', () => {
    const img = buildElf({ class: 64, endian: 'big', dynamic: true, extraDyn: [[0x70000003, 0xffffffff80001234n]] });
    expect(ElfFile.fromBytes(img.bytes).dynValue(0x70000003)).toBe(0xffffffff80001234n);
  });
});
