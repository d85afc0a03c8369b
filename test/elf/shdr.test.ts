import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { LAYOUTS, SHT, buildElf, caught, shdrSize } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

const SECTIONS = [
  { name: '.text', type: SHT.PROGBITS, flags: 6n, addr: 0x401000n, offset: 0x40, size: 0x10, addralign: 16n },
  { name: '.dynsym', type: SHT.DYNSYM, flags: 2n, addr: 0x400200n, offset: 0x50, size: 0x30, link: 3, info: 1, addralign: 8n, entsize: 24 },
  { name: '.dynstr', type: SHT.STRTAB, flags: 2n, addr: 0x400300n, offset: 0x60, size: 0x20, addralign: 1n },
];

describe.each(LAYOUTS)('Elf$class_Shdr, $endian endian', (l) => {
  it('decodes every section header and its name', () => {
    const img = buildElf({ ...l, sections: SECTIONS });
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.shnum).toBe(5);
    expect(elf.shstrndx).toBe(4);
    const sh = elf.sectionHeaders;
    expect(sh.map((s) => elf.sectionName(s))).toEqual(['', '.text', '.dynsym', '.dynstr', '.shstrtab']);
    expect(sh[2]).toMatchObject({
      index: 2, sh_type: SHT.DYNSYM, sh_flags: 2n, sh_addr: 0x400200n, sh_offset: 0x50, sh_size: 0x30, sh_link: 3, sh_info: 1,
      sh_addralign: 8n, sh_entsize: 24,
    });
    expect(sh[4]).toMatchObject({ sh_type: SHT.STRTAB, sh_offset: img.off.shstrtab });
    expect(elf.section0).toMatchObject({ index: 0, sh_type: 0, sh_size: 0 });
  });

  it('extended numbering: PN_XNUM, e_shnum 0 and SHN_XINDEX take the counts from section 0', () => {
    const img = buildElf({ ...l, interp: '/lib/ld.so.1', needed: ['libc.so.6'], sections: SECTIONS, section0: { size: 5, link: 4, info: 3 } });
    expect(img.off.phdr.length).toBe(3);
    img.u16(img.ehdr.e_phnum, 0xffff);
    img.u16(img.ehdr.e_shnum, 0);
    img.u16(img.ehdr.e_shstrndx, 0xffff);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.header.e_phnum).toBe(0xffff);
    expect(elf.phnum).toBe(3);
    expect(elf.programHeaders.map((p) => p.p_type)).toEqual([1, 3, 2]);
    expect(elf.shnum).toBe(5);
    expect(elf.shstrndx).toBe(4);
    expect(elf.sectionHeaders.map((s) => elf.sectionName(s))).toEqual(['', '.text', '.dynsym', '.dynstr', '.shstrtab']);
    const r = inspect(img.bytes);
    expect(r.fieldErrors).toEqual([]);
    expect(r.interpreter).toBe('/lib/ld.so.1');
    expect(r.needed).toEqual(['libc.so.6']);
  });

  it('PN_XNUM without section headers means 0xffff headers (TRUNCATED here)', () => {
    const img = buildElf({ ...l });
    img.u16(img.ehdr.e_phnum, 0xffff);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.phnum).toBe(0xffff);
    expect(code(() => elf.programHeaders)).toBe('TRUNCATED');
  });

  it('PN_XNUM with a huge sh_info is LIMIT, e_shnum 0 with a huge sh_size is LIMIT', () => {
    const img = buildElf({ ...l, sections: SECTIONS, section0: { size: 0x7fffffff, info: 0x7fffffff } });
    img.u16(img.ehdr.e_phnum, 0xffff);
    img.u16(img.ehdr.e_shnum, 0);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(code(() => elf.programHeaders)).toBe('LIMIT');
    expect(code(() => elf.sectionHeaders)).toBe('LIMIT');
    const r = inspect(img.bytes);
    expect(r.error).toBeNull();
    expect(r.linkage).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'linkage')?.code).toBe('LIMIT');
  });

  it('a section header table past the end of the file is TRUNCATED, an anomaly only: the loader never reads it', () => {
    const img = buildElf({ ...l, sections: SECTIONS });
    const before = inspect(img.bytes);
    img.u16(img.ehdr.e_shnum, 200);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(code(() => elf.sectionHeaders)).toBe('TRUNCATED');
    const r = inspect(img.bytes);
    expect(r.fieldErrors).toEqual([]);
    for (const f of ['type', 'linkage', 'needed', 'interpreter', 'versionRequirements'] as const) expect(r[f], f).toEqual(before[f]);
    expect(r.anomalies!.map((a) => a.code)).toEqual(['SECTION_HEADERS_INVALID']);
  });

  it('e_shentsize smaller than the structure is UNSUPPORTED', () => {
    const img = buildElf({ ...l, sections: SECTIONS });
    img.u16(img.ehdr.e_shentsize, shdrSize(l.class) - 4);
    const elf = ElfFile.fromBytes(img.bytes);
    const e = caught(() => elf.sectionHeaders) as BinspectError;
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.offset).toBe(img.ehdr.e_shentsize);
  });

  it('sh_name past the end of .shstrtab is OUT_OF_BOUNDS; e_shstrndx naming no section is OUT_OF_BOUNDS', () => {
    const img = buildElf({ ...l, sections: SECTIONS });
    img.u32(img.off.shdrs! + shdrSize(l.class), 0x1000);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(code(() => elf.sectionName(elf.sectionHeaders[1]!))).toBe('OUT_OF_BOUNDS');
    img.u16(img.ehdr.e_shstrndx, 9);
    const elf2 = ElfFile.fromBytes(img.bytes);
    expect(code(() => elf2.sectionName(elf2.sectionHeaders[2]!))).toBe('OUT_OF_BOUNDS');
  });

  it('without program headers, the dynamic table and its strings are found through sections', () => {
    const probe = buildElf({ ...l, phdrs: false, type: 3, needed: ['libz.so.1'], soname: 'libq.so' });
    const o = probe.off;
    const img = buildElf({
      ...l, phdrs: false, type: 3, needed: ['libz.so.1'], soname: 'libq.so',
      sections: [
        { name: '.dynstr', type: SHT.STRTAB, flags: 2n, addr: probe.addr(o.dynstr!), offset: o.dynstr!, size: o.dynstrSize },
        { name: '.dynamic', type: SHT.DYNAMIC, flags: 3n, addr: probe.addr(o.dynamic!), offset: o.dynamic!,
          size: o.dyn.length * (l.class === 64 ? 16 : 8) },
      ],
    });
    expect(img.off.dynamic).toBe(o.dynamic);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.programHeaders).toEqual([]);
    expect(elf.needed).toEqual(['libz.so.1']);
    expect(elf.soname).toBe('libq.so');
  });
});

describe('Elf64_Shdr 64-bit fields', () => {
  it('sh_offset above 2^53 is OUT_OF_BOUNDS', () => {
    const img = buildElf({ class: 64, endian: 'little', sections: SECTIONS });
    img.u64(img.off.shdrs! + 64 + 24, 2n ** 53n);
    const e = caught(() => ElfFile.fromBytes(img.bytes).sectionHeaders) as BinspectError;
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.offset).toBe(img.off.shdrs! + 64 + 24);
  });
});
