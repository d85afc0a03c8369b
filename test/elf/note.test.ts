import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import {
  LAYOUTS, NT_GNU_PROPERTY_TYPE_0, PT, abiTagNote, buildElf, buildIdNote, caught, propertyDesc, u32Bytes,
} from '../builders/elf.js';

function code(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(BinspectError);
  return (e as BinspectError).code;
}

const te = new TextEncoder();

describe.each(LAYOUTS)('Elf_Nhdr, Elf$class $endian endian', (l) => {
  const notes = [
    buildIdNote('00112233445566778899aabbccddeeff01234567'),
    abiTagNote(l.endian, 0, 3, 2, 0),
    { name: 'Go', type: 4, desc: te.encode('abc/def\0') },
    { name: 'FDO', type: 0xcafe1a7e, desc: te.encode('{"type":"deb"}\0') },
    { name: 'OddName', type: 0x77, desc: new Uint8Array([9, 8, 7, 6, 5]) },
    { name: 'Empty', type: 0x78, desc: new Uint8Array(0) },
  ];

  it('decodes every note of a 4-aligned PT_NOTE', () => {
    const img = buildElf({ ...l, notes });
    const elf = ElfFile.fromBytes(img.bytes);
    const got = elf.notes;
    expect(got.map((n) => n.name)).toEqual(['GNU', 'GNU', 'Go', 'FDO', 'OddName', 'Empty']);
    expect(got.map((n) => n.n_type)).toEqual([3, 1, 4, 0xcafe1a7e, 0x77, 0x78]);
    expect(got.map((n) => n.offset)).toEqual(img.off.notes.map((n) => n.offset));
    expect(got.map((n) => n.n_namesz)).toEqual([4, 4, 3, 4, 8, 6]);
    expect(got.map((n) => n.n_descsz)).toEqual([20, 16, 8, 15, 5, 0]);
    expect(got.map((n) => n.desc.base)).toEqual(img.off.notes.map((n) => n.desc));
    expect(Array.from(got[4]!.desc.bytes)).toEqual([9, 8, 7, 6, 5]);
    expect(elf.buildId).toBe('00112233445566778899aabbccddeeff01234567');
    expect(elf.abiTag).toEqual({ os: 0, major: 3, minor: 2, patch: 0 });
    expect(elf.goBuildId).toBe('abc/def');
    expect(elf.packageMetadata).toBe('{"type":"deb"}');
    expect(elf.hasNoteOwner('OddName')).toBe(true);
    expect(elf.hasNoteOwner('Odd')).toBe(false);
    const r = inspect(img.bytes);
    expect(r.buildId).toBe('00112233445566778899aabbccddeeff01234567');
    expect(r.fieldErrors).toEqual([]);
  });

  it('8-aligned notes pad name and descriptor to 8', () => {
    const desc = propertyDesc(l.class, l.endian, [{ type: 0xc0000002, data: u32Bytes(l.endian, 1) }]);
    const img = buildElf({ ...l, notes8: [{ name: 'GNU', type: NT_GNU_PROPERTY_TYPE_0, desc }, { name: 'ABCDE', type: 9, desc: new Uint8Array([1]) }] });
    expect(img.off.notes[1]!.offset - img.off.notes[0]!.offset).toBe(16 + Math.ceil(desc.length / 8) * 8);
    expect(img.off.notes[1]!.desc - img.off.notes[1]!.offset).toBe(24); // 12 + 6 rounded up to 8
    const got = ElfFile.fromBytes(img.bytes).notes;
    expect(got.map((n) => [n.name, n.n_type, n.desc.base])).toEqual([
      ['GNU', NT_GNU_PROPERTY_TYPE_0, img.off.notes[0]!.desc], ['ABCDE', 9, img.off.notes[1]!.desc],
    ]);
  });

  it('notes of several PT_NOTE segments are concatenated; PT_GNU_PROPERTY inside a PT_NOTE is not read twice', () => {
    const desc = propertyDesc(l.class, l.endian, [{ type: 0xc0000002, data: u32Bytes(l.endian, 3) }]);
    const img = buildElf({ ...l, notes: [buildIdNote('aa')], notes8: [{ name: 'GNU', type: 5, desc }], gnuPropertySegment: true });
    expect(img.off.phdr.map((p) => p.type)).toContain(PT.GNU_PROPERTY);
    const got = ElfFile.fromBytes(img.bytes).notes;
    expect(got.map((n) => n.n_type)).toEqual([3, 5]);
  });

  it('no notes: buildId, abiTag, goBuildId null', () => {
    const elf = ElfFile.fromBytes(buildElf({ ...l }).bytes);
    expect(elf.notes).toEqual([]);
    expect(elf.buildId).toBeNull();
    expect(elf.abiTag).toBeNull();
    expect(elf.goBuildId).toBeNull();
    expect(inspect(buildElf({ ...l }).bytes).buildId).toBeNull();
  });

  it('an ABI tag shorter than 16 bytes is ignored', () => {
    const elf = ElfFile.fromBytes(buildElf({ ...l, notes: [{ name: 'GNU', type: 1, desc: u32Bytes(l.endian, 0, 3) }] }).bytes);
    expect(elf.abiTag).toBeNull();
  });

  describe('hostile', () => {
    it('n_descsz past the segment is TRUNCATED at the note header', () => {
      const img = buildElf({ ...l, notes: [buildIdNote('0102'), buildIdNote('0304')] });
      const second = img.off.notes[1]!.offset;
      img.u32(second + 4, 0x100);
      const e = caught(() => ElfFile.fromBytes(img.bytes).notes) as BinspectError;
      expect(e.code).toBe('TRUNCATED');
      expect(e.offset).toBe(second);
      const r = inspect(img.bytes);
      expect(r.buildId).toBeNull();
      expect(r.fieldErrors.find((f) => f.field === 'buildId')?.code).toBe('TRUNCATED');
    });

    it.each([0xffffffff, 0x80000000])('n_namesz %i is TRUNCATED', (n) => {
      const img = buildElf({ ...l, notes: [buildIdNote('0102')] });
      img.u32(img.off.notes[0]!.offset, n);
      expect(code(() => ElfFile.fromBytes(img.bytes).notes)).toBe('TRUNCATED');
    });

    it('n_descsz 0xffffffff is TRUNCATED', () => {
      const img = buildElf({ ...l, notes: [buildIdNote('0102')] });
      img.u32(img.off.notes[0]!.offset + 4, 0xffffffff);
      expect(code(() => ElfFile.fromBytes(img.bytes).notes)).toBe('TRUNCATED');
    });

    it('PT_NOTE past the end of the file is TRUNCATED', () => {
      const img = buildElf({ ...l, notes: [buildIdNote('0102')] });
      const ph = img.off.phdr.find((p) => p.type === PT.NOTE)!.offset;
      img.word(ph + (l.class === 64 ? 32 : 16), img.bytes.length);
      expect(code(() => ElfFile.fromBytes(img.bytes).notes)).toBe('TRUNCATED');
    });

    it('more notes than limits.maxNotes is LIMIT', () => {
      const img = buildElf({ ...l, notes: [buildIdNote('01'), buildIdNote('02'), buildIdNote('03')] });
      expect(code(() => ElfFile.fromBytes(img.bytes, { maxNotes: 2 }).notes)).toBe('LIMIT');
      expect(ElfFile.fromBytes(img.bytes, { maxNotes: 3 }).notes.length).toBe(3);
    });

    it('trailing bytes shorter than a note header are ignored', () => {
      const img = buildElf({ ...l, notes: [buildIdNote('0102')], needed: ['a.so'] });
      const ph = img.off.phdr.find((p) => p.type === PT.NOTE)!.offset;
      img.word(ph + (l.class === 64 ? 32 : 16), img.off.noteSegment4!.size + 8);
      expect(img.off.noteSegment4!.offset + img.off.noteSegment4!.size + 8).toBeLessThan(img.bytes.length);
      expect(ElfFile.fromBytes(img.bytes).notes.length).toBe(1);
    });
  });
});
