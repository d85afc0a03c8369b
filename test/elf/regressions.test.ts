/**
 * Failing tests for bugs found while writing the unit tests (see the final report for details).
 * Each test states the expected behaviour from DESIGN.md or the code's own docstring.
 */
import { describe, expect, it } from 'vitest';
import { ElfFile, inspect } from '../../src/index.js';
import { ET, LAYOUTS, NT_GNU_PROPERTY_TYPE_0, PT, buildElf, phdrSize, propertyDesc, u32Bytes } from '../builders/elf.js';

describe('bugs', () => {
  // src/elf/dynamic.ts readDynamic: the docstring says "LIMIT when more than `maxEntries` entries
  // precede DT_NULL", but the limit check runs before the DT_NULL test, so a table with exactly
  // maxEntries entries followed by DT_NULL throws LIMIT.
  it.each(LAYOUTS)('readDynamic: exactly maxDynamicEntries entries before DT_NULL is not LIMIT (Elf$class $endian)', (l) => {
    const img = buildElf({ ...l, needed: ['a.so', 'b.so', 'c.so'] }); // 3 NEEDED + STRTAB + STRSZ = 5, then DT_NULL
    expect(img.off.dyn.length).toBe(6);
    expect(ElfFile.fromBytes(img.bytes, { maxDynamicEntries: 5 }).needed).toEqual(['a.so', 'b.so', 'c.so']);
  });

  // src/query/libc.ts elfLibc: DESIGN.md §3 "A static file with Go build info and no libc is `none`
  // on any OS. Otherwise first the OS ...". elfLibc checks EI_OSABI / ABI tag / BSD ident notes
  // first and only then the Go rule, so a static FreeBSD (EI_OSABI 9) or NetBSD (ident note) Go
  // binary is reported as 'freebsd' / 'netbsd' instead of 'none'.
  it('a static Go file with EI_OSABI FreeBSD and no libc is "none"', () => {
    const img = buildElf({
      class: 64, endian: 'little', type: ET.EXEC, osabi: 9,
      notes: [{ name: 'Go', type: 4, desc: new TextEncoder().encode('go-build-id\0') }],
    });
    const r = inspect(img.bytes);
    expect(r.linkage).toBe('static');
    expect(r.libc).toBe('none');
  });
  it('a static Go file with a NetBSD ident note and no libc is "none"', () => {
    const img = buildElf({
      class: 64, endian: 'little', type: ET.EXEC,
      notes: [{ name: 'NetBSD', type: 1, desc: u32Bytes('little', 900000000) },
        { name: 'Go', type: 4, desc: new TextEncoder().encode('go-build-id\0') }],
    });
    expect(inspect(img.bytes).libc).toBe('none');
  });

  // src/elf/file.ts ElfFile.notes: a PT_GNU_PROPERTY range is skipped only when an *earlier*
  // program header's range contains it. When PT_GNU_PROPERTY comes before the PT_NOTE that holds
  // it, both ranges are read and the property note appears twice (and counts twice against maxNotes).
  it('ElfFile.notes: PT_GNU_PROPERTY listed before its PT_NOTE does not duplicate the note', () => {
    const l = { class: 64 as const, endian: 'little' as const };
    const desc = propertyDesc(64, 'little', [{ type: 0xc0000002, data: u32Bytes('little', 3) }]);
    const img = buildElf({
      ...l, gnuPropertySegment: true,
      notes8: [{ name: 'GNU', type: NT_GNU_PROPERTY_TYPE_0, desc }, { name: 'GNU', type: 3, desc: Uint8Array.of(1, 2, 3, 4) }],
    });
    const note = img.off.phdr.find((p) => p.type === PT.NOTE)!.offset;
    const prop = img.off.phdr.find((p) => p.type === PT.GNU_PROPERTY)!.offset;
    // PT_GNU_PROPERTY covers only the property note; PT_NOTE covers both notes.
    img.u64(prop + 32, BigInt(img.off.notes[1]!.offset - img.off.notes[0]!.offset));
    // swap the two program headers
    const a = img.bytes.slice(note, note + phdrSize(64));
    img.bytes.copyWithin(note, prop, prop + phdrSize(64));
    img.bytes.set(a, prop);
    const elf = ElfFile.fromBytes(img.bytes);
    expect(elf.programHeaders.map((p) => p.p_type)).toEqual([PT.LOAD, PT.GNU_PROPERTY, PT.NOTE]);
    expect(elf.notes.map((n) => n.n_type)).toEqual([NT_GNU_PROPERTY_TYPE_0, 3]);
    expect(ElfFile.fromBytes(img.bytes, { maxNotes: 2 }).notes.length).toBe(2);
  });

  // src/query/features.ts 'pie': it calls elfType() without elf.checkExtent(), while the report's
  // `type` field (src/report/report.ts) does check the extent. For a file truncated inside its
  // PT_LOAD, `type` is null with a fieldErrors entry but `features.pie` is still true/false,
  // a value derived from the very field the report says is unknown (DESIGN.md §3: corrupt ⇒ null
  // and listed in fieldErrors).
  it('features.pie is null with a fieldErrors entry when type is, for a truncated file', () => {
    const img = buildElf({ class: 64, endian: 'little', type: ET.EXEC, notes: [{ name: 'X', type: 1, desc: new Uint8Array(64) }] });
    const r = inspect(img.truncated(img.bytes.length - 16));
    expect(r.type).toBeNull();
    expect(r.features!.pie).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'features.pie')?.code).toBe('TRUNCATED');
  });
});
