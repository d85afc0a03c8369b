import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { ET, LAYOUTS, PF, PT, buildElf, caught } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

describe.each(LAYOUTS)('Elf$class_Phdr, $endian endian', (l) => {
  const img = buildElf({
    ...l, type: ET.EXEC, interp: '/lib/ld-linux.so.2', needed: ['libc.so.6'], stack: PF.R | PF.W, relro: true,
    notes: [{ name: 'GNU', type: 3, desc: new Uint8Array([1, 2, 3, 4]) }],
    extraPhdrs: [{ type: 0x6474e550, flags: PF.R, offset: 0x40, vaddr: 0xfffff000n, filesz: 8, memsz: 0x20n, align: 4n }],
  });

  it('decodes every program header in table order', () => {
    const elf = ElfFile.fromBytes(img.bytes);
    const ph = elf.programHeaders;
    expect(ph.map((p) => p.p_type)).toEqual([PT.LOAD, PT.INTERP, PT.DYNAMIC, PT.NOTE, PT.GNU_STACK, PT.GNU_RELRO, 0x6474e550]);
    expect(ph.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const load = ph[0]!;
    expect(load).toMatchObject({
      p_flags: PF.R | PF.W | PF.X, p_offset: 0, p_vaddr: img.base, p_paddr: img.base, p_filesz: img.bytes.length,
      p_memsz: BigInt(img.bytes.length), p_align: 0x1000n,
    });
    const interp = ph[1]!;
    expect(interp.p_offset).toBe(img.off.interp);
    expect(interp.p_filesz).toBe('/lib/ld-linux.so.2'.length + 1);
    expect(interp.p_vaddr).toBe(img.addr(img.off.interp!));
    expect(ph[2]!.p_offset).toBe(img.off.dynamic);
    expect(ph[3]!.p_offset).toBe(img.off.noteSegment4!.offset);
    expect(ph[3]!.p_filesz).toBe(20);
    expect(ph[4]!.p_flags).toBe(PF.R | PF.W);
    const extra = ph[6]!;
    expect(extra).toMatchObject({ p_flags: PF.R, p_offset: 0x40, p_vaddr: 0xfffff000n, p_filesz: 8, p_memsz: 0x20n, p_align: 4n });
    expect(elf.segments(PT.NOTE).map((p) => p.index)).toEqual([3]);
    expect(elf.interpreter).toBe('/lib/ld-linux.so.2');
  });

  it('e_phnum past the end of the file is TRUNCATED; inspect keeps header fields', () => {
    const bad = buildElf({ ...l, needed: ['libc.so.6'] });
    bad.u16(bad.ehdr.e_phnum, 0xfffe);
    expect(code(() => ElfFile.fromBytes(bad.bytes).programHeaders)).toBe('TRUNCATED');
    const r = inspect(bad.bytes);
    expect(r.error).toBeNull();
    expect(r.class).toBe(l.class);
    expect(r.linkage).toBeNull();
    expect(r.needed).toBeNull();
    expect(r.versionRequirements).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'linkage')?.code).toBe('TRUNCATED');
    expect(r.fieldErrors.find((f) => f.field === 'needed')?.code).toBe('TRUNCATED');
  });

  it('e_phentsize smaller than the structure is UNSUPPORTED', () => {
    const bad = buildElf({ ...l });
    bad.u16(bad.ehdr.e_phentsize, l.class === 64 ? 32 : 16);
    const e = caught(() => ElfFile.fromBytes(bad.bytes).programHeaders) as BinspectError;
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.offset).toBe(bad.ehdr.e_phentsize);
  });

  it('more headers than limits.maxProgramHeaders is LIMIT', () => {
    const elf = ElfFile.fromBytes(img.bytes, { maxProgramHeaders: 3 });
    const e = caught(() => elf.programHeaders) as BinspectError;
    expect(e.code).toBe('LIMIT');
    expect(e.offset).toBe(buildElf({ ...l }).ehdr.e_phnum);
    expect(inspect(img.bytes, { limits: { maxProgramHeaders: 3 } }).fieldErrors.some((f) => f.code === 'LIMIT')).toBe(true);
  });

  it('e_phoff 0 means no program headers', () => {
    const b = buildElf({ ...l });
    b.word(b.ehdr.e_phoff, 0);
    expect(ElfFile.fromBytes(b.bytes).programHeaders).toEqual([]);
  });

  it('PT_INTERP without a NUL inside the segment is TRUNCATED', () => {
    const b = buildElf({ ...l, interp: '/lib/ld.so.1' });
    const ph = b.off.phdr.find((p) => p.type === PT.INTERP)!.offset;
    b.word(ph + (l.class === 64 ? 32 : 16), '/lib/ld.so.1'.length); // p_filesz without the NUL
    expect(code(() => ElfFile.fromBytes(b.bytes).interpreter)).toBe('TRUNCATED');
    const r = inspect(b.bytes);
    expect(r.interpreter).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'interpreter')?.code).toBe('TRUNCATED');
  });
});

describe('Elf64_Phdr 64-bit fields', () => {
  it('p_offset / p_filesz above 2^53 are OUT_OF_BOUNDS; p_vaddr above 2^53 is a bigint', () => {
    const img = buildElf({ class: 64, endian: 'little', base: 0xffffffff80000000n });
    const ph0 = img.off.phdr[0]!.offset;
    expect(ElfFile.fromBytes(img.bytes).programHeaders[0]!.p_vaddr).toBe(0xffffffff80000000n);
    img.u64(ph0 + 8, 2n ** 60n);
    const e = caught(() => ElfFile.fromBytes(img.bytes).programHeaders) as BinspectError;
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.offset).toBe(ph0 + 8);
    expect(e.structure).toBe('Elf64_Phdr[0]');
    const b = buildElf({ class: 64, endian: 'big' });
    b.u64(b.off.phdr[0]!.offset + 32, 0xffffffffffffffffn);
    expect(code(() => ElfFile.fromBytes(b.bytes).programHeaders)).toBe('OUT_OF_BOUNDS');
    const r = inspect(b.bytes);
    expect(r.error).toBeNull();
    expect(r.linkage).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'linkage')?.code).toBe('OUT_OF_BOUNDS');
  });
});
