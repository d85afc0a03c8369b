import { describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { memorySource } from '../../src/bytes/source.js';
import { PeFile, isCoffObject } from '../../src/pe/file.js';
import { PE_FIELDS } from '../../src/query/pe.js';
import { buildReport } from '../../src/report/report.js';

/** The report of a parsed PE (through the public report builder). */
const peReportFields = (pe: PeFile) => buildReport(pe.source, null);
import { rvaToFileRange, type SectionHeader } from '../../src/pe/section.js';
import { flagNames, IMAGE_DLLCHARACTERISTICS, IMAGE_FILE_MACHINE } from '../../src/pe/constants.js';
import { buildCoff, PeBuilder, SECTION_OFFSET } from './builder.js';

/** Runs `fn` and returns the BinspectError it throws (fails when it throws nothing or something else). */
function thrown(fn: () => unknown): BinspectError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BinspectError);
    return e as BinspectError;
  }
  throw new Error('expected a BinspectError');
}

const IMPORT = 1;
const EXPORT = 0;
const DEBUG = 6;
const LOAD_CONFIG = 10;
const DELAY = 13;
const SECURITY = 4;

/** An image importing `KERNEL32.dll!GetTickCount` (hint 7) and ordinal 42 of `WS2_32.dll`. */
function withImports(pe32plus = true): PeBuilder {
  const b = new PeBuilder({ pe32plus, dirs: { [IMPORT]: [0x1000, 60] } });
  // descriptors at 0x1000 (3 x 20 bytes, the last null)
  b.u32(0x1000, 0x1100).u32(0x100c, 0x1200).u32(0x1010, 0x1300);
  b.u32(0x1014, 0x1140).u32(0x1020, 0x1210).u32(0x1024, 0x1340);
  b.ptr(0x1100, 0x1400n); // ILT: by name
  b.u16(0x1400, 7).str(0x1402, 'GetTickCount');
  b.ptr(0x1140, pe32plus ? 0x800000000000002an : 0x8000002an); // by ordinal 42
  b.str(0x1200, 'KERNEL32.dll').str(0x1210, 'WS2_32.dll');
  return b;
}

describe('headers', () => {
  it('reads IMAGE_DOS_HEADER, IMAGE_FILE_HEADER and a PE32+ optional header', () => {
    const pe = PeFile.fromBytes(new PeBuilder({ dllCharacteristics: 0x160, subsystemVersion: [10, 0], osVersion: [6, 1] }).bytes);
    expect(pe.format).toBe('pe');
    expect(pe.dosHeader?.e_lfanew).toBe(0x100);
    expect(pe.fileHeader.Machine).toBe(0x8664);
    expect(pe.fileHeader.NumberOfSections).toBe(1);
    expect(pe.optionalHeader?.Magic).toBe(0x20b);
    expect(pe.pe32plus).toBe(true);
    expect(pe.imageBase).toBe(0x140000000n);
    expect(pe.optionalHeader?.BaseOfData).toBeNull();
    expect(pe.optionalHeader?.DataDirectory).toHaveLength(16);
    expect(pe.sections[0]).toMatchObject({ Name: '.data', VirtualAddress: 0x1000, PointerToRawData: SECTION_OFFSET });
    expect(flagNames(IMAGE_DLLCHARACTERISTICS, pe.optionalHeader!.DllCharacteristics)).toEqual(['HIGH_ENTROPY_VA', 'DYNAMIC_BASE', 'NX_COMPAT']);
    const r = peReportFields(pe);
    expect(r).toMatchObject({ class: 64, minOs: { platform: 'windows', version: '10.0' }, osVersion: { platform: 'windows', version: '6.1' } });
  });

  it('reads a PE32 optional header (BaseOfData, 32-bit ImageBase)', () => {
    const pe = PeFile.fromBytes(new PeBuilder({ pe32plus: false, imageBase: 0x10000000n }).bytes);
    expect(pe.optionalHeader?.Magic).toBe(0x10b);
    expect(pe.optionalHeader?.BaseOfData).toBe(0);
    expect(pe.imageBase).toBe(0x10000000n);
    expect(PE_FIELDS.class!(pe)).toBe(32);
    expect(PE_FIELDS.machine!(pe)).toBe('i386');
  });

  it('caps NumberOfRvaAndSizes of 2^32-1 at 16 directories', () => {
    const pe = PeFile.fromBytes(new PeBuilder({ numberOfRvaAndSizes: 0xffffffff }).bytes);
    expect(pe.optionalHeader?.NumberOfRvaAndSizes).toBe(0xffffffff);
    expect(pe.optionalHeader?.DataDirectory).toHaveLength(16);
  });

  it('truncated headers throw TRUNCATED', () => {
    const full = new PeBuilder().bytes;
    expect(thrown(() => PeFile.fromBytes(full.subarray(0, 40))).code).toBe('TRUNCATED');
    const e1 = thrown(() => PeFile.fromBytes(full.subarray(0, 0x102)));
    expect([e1.code, e1.structure]).toEqual(['TRUNCATED', 'IMAGE_NT_HEADERS.Signature']);
    const e2 = thrown(() => PeFile.fromBytes(full.subarray(0, 0x110)));
    expect([e2.code, e2.structure, e2.format]).toEqual(['TRUNCATED', 'IMAGE_FILE_HEADER', 'pe']);
    const e3 = thrown(() => PeFile.fromBytes(full.subarray(0, 0x150)));
    expect([e3.code, e3.structure]).toEqual(['TRUNCATED', 'IMAGE_OPTIONAL_HEADER64']);
    // section table cut off: the constructor succeeds, the sections getter fails
    const pe = PeFile.fromBytes(full.subarray(0, 0x100 + 24 + 240 + 20));
    expect(thrown(() => pe.sections).code).toBe('TRUNCATED');
  });

  it('e_lfanew of 2^32-1 is TRUNCATED, not a crash', () => {
    const b = new PeBuilder();
    b.dv.setUint32(0x3c, 0xffffffff, true);
    expect(thrown(() => PeFile.fromBytes(b.bytes)).code).toBe('TRUNCATED');
  });

  it('MZ without PE\\0\\0 is BAD_MAGIC; NE is UNSUPPORTED; garbage is BAD_MAGIC', () => {
    const b = new PeBuilder();
    b.bytes.set([0x58, 0x58, 0, 0], 0x100);
    expect(thrown(() => PeFile.fromBytes(b.bytes)).code).toBe('BAD_MAGIC');
    b.bytes.set([0x4e, 0x45], 0x100);
    expect(thrown(() => PeFile.fromBytes(b.bytes)).code).toBe('UNSUPPORTED');
    expect(thrown(() => PeFile.fromBytes(new TextEncoder().encode('#!/bin/sh\necho hello world\n'))).code).toBe('BAD_MAGIC');
  });

  it('a ROM optional header is refused; SizeOfOptionalHeader too small is not (the loader reads the header whole and uses it only to find the section table)', () => {
    const b = new PeBuilder();
    b.dv.setUint16(b.optOffset, 0x107, true);
    expect(thrown(() => PeFile.fromBytes(b.bytes)).code).toBe('UNSUPPORTED');
    const c = new PeBuilder();
    const whole = PeFile.fromBytes(c.bytes).optionalHeader!;
    c.dv.setUint16(0x100 + 4 + 16, 50, true);
    const pe = PeFile.fromBytes(c.bytes);
    expect(pe.optionalHeader).toEqual(whole);
    expect(pe.fileHeader.SizeOfOptionalHeader).toBe(50);
  });

  it('NumberOfSections above the limit is LIMIT before any allocation', () => {
    const b = new PeBuilder();
    b.dv.setUint16(0x100 + 4 + 2, 0xffff, true);
    expect(thrown(() => new PeFile(memorySource(b.bytes), { maxSections: 96 })).code).toBe('LIMIT');
    expect(thrown(() => PeFile.fromBytes(b.bytes).sections).code).toBe('TRUNCATED');
  });

  it('the machine table knows every §3.1 value and normalizes only those', () => {
    for (const m of [0x14c, 0x8664, 0xaa64, 0x1c0, 0x1c2, 0x1c4, 0xa641, 0x200, 0x5032, 0x5064, 0x6264]) {
      expect(IMAGE_FILE_MACHINE.has(m)).toBe(true);
    }
    const named = (machine: number): string | null => PE_FIELDS.machine!(PeFile.fromBytes(new PeBuilder({ machine }).bytes)) as string | null;
    expect(named(0x1c2)).toBe('arm');
    expect(named(0xa641)).toBe('arm64ec');
    expect(named(0x6264)).toBe('loongarch64');
    const pe = PeFile.fromBytes(new PeBuilder({ machine: 0x9041 }).bytes);
    expect(PE_FIELDS.machine!(pe)).toBeNull();
    expect(PE_FIELDS.machineCode!(pe)).toBe(0x9041);
  });
});

describe('section table and RVAs', () => {
  const s = (VirtualAddress: number, VirtualSize: number, PointerToRawData: number, SizeOfRawData: number): SectionHeader => ({
    index: 0, Name: '.x', VirtualAddress, VirtualSize, PointerToRawData, SizeOfRawData, PointerToRelocations: 0,
    PointerToLinenumbers: 0, NumberOfRelocations: 0, NumberOfLinenumbers: 0, Characteristics: 0,
  });
  it('maps through the section that holds the RVA, and headers below the first section', () => {
    const secs = [s(0x1000, 0x800, 0x400, 0x600), s(0x2000, 0x100, 0xa00, 0x200)];
    expect(rvaToFileRange(secs, 0x400, 0x1010, 4, 0x10000)).toEqual({ offset: 0x410, end: 0xa00 });
    expect(rvaToFileRange(secs, 0x400, 0x2000, 0x200, 0x10000)).toEqual({ offset: 0xa00, end: 0xc00 });
    expect(rvaToFileRange(secs, 0x400, 0x3c, 4, 0x10000)).toEqual({ offset: 0x3c, end: 0x400 });
    // in the zero-filled tail (past SizeOfRawData), across a section end, outside every section
    expect(rvaToFileRange(secs, 0x400, 0x1700, 4, 0x10000)).toBeNull();
    expect(rvaToFileRange(secs, 0x400, 0x15fe, 4, 0x10000)).toBeNull();
    expect(rvaToFileRange(secs, 0x400, 0x9000, 4, 0x10000)).toBeNull();
    expect(rvaToFileRange(secs, 0x400, 0xffffffff, 4, 0x10000)).toBeNull();
  });
  it('clips a section end to the file size', () => {
    expect(rvaToFileRange([s(0x1000, 0x1000, 0x400, 0x1000)], 0x400, 0x1000, 4, 0x800)).toEqual({ offset: 0x400, end: 0x800 });
  });
});

describe('imports', () => {
  for (const plus of [true, false]) {
    it(`decodes DLL names, names with hints and ordinals (${plus ? 'PE32+' : 'PE32'})`, () => {
      const pe = PeFile.fromBytes(withImports(plus).bytes);
      expect(pe.importDescriptors.map((d) => d.dll)).toEqual(['KERNEL32.dll', 'WS2_32.dll']);
      expect(pe.imports.map((d) => d.functions)).toEqual([
        [{ ordinal: null, hint: 7, name: 'GetTickCount' }],
        [{ ordinal: 42, hint: null, name: null }],
      ]);
      const r = peReportFields(pe);
      expect(r.needed).toEqual(['KERNEL32.dll', 'WS2_32.dll']);
      expect(r.linkage).toBe('dynamic');
      expect(r.fieldErrors).toEqual([]);
    });
  }

  it('falls back to FirstThunk when OriginalFirstThunk is 0', () => {
    const b = withImports();
    b.u32(0x1000, 0).u32(0x1010, 0x1100);
    expect(PeFile.fromBytes(b.bytes).imports[0]?.functions[0]?.name).toBe('GetTickCount');
  });

  it('no import directory: static, needed []', () => {
    const r = peReportFields(PeFile.fromBytes(new PeBuilder().bytes));
    expect(r).toMatchObject({ linkage: 'static', needed: [], delayNeeded: [], soname: null, pdbGuid: null });
  });

  it('an import directory RVA outside every section is OUT_OF_BOUNDS and reported as a field error', () => {
    const b = new PeBuilder({ dirs: { [IMPORT]: [0x7fff0000, 40] } });
    const pe = PeFile.fromBytes(b.bytes);
    const e = thrown(() => pe.importDescriptors);
    expect([e.code, e.structure]).toEqual(['OUT_OF_BOUNDS', 'IMAGE_IMPORT_DESCRIPTOR[0]']);
    const r = peReportFields(pe);
    expect(r.needed).toBeNull();
    expect(r.linkage).toBeNull();
    // The canary reads the imports too (MinGW's __stack_chk_fail), so it cannot be told either.
    expect(r.fieldErrors.map((f) => f.field)).toEqual(['linkage', 'needed', 'features.canary']);
  });

  it('a DLL name RVA outside every section is OUT_OF_BOUNDS with the descriptor index', () => {
    const b = withImports();
    b.u32(0x1020, 0x90000000);
    const e = thrown(() => PeFile.fromBytes(b.bytes).importDescriptors);
    expect([e.code, e.structure]).toEqual(['OUT_OF_BOUNDS', 'IMAGE_IMPORT_DESCRIPTOR[1].Name']);
  });

  it('a descriptor table without a null entry that runs to the end of its section is OUT_OF_BOUNDS', () => {
    const b = new PeBuilder({ sectionSize: 0x200, dirs: { [IMPORT]: [0x1000, 20] } });
    // every descriptor names the (empty) string at 0x1004, inside the table itself
    for (let at = 0x1000; at + 20 <= 0x1200; at += 20) b.u32(at + 12, 0x1004).u32(at + 16, 0x1004);
    const e = thrown(() => PeFile.fromBytes(b.bytes).importDescriptors);
    expect(e.code).toBe('OUT_OF_BOUNDS');
  });

  it('the same descriptor repeated past the cap is LIMIT', () => {
    const b = new PeBuilder({ sectionSize: 0x8000, dirs: { [IMPORT]: [0x1000, 20] } });
    b.str(0x1020, 'X.dll');
    for (let i = 0; i < 200; i++) b.u32(0x1100 + 20 * i + 12, 0x1020).u32(0x1100 + 20 * i + 16, 0x1000);
    b.dir(IMPORT, 0x1100, 20);
    const e = thrown(() => new PeFile(memorySource(b.bytes), { maxImportDescriptors: 100 }).importDescriptors);
    expect([e.code, e.structure]).toEqual(['LIMIT', 'IMAGE_IMPORT_DESCRIPTOR[100]']);
  });

  it('descriptors sharing one endless lookup table stop at the total budget', () => {
    const b = new PeBuilder({ sectionSize: 0x10000, dirs: { [IMPORT]: [0x1000, 20] } });
    b.str(0x1f00, 'X.dll').u16(0x1f10, 0).str(0x1f12, 'f');
    for (let i = 0; i < 50; i++) b.u32(0x1000 + 20 * i, 0x2000).u32(0x1000 + 20 * i + 12, 0x1f00).u32(0x1000 + 20 * i + 16, 0x2000);
    for (let at = 0x2000; at < 0x2000 + 8 * 1000; at += 8) b.u64(at, 0x1f10n);
    const pe = new PeFile(memorySource(b.bytes), { maxImportFunctions: 2500 });
    expect(pe.importDescriptors).toHaveLength(50);
    expect(thrown(() => pe.imports).code).toBe('LIMIT');
  });

  it('a lookup table without a null entry is OUT_OF_BOUNDS at the end of its section', () => {
    const b = withImports();
    for (let at = 0x1100; at < 0x3000; at += 8) b.u64(at, 0x1400n);
    const e = thrown(() => PeFile.fromBytes(b.bytes).imports);
    expect(e.code).toBe('OUT_OF_BOUNDS');
  });

  it('more entries than maxFunctionsPerDll is LIMIT', () => {
    const b = withImports();
    for (let at = 0x1100; at < 0x1100 + 8 * 20; at += 8) b.u64(at, 0x1400n);
    const e = thrown(() => new PeFile(memorySource(b.bytes), { maxFunctionsPerDll: 10 }).imports);
    expect([e.code, e.structure]).toEqual(['LIMIT', 'IMAGE_IMPORT_DESCRIPTOR[0].OriginalFirstThunk[10]']);
  });

  it('a lookup table pointing into the descriptor table decodes without looping', () => {
    const b = withImports();
    b.u32(0x1000, 0x1000); // the ILT is the descriptor table itself: entries are read until a zero
    const pe = PeFile.fromBytes(b.bytes);
    // 0x1000 as u64 = 0x0000_0000_0000_1000 | ...; whatever it decodes to, it ends or throws BinspectError
    try {
      expect(Array.isArray(pe.imports)).toBe(true);
    } catch (e) {
      expect(e).toBeInstanceOf(BinspectError);
    }
  });

  it('a name without NUL before the end of its section is TRUNCATED; an over-long one is LIMIT', () => {
    const b = new PeBuilder({ sectionSize: 0x200, dirs: { [IMPORT]: [0x1000, 40] } });
    b.u32(0x100c, 0x1100).u32(0x1010, 0x1080);
    b.raw(0x1100, new Uint8Array(0x100).fill(0x41));
    expect(thrown(() => PeFile.fromBytes(b.bytes).importDescriptors).code).toBe('TRUNCATED');
    b.raw(0x11ff, [0]);
    expect(thrown(() => new PeFile(memorySource(b.bytes), { maxStringLength: 16 }).importDescriptors).code).toBe('LIMIT');
  });
});

describe('delay-load imports', () => {
  it('reads the RVA-based form (Attributes = 1)', () => {
    const b = new PeBuilder({ dirs: { [DELAY]: [0x1000, 64] } });
    b.u32(0x1000, 1).u32(0x1004, 0x1200).u32(0x1010, 0x1100);
    b.u64(0x1100, 0x1300n).u64(0x1108, 0x8000000000000005n);
    b.u16(0x1300, 3).str(0x1302, 'Foo').str(0x1200, 'late.dll');
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.delayImports).toEqual([expect.objectContaining({
      dll: 'late.dll', rvaBased: true,
      functions: [{ ordinal: null, hint: 3, name: 'Foo' }, { ordinal: 5, hint: null, name: null }],
    })]);
    expect(peReportFields(pe)).toMatchObject({ delayNeeded: ['late.dll'], needed: [], linkage: 'dynamic' });
  });

  it('reads the old VA-based form (Attributes = 0): ImageBase is subtracted', () => {
    const b = new PeBuilder({ pe32plus: false, imageBase: 0x400000n, dirs: { [DELAY]: [0x1000, 64] } });
    b.u32(0x1000, 0).u32(0x1004, 0x401200).u32(0x1010, 0x401100);
    b.u32(0x1100, 0x401300).u32(0x1104, 0x80000009);
    b.u16(0x1300, 0).str(0x1302, 'Bar').str(0x1200, 'old.dll');
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.delayImports[0]).toMatchObject({
      dll: 'old.dll', rvaBased: false, functions: [{ ordinal: null, hint: 0, name: 'Bar' }, { ordinal: 9, hint: null, name: null }],
    });
  });

  it('a VA-based name below ImageBase wraps and is OUT_OF_BOUNDS', () => {
    const b = new PeBuilder({ pe32plus: false, imageBase: 0x400000n, dirs: { [DELAY]: [0x1000, 64] } });
    b.u32(0x1000, 0).u32(0x1004, 0x1200);
    expect(thrown(() => PeFile.fromBytes(b.bytes).delayLoadDescriptors).code).toBe('OUT_OF_BOUNDS');
  });
});

describe('exports', () => {
  /** A DLL exporting ordinal 10 `alpha`, 11 a forwarder `beta` → OTHER.gamma, 13 by ordinal only. */
  function dll(): PeBuilder {
    const b = new PeBuilder({ characteristics: 0x2022, dirs: { [EXPORT]: [0x1000, 0x200] } });
    b.u32(0x100c, 0x1100).u32(0x1010, 10).u32(0x1014, 4).u32(0x1018, 2)
      .u32(0x101c, 0x1040).u32(0x1020, 0x1060).u32(0x1024, 0x1070);
    b.u32(0x1040, 0x1500).u32(0x1044, 0x1180).u32(0x1048, 0).u32(0x104c, 0x1510);
    b.u32(0x1060, 0x1120).u32(0x1064, 0x1130);
    b.u16(0x1070, 0).u16(0x1072, 1);
    b.str(0x1100, 'my.dll').str(0x1120, 'alpha').str(0x1130, 'beta').str(0x1180, 'OTHER.gamma');
    return b;
  }
  it('decodes Name, ordinals, names and forwarders', () => {
    const pe = PeFile.fromBytes(dll().bytes);
    expect(pe.exportDirectory?.dll).toBe('my.dll');
    expect(pe.exports).toEqual([
      { ordinal: 10, rva: 0x1500, names: ['alpha'], forwarder: null },
      { ordinal: 11, rva: 0x1180, names: ['beta'], forwarder: 'OTHER.gamma' },
      { ordinal: 13, rva: 0x1510, names: [], forwarder: null },
    ]);
    expect(peReportFields(pe)).toMatchObject({ type: 'dll', soname: 'my.dll', linkage: 'static' });
  });
  it('an executable with an export directory has no soname', () => {
    const b = dll();
    b.dv.setUint16(0x100 + 4 + 18, 0x22, true);
    expect(PE_FIELDS.soname!(PeFile.fromBytes(b.bytes))).toBeNull();
    expect(PE_FIELDS.type!(PeFile.fromBytes(b.bytes))).toBe('executable');
  });
  it('NumberOfFunctions / NumberOfNames of 2^32-1 are LIMIT', () => {
    const b = dll();
    b.u32(0x1014, 0xffffffff);
    const e = thrown(() => PeFile.fromBytes(b.bytes).exports);
    expect([e.code, e.structure]).toEqual(['LIMIT', 'IMAGE_EXPORT_DIRECTORY.NumberOfFunctions']);
    const c = dll();
    c.u32(0x1018, 0xffffffff);
    expect(thrown(() => PeFile.fromBytes(c.bytes).exports).code).toBe('LIMIT');
  });
  it('a table larger than its section is OUT_OF_BOUNDS before allocation', () => {
    const b = dll();
    b.u32(0x1014, 60000);
    expect(thrown(() => PeFile.fromBytes(b.bytes).exports).code).toBe('OUT_OF_BOUNDS');
  });
  it('a name ordinal past NumberOfFunctions is OUT_OF_BOUNDS', () => {
    const b = dll();
    b.u16(0x1072, 9);
    expect(thrown(() => PeFile.fromBytes(b.bytes).exports).code).toBe('OUT_OF_BOUNDS');
  });
});

describe('debug directory', () => {
  /** An RSDS record with GUID {00112233-4455-6677-8899-aabbccddeeff}, age 3, path C:\x.pdb, plus EX_DLLCHARACTERISTICS. */
  function withDebug(): PeBuilder {
    const b = new PeBuilder({ dirs: { [DEBUG]: [0x1000, 56] } });
    const rsds = [0x52, 0x53, 0x44, 0x53, 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
      0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 3, 0, 0, 0];
    b.u32(0x100c, 2).u32(0x1010, 24 + 9).u32(0x1014, 0x1100).u32(0x1018, SECTION_OFFSET + 0x100);
    b.raw(0x1100, rsds).str(0x1118, 'C:\\x.pdb');
    b.u32(0x101c + 12, 20).u32(0x101c + 16, 4).u32(0x101c + 20, 0x1200).u32(0x101c + 24, SECTION_OFFSET + 0x200);
    b.u32(0x1200, 1);
    return b;
  }
  it('formats the RSDS GUID with Data1-3 little-endian and reads age and path', () => {
    const pe = PeFile.fromBytes(withDebug().bytes);
    expect(pe.debugDirectory.map((d) => d.Type)).toEqual([2, 20]);
    expect(pe.codeView).toEqual({ CvSignature: 'RSDS', guid: '00112233-4455-6677-8899-aabbccddeeff', signature: null, Age: 3, PdbFileName: 'C:\\x.pdb' });
    const r = peReportFields(pe);
    expect(r).toMatchObject({ pdbGuid: '00112233-4455-6677-8899-aabbccddeeff', pdbAge: 3, pdbPath: 'C:\\x.pdb' });
    expect((r.features as Record<string, unknown>).shstk).toBe(true);
  });
  it('falls back to AddressOfRawData when PointerToRawData is 0', () => {
    const b = withDebug();
    b.u32(0x1018, 0);
    expect(PeFile.fromBytes(b.bytes).codeView?.Age).toBe(3);
  });
  it('decodes NB10 (no GUID)', () => {
    const b = withDebug();
    b.raw(0x1100, [0x4e, 0x42, 0x31, 0x30, 0, 0, 0, 0, 0x78, 0x56, 0x34, 0x12, 2, 0, 0, 0]).str(0x1110, 'old.pdb');
    expect(PeFile.fromBytes(b.bytes).codeView).toEqual({ CvSignature: 'NB10', guid: null, signature: 0x12345678, Age: 2, PdbFileName: 'old.pdb' });
  });
  it('a debug directory Size of 2^32-1 is LIMIT; a pdb path with no NUL in SizeOfData is TRUNCATED', () => {
    const b = withDebug();
    b.dir(DEBUG, 0x1000, 0xffffffff);
    expect(thrown(() => PeFile.fromBytes(b.bytes).debugDirectory).code).toBe('LIMIT');
    const c = withDebug();
    c.u32(0x1010, 26);
    expect(thrown(() => PeFile.fromBytes(c.bytes).codeView).code).toBe('TRUNCATED');
    const d = withDebug();
    d.u32(0x1018, 0x7ffffff0);
    const pe = PeFile.fromBytes(d.bytes);
    expect(thrown(() => pe.codeView).code).toBe('TRUNCATED');
    const r = peReportFields(pe);
    expect(r.pdbGuid).toBeNull();
    expect(r.fieldErrors.map((f) => f.field)).toEqual(['pdbGuid', 'pdbAge', 'pdbPath']);
  });
});

describe('load config, Rich header, certificates, CLR, TLS', () => {
  it('reads a 32-bit load config: SecurityCookie, SafeSEH, GuardFlags', () => {
    const b = new PeBuilder({ pe32plus: false, dllCharacteristics: 0x4140, dirs: { [LOAD_CONFIG]: [0x1000, 0x5c] } });
    b.u32(0x1000, 0x5c).u32(0x1000 + 60, 0x403000).u32(0x1000 + 64, 0x402078).u32(0x1000 + 68, 1).u32(0x1000 + 88, 0x500);
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.loadConfig).toMatchObject({ Size: 0x5c, SecurityCookie: 0x403000n, SEHandlerTable: 0x402078n, SEHandlerCount: 1, GuardFlags: 0x500 });
    expect(peReportFields(pe).features).toMatchObject({ safeSeh: true, cfg: true, pie: true, nx: true });
  });
  it('a short Size leaves the later fields null; no load config on x86 is safeSeh false; x86_64 is null', () => {
    const b = new PeBuilder({ pe32plus: false, dirs: { [LOAD_CONFIG]: [0x1000, 0x40] } });
    b.u32(0x1000, 0x40).u32(0x1000 + 60, 0x1234);
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.loadConfig).toMatchObject({ SecurityCookie: 0x1234n, SEHandlerTable: null, GuardFlags: null });
    expect(peReportFields(pe).features).toMatchObject({ safeSeh: false });
    expect(peReportFields(PeFile.fromBytes(new PeBuilder({ pe32plus: false }).bytes)).features).toMatchObject({ safeSeh: false });
    expect(peReportFields(PeFile.fromBytes(new PeBuilder().bytes)).features).toMatchObject({ safeSeh: null, shstk: false, bti: null });
  });
  it('reads a 64-bit load config', () => {
    const b = new PeBuilder({ dirs: { [LOAD_CONFIG]: [0x1000, 0x98] } });
    b.u32(0x1000, 0x98).u64(0x1000 + 88, 0x140003000n).u64(0x1000 + 136, 4n).u32(0x1000 + 144, 0x10500);
    expect(PeFile.fromBytes(b.bytes).loadConfig).toMatchObject({ SecurityCookie: 0x140003000n, GuardCFFunctionCount: 4, GuardFlags: 0x10500 });
  });
  it('decodes a Rich header', () => {
    const key = 0x12345678;
    const words = [0x536e6144, 0, 0, 0, (0x0104 << 16) | 30729, 5, (0x0105 << 16) | 27412, 2];
    const stub = new Uint8Array(words.length * 4 + 8);
    const dv = new DataView(stub.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, (w ^ key) >>> 0, true));
    dv.setUint32(words.length * 4, 0x68636952, true);
    dv.setUint32(words.length * 4 + 4, key, true);
    const pe = PeFile.fromBytes(new PeBuilder({ stub }).bytes);
    expect(pe.richHeader).toEqual({ offset: 0x80, key, entries: [
      { productId: 0x104, build: 30729, count: 5 }, { productId: 0x105, build: 27412, count: 2 },
    ] });
    expect(PeFile.fromBytes(new PeBuilder().bytes).richHeader).toBeNull();
  });
  it('signed = certificate table present; one past the end of the file is TRUNCATED', () => {
    const b = new PeBuilder();
    const certAt = b.bytes.length - 16;
    b.dv.setUint32(certAt, 16, true);
    b.dv.setUint16(certAt + 4, 0x200, true);
    b.dv.setUint16(certAt + 6, 2, true);
    b.dir(SECURITY, certAt, 16);
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.certificates).toEqual([{ offset: certAt, dwLength: 16, wRevision: 0x200, wCertificateType: 2 }]);
    expect(peReportFields(pe).features).toMatchObject({ signed: true });
    b.dir(SECURITY, certAt, 0x10000);
    const r = peReportFields(PeFile.fromBytes(b.bytes));
    expect(r.fieldErrors).toEqual([expect.objectContaining({ field: 'features.signed', code: 'TRUNCATED' })]);
    expect(peReportFields(PeFile.fromBytes(new PeBuilder().bytes)).features).toMatchObject({ signed: false });
  });
  it('reads the CLR header and the TLS directory', () => {
    const b = new PeBuilder({ dirs: { 14: [0x1000, 72], 9: [0x1100, 40] } });
    b.u32(0x1000, 72).u16(0x1004, 2).u16(0x1006, 5).u32(0x1010, 1);
    b.u64(0x1100 + 24, 0x140002000n);
    const pe = PeFile.fromBytes(b.bytes);
    expect(pe.cor20Header).toMatchObject({ cb: 72, MajorRuntimeVersion: 2, MinorRuntimeVersion: 5, Flags: 1 });
    expect(pe.tlsDirectory?.AddressOfCallBacks).toBe(0x140002000n);
  });
});

describe('bare COFF objects', () => {
  it('identifies a COFF header with a known machine', () => {
    const b = buildCoff(0x8664, { symbols: 2 });
    expect(isCoffObject(memorySource(b))).toBe(true);
    const pe = PeFile.fromBytes(b);
    expect(pe.format).toBe('coff');
    const r = peReportFields(pe);
    expect(r).toMatchObject({ machine: 'x86_64', type: 'relocatable', class: null, linkage: null, needed: null, minOs: null, fieldErrors: [] });
  });
  it('rejects unknown machines, optional headers, tables past the end and symbol counts of 2^32-1', () => {
    expect(isCoffObject(memorySource(buildCoff(0x1234)))).toBe(false);
    expect(isCoffObject(memorySource(buildCoff(0)))).toBe(false);
    const opt = buildCoff(0x14c);
    new DataView(opt.buffer).setUint16(16, 224, true);
    expect(isCoffObject(memorySource(opt))).toBe(false);
    expect(isCoffObject(memorySource(buildCoff(0x14c, { sections: 1 }).subarray(0, 40)))).toBe(false);
    expect(isCoffObject(memorySource(buildCoff(0xaa64, { symbols: 0xffffffff })))).toBe(false);
    expect(isCoffObject(memorySource(new Uint8Array(10)))).toBe(false);
    const e = thrown(() => PeFile.fromBytes(buildCoff(0x1234)));
    expect(e.code).toBe('BAD_MAGIC');
  });
});

describe('truncation sweep', () => {
  it('every prefix of a full image throws only BinspectError, from the constructor or a getter', () => {
    const b = withImports();
    b.dir(DEBUG, 0x1800, 28).u32(0x1800 + 12, 2).u32(0x1800 + 16, 30).u32(0x1800 + 24, SECTION_OFFSET + 0x900);
    b.raw(0x1900, [0x52, 0x53, 0x44, 0x53]);
    const full = b.bytes;
    for (let n = 0; n <= full.length; n += 7) {
      let pe: PeFile;
      try {
        pe = PeFile.fromBytes(full.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(BinspectError);
        continue;
      }
      const r = peReportFields(pe);
      for (const f of r.fieldErrors) expect(typeof f.code).toBe('string');
    }
  });
});
