import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { EM, ET, LAYOUTS, buildElf, caught, ehdrSize, phdrSize, shdrSize } from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

describe.each(LAYOUTS)('Elf$class_Ehdr, $endian endian', (l) => {
  it('decodes every field as written', () => {
    const img = buildElf({ ...l, type: ET.DYN, machine: EM.AARCH64, osabi: 3, entry: 0x12345n, sections: [{ name: '.x', type: 1 }] });
    img.u32(img.ehdr.e_flags, 0xa0b0c0d);
    const h = ElfFile.fromBytes(img.bytes).header;
    expect(h.class).toBe(l.class);
    expect(h.littleEndian).toBe(l.endian === 'little');
    expect(h.ei_version).toBe(1);
    expect(h.ei_osabi).toBe(3);
    expect(h.ei_abiversion).toBe(0);
    expect(h.e_type).toBe(ET.DYN);
    expect(h.e_machine).toBe(EM.AARCH64);
    expect(h.e_version).toBe(1);
    expect(h.e_entry).toBe(0x12345n);
    expect(h.e_phoff).toBe(img.off.phdrs);
    expect(h.e_shoff).toBe(img.off.shdrs);
    expect(h.e_flags).toBe(0xa0b0c0d);
    expect(h.e_ehsize).toBe(ehdrSize(l.class));
    expect(h.e_phentsize).toBe(phdrSize(l.class));
    expect(h.e_phnum).toBe(1);
    expect(h.e_shentsize).toBe(shdrSize(l.class));
    expect(h.e_shnum).toBe(3);
    expect(h.e_shstrndx).toBe(2);
  });

  it('TRUNCATED when the file ends inside the header', () => {
    const img = buildElf({ ...l });
    const e = caught(() => ElfFile.fromBytes(img.truncated(ehdrSize(l.class) - 1))) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('TRUNCATED');
    expect(e.format).toBe('elf');
    expect(code(() => ElfFile.fromBytes(img.truncated(10)))).toBe('TRUNCATED');
    expect(inspect(img.truncated(30)).error?.code).toBe('TRUNCATED');
  });

  it('UNSUPPORTED for an unknown EI_CLASS or EI_DATA', () => {
    const a = buildElf({ ...l });
    a.u8(4, 3);
    expect(code(() => ElfFile.fromBytes(a.bytes))).toBe('UNSUPPORTED');
    const b = buildElf({ ...l });
    b.u8(5, 0);
    const e = caught(() => ElfFile.fromBytes(b.bytes)) as BinspectError;
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.offset).toBe(5);
    const r = inspect(b.bytes);
    expect(r.format).toBe('elf');
    expect(r.error?.code).toBe('UNSUPPORTED');
  });
});

describe('ELF header: magic and 64-bit fields', () => {
  it('BAD_MAGIC for non-ELF bytes, short files and empty files', () => {
    expect(code(() => ElfFile.fromBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x47, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])))).toBe('BAD_MAGIC');
    expect(code(() => ElfFile.fromBytes(new Uint8Array([0x7f, 0x45, 0x4c])))).toBe('BAD_MAGIC');
    expect(code(() => ElfFile.fromBytes(new Uint8Array(0)))).toBe('BAD_MAGIC');
    const r = inspect(new Uint8Array(100));
    expect(r.format).toBeNull();
    expect(r.error?.code).toBe('BAD_MAGIC');
  });

  it('only a magic-prefixed short file is TRUNCATED', () => {
    expect(code(() => ElfFile.fromBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2])))).toBe('TRUNCATED');
  });

  it('e_entry above 2^53 stays exact as a bigint', () => {
    const img = buildElf({ class: 64, endian: 'little', entry: 0xffffffff81000000n });
    expect(ElfFile.fromBytes(img.bytes).header.e_entry).toBe(0xffffffff81000000n);
  });

  it.each(['e_phoff', 'e_shoff'] as const)('%s above 2^53 is OUT_OF_BOUNDS at its field offset', (field) => {
    const img = buildElf({ class: 64, endian: 'big' });
    img.u64(img.ehdr[field], 2n ** 53n + 8n);
    const e = caught(() => ElfFile.fromBytes(img.bytes)) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.offset).toBe(field === 'e_phoff' ? 32 : 40);
    const r = inspect(img.bytes);
    expect(r.error?.code).toBe('OUT_OF_BOUNDS');
    expect(r.linkage).toBeNull();
  });

  it('exactly 2^53 - 1 is accepted as an offset (then the table is TRUNCATED)', () => {
    const img = buildElf({ class: 64, endian: 'little' });
    img.u64(img.ehdr.e_phoff, 2n ** 53n - 1n);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.header.e_phoff).toBe(Number.MAX_SAFE_INTEGER);
    expect(code(() => elf.programHeaders)).toBe('TRUNCATED');
  });

  it('TypeError for bad arguments', () => {
    expect(() => ElfFile.fromBytes([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => new ElfFile(null as never)).toThrow(TypeError);
    expect(() => inspect('x' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('inspect reports class, endian, machine and machineCode from the header', () => {
    const cases: Array<[32 | 64, 'little' | 'big', number, string]> = [
      [64, 'little', EM.X86_64, 'x86_64'], [64, 'big', EM.AARCH64, 'aarch64_be'], [32, 'little', EM.ARM, 'arm'],
      [32, 'big', EM.MIPS, 'mips'], [64, 'little', EM.MIPS, 'mips64el'], [64, 'big', EM.PPC64, 'powerpc64'],
      [64, 'little', EM.RISCV, 'riscv64'], [64, 'big', EM.S390, 's390x'], [32, 'little', 0x9026, 'alpha'],
      [64, 'little', 247, 'bpf'], [64, 'little', 0x7777, ''],
    ];
    for (const [cls, endian, machine, name] of cases) {
      const r = inspect(buildElf({ class: cls, endian, machine }).bytes);
      expect(r.class).toBe(cls);
      expect(r.endian).toBe(endian);
      expect(r.machineCode).toBe(machine);
      expect(r.machine, `${machine}`).toBe(name === '' ? null : name);
    }
  });
});
