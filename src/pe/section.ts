import { BinspectError, type FormatName } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { latin1Name, readCString } from '../bytes/strings.js';

/** Size of IMAGE_SECTION_HEADER in bytes. */
export const IMAGE_SIZEOF_SECTION_HEADER = 40;

/**
 * IMAGE_SECTION_HEADER (spec "Section Table (Section Headers)"). `VirtualAddress` is an RVA,
 * `VirtualSize` bytes in memory (`Misc.VirtualSize`; the physical address in objects),
 * `PointerToRawData`/`SizeOfRawData` the file offset and size of its bytes.
 */
export interface SectionHeader {
  index: number;
  /** The 8-byte Name field with trailing NULs removed (`.text`, or `/4` for a long name). */
  Name: string;
  VirtualSize: number;
  VirtualAddress: number;
  SizeOfRawData: number;
  PointerToRawData: number;
  PointerToRelocations: number;
  PointerToLinenumbers: number;
  NumberOfRelocations: number;
  NumberOfLinenumbers: number;
  Characteristics: number;
}


/**
 * Reads `count` section headers from file offset `offset` (right after the optional header).
 * The whole table is bounds-checked against the file before any entry is decoded: `TRUNCATED`
 * when it passes the end of the file.
 */
export function readSectionHeaders(src: ByteSource, offset: number, count: number, format: FormatName = 'pe'): SectionHeader[] {
  if (count === 0) return [];
  const table = view(src, offset, count * IMAGE_SIZEOF_SECTION_HEADER, true,
    { format, structure: `IMAGE_SECTION_HEADER[${count}]` });
  const out: SectionHeader[] = [];
  for (let i = 0; i < count; i++) {
    const v = table.sub(i * IMAGE_SIZEOF_SECTION_HEADER, IMAGE_SIZEOF_SECTION_HEADER, `IMAGE_SECTION_HEADER[${i}]`);
    out.push({
      index: i,
      Name: latin1Name(v.bytes.subarray(0, 8)),
      VirtualSize: v.u32(8),
      VirtualAddress: v.u32(12),
      SizeOfRawData: v.u32(16),
      PointerToRawData: v.u32(20),
      PointerToRelocations: v.u32(24),
      PointerToLinenumbers: v.u32(28),
      NumberOfRelocations: v.u16(32),
      NumberOfLinenumbers: v.u16(34),
      Characteristics: v.u32(36),
    });
  }
  return out;
}

/**
 * The full name of a section: `Name`, or for `/nnn` (decimal offset; spec "Section Table") the
 * string at that offset of the COFF string table, which starts right after the symbol table at
 * `stringTable` (file offset; null when the file has no symbol table). `//base64` names (offsets
 * above 9999999 in large objects) are decoded too.
 */
export function sectionLongName(src: ByteSource, s: SectionHeader, stringTable: number | null, maxLength: number,
  format: FormatName = 'pe'): string {
  if (!s.Name.startsWith('/') || stringTable === null) return s.Name;
  let off: number;
  if (s.Name.startsWith('//')) {
    off = 0;
    for (const c of s.Name.slice(2)) {
      const d = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(c);
      if (d < 0) return s.Name;
      off = off * 64 + d;
    }
  } else if (/^\/[0-9]{1,7}$/.test(s.Name)) {
    off = Number(s.Name.slice(1));
  } else {
    return s.Name;
  }
  const where = { format, structure: `IMAGE_SECTION_HEADER[${s.index}].Name` };
  const size = view(src, stringTable, 4, true, where).u32(0);
  return readCString(src, stringTable + off, stringTable + size, maxLength, where);
}

/** A file range an RVA maps to: `offset` of the RVA and `end` of the file bytes that back its section. */
export interface FileRange {
  offset: number;
  end: number;
}

/**
 * Translates the RVA range `[rva, rva + length)` to file offsets (spec "Section Table": a section
 * spans `[VirtualAddress, VirtualAddress + VirtualSize)` in memory, of which the first
 * `SizeOfRawData` bytes come from `PointerToRawData`). RVAs below `SizeOfHeaders` and below every
 * section map to the same file offset (the headers are loaded at RVA 0). Returns null when no
 * section backs the whole range with file bytes (the RVA is outside every section, in a zero-filled
 * tail, or the range crosses a section's end). `end` is clipped to `fileSize`.
 */
export function rvaToFileRange(sections: readonly SectionHeader[], sizeOfHeaders: number, rva: number, length: number,
  fileSize: number): FileRange | null {
  if (!(rva >= 0 && length >= 0)) return null;
  for (const s of sections) {
    const vsize = s.VirtualSize === 0 ? s.SizeOfRawData : s.VirtualSize;
    if (rva < s.VirtualAddress || rva >= s.VirtualAddress + vsize) continue;
    const rel = rva - s.VirtualAddress;
    if (s.PointerToRawData === 0 || rel + length > s.SizeOfRawData) return null;
    const end = Math.min(s.PointerToRawData + s.SizeOfRawData, fileSize);
    const offset = s.PointerToRawData + rel;
    if (offset + length > end) return null;
    return { offset, end };
  }
  const first = sections.reduce((m, s) => Math.min(m, s.VirtualAddress), Number.POSITIVE_INFINITY);
  const headerEnd = Math.min(sizeOfHeaders, first, fileSize);
  if (rva + length <= headerEnd) return { offset: rva, end: headerEnd };
  return null;
}

/** {@link rvaToFileRange} that throws `OUT_OF_BOUNDS` (structure `what`, no offset) instead of returning null. */
export function mapRva(sections: readonly SectionHeader[], sizeOfHeaders: number, rva: number, length: number,
  fileSize: number, what: string): FileRange {
  const r = rvaToFileRange(sections, sizeOfHeaders, rva, length, fileSize);
  if (r === null) {
    throw new BinspectError('OUT_OF_BOUNDS', 'pe', what, null,
      `RVA 0x${rva.toString(16)} (+${length}) is not backed by file bytes of any section`);
  }
  return r;
}
