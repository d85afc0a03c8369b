import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import type { FormatName } from '../errors.js';
import { IMAGE_FILE_DLL, IMAGE_FILE_MACHINE, IMAGE_FILE_MACHINE_UNKNOWN, IMAGE_SCN_CNT_UNINITIALIZED_DATA } from './constants.js';
import { hasMzMagic } from './dos.js';
import { IMAGE_SIZEOF_SECTION_HEADER, readSectionHeaders } from './section.js';

/** Size of IMAGE_FILE_HEADER in bytes. */
export const IMAGE_SIZEOF_FILE_HEADER = 20;
/** Size of one COFF symbol table record (IMAGE_SYMBOL) in bytes. */
export const IMAGE_SIZEOF_SYMBOL = 18;

/**
 * IMAGE_FILE_HEADER, the COFF file header (spec "COFF File Header (Object and Image)"). In an image
 * it follows the `PE\0\0` signature; a bare object file starts with it. `PointerToSymbolTable` is a
 * file offset (0 when there is no COFF symbol table); `TimeDateStamp` is seconds since 1970 (or a
 * reproducible-build hash).
 */
export interface FileHeader {
  /** File offset of this header. */
  offset: number;
  Machine: number;
  NumberOfSections: number;
  TimeDateStamp: number;
  PointerToSymbolTable: number;
  NumberOfSymbols: number;
  SizeOfOptionalHeader: number;
  Characteristics: number;
}

/**
 * Decodes IMAGE_FILE_HEADER at file offset `offset`. Throws `TRUNCATED` when the 20 bytes are not
 * all in the file.
 */
export function readFileHeader(src: ByteSource, offset: number, format: FormatName = 'pe'): FileHeader {
  const v = view(src, offset, IMAGE_SIZEOF_FILE_HEADER, true, { format, structure: 'IMAGE_FILE_HEADER' });
  return {
    offset,
    Machine: v.u16(0),
    NumberOfSections: v.u16(2),
    TimeDateStamp: v.u32(4),
    PointerToSymbolTable: v.u32(8),
    NumberOfSymbols: v.u32(12),
    SizeOfOptionalHeader: v.u16(16),
    Characteristics: v.u16(18),
  };
}

/**
 * True when `src` looks like a bare COFF object file (spec "COFF File Header (Object and Image)";
 * what `cl /c` and `gcc -c` for Windows targets write): no `MZ`, an IMAGE_FILE_HEADER whose Machine
 * is a known, non-UNKNOWN value, no optional header, no DLL flag, and a section table, section data
 * and symbol table that all lie inside the file. Never throws for the file's content.
 */
export function isCoffObject(src: ByteSource): boolean {
  if (src.size < IMAGE_SIZEOF_FILE_HEADER) return false;
  const head = src.read(0, 2);
  if (hasMzMagic(head)) return false;
  const h = readFileHeader(src, 0, 'coff');
  if (h.Machine === IMAGE_FILE_MACHINE_UNKNOWN || h.Machine === 0x1 || !IMAGE_FILE_MACHINE.has(h.Machine)) return false;
  if (h.SizeOfOptionalHeader !== 0 || (h.Characteristics & IMAGE_FILE_DLL) !== 0) return false;
  const tableEnd = IMAGE_SIZEOF_FILE_HEADER + h.NumberOfSections * IMAGE_SIZEOF_SECTION_HEADER;
  if (tableEnd > src.size) return false;
  if (h.PointerToSymbolTable !== 0) {
    if (h.PointerToSymbolTable < tableEnd || h.PointerToSymbolTable + h.NumberOfSymbols * IMAGE_SIZEOF_SYMBOL > src.size) return false;
  } else if (h.NumberOfSymbols !== 0) {
    return false;
  }
  if (h.NumberOfSections === 0 && h.NumberOfSymbols === 0) return false;
  for (const s of readSectionHeaders(src, IMAGE_SIZEOF_FILE_HEADER, h.NumberOfSections, 'coff')) {
    if (s.VirtualAddress !== 0 && s.VirtualSize === 0) continue; // tolerate odd but harmless values
    if ((s.Characteristics & IMAGE_SCN_CNT_UNINITIALIZED_DATA) !== 0 || s.SizeOfRawData === 0) continue;
    if (s.PointerToRawData < tableEnd || s.PointerToRawData + s.SizeOfRawData > src.size) return false;
  }
  return true;
}
