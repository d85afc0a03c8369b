import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import type { FormatName } from '../errors.js';

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
