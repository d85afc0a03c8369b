import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import { IMAGE_ORDINAL_FLAG32, IMAGE_ORDINAL_FLAG64 } from './constants.js';
import type { PeImage } from './context.js';

/** Size of IMAGE_IMPORT_DESCRIPTOR in bytes. */
export const IMAGE_SIZEOF_IMPORT_DESCRIPTOR = 20;

/**
 * IMAGE_IMPORT_DESCRIPTOR (spec "Import Directory Table"): one imported DLL. All fields are RVAs
 * except `TimeDateStamp` and `ForwarderChain`. `OriginalFirstThunk` (the spec's Import Lookup Table
 * RVA, winnt.h's `Characteristics` union) may be 0 in old binders' output; then the names are read
 * from `FirstThunk` (the Import Address Table), which holds the same entries until bound.
 */
export interface ImportDescriptor {
  index: number;
  /** File offset of this descriptor. */
  offset: number;
  OriginalFirstThunk: number;
  TimeDateStamp: number;
  ForwarderChain: number;
  Name: number;
  FirstThunk: number;
  /** The DLL name at `Name`. */
  dll: string;
}

/**
 * One import lookup table entry (spec "Import Lookup Table"): by ordinal (`ordinal` set, `name`
 * and `hint` null) or by name through IMAGE_IMPORT_BY_NAME (`hint`, `name` set, `ordinal` null).
 */
export interface ImportedFunction {
  ordinal: number | null;
  hint: number | null;
  name: string | null;
}

/** An imported DLL with the functions of its lookup table, in table order. */
export interface ImportedDll extends ImportDescriptor {
  functions: ImportedFunction[];
}

/**
 * Reads the import directory table at `rva` (the IMPORT data directory) as the loader maps it: the
 * table ends at the first descriptor whose `Name` or `FirstThunk` is 0 (as the Windows loader
 * stops; the spec's null descriptor is such a one), and a descriptor in its section's zero-filled
 * tail (past SizeOfRawData, inside VirtualSize) reads as zeros, i.e. a terminator. Throws `BinspectError`: `LIMIT` past `limits.maxImportDescriptors`,
 * `OUT_OF_BOUNDS` when the table or a name lies outside every section's file bytes (including a
 * table that runs off its section without a terminator), `TRUNCATED`/`LIMIT` for bad names.
 */
export function readImportDescriptors(img: PeImage, rva: number): ImportDescriptor[] {
  const out: ImportDescriptor[] = [];
  const max = img.limits.maxImportDescriptors;
  for (let i = 0; ; i++) {
    const structure = `IMAGE_IMPORT_DESCRIPTOR[${i}]`;
    const at = rva + i * IMAGE_SIZEOF_IMPORT_DESCRIPTOR;
    // As mapped: a terminator in the section's zero-filled tail (VirtualSize > SizeOfRawData) is zeros.
    const v = img.imageView(at, IMAGE_SIZEOF_IMPORT_DESCRIPTOR, structure);
    const offset = v.base;
    const Name = v.u32(12);
    const FirstThunk = v.u32(16);
    if (Name === 0 || FirstThunk === 0) return out;
    if (i >= max) throw new BinspectError('LIMIT', 'pe', structure, offset, `more than ${max} import descriptors`);
    out.push({
      index: i, offset, OriginalFirstThunk: v.u32(0), TimeDateStamp: v.u32(4), ForwarderChain: v.u32(8), Name, FirstThunk,
      dll: img.stringAt(Name, `${structure}.Name`),
    });
  }
}

/**
 * Reads an import lookup table (or delay-load import name table) at `rva`: pointer-sized entries
 * (4 bytes in PE32, 8 in PE32+) up to a zero entry. An entry with the ordinal flag (bit 31 / 63)
 * imports ordinal `entry & 0xffff`; otherwise bits 0..30 are the RVA of an IMAGE_IMPORT_BY_NAME
 * (u16 Hint, then the NUL-terminated name). `toRva` turns a name entry's value into an RVA (the
 * identity, except in VA-based delay-load descriptors). Throws `LIMIT` after `max` entries,
 * `OUT_OF_BOUNDS` when the table runs off its section's file bytes or a name RVA maps nowhere.
 */
export function readLookupTable(img: PeImage, rva: number, max: number, structure: string,
  toRva: (value: bigint) => number = (x) => Number(x & 0x7fffffffn)): ImportedFunction[] {
  const size = img.pe32plus ? 8 : 4;
  const start = img.mapRva(rva, size, structure);
  const out: ImportedFunction[] = [];
  // The table must lie in the bytes of the section it starts in; read it in chunks.
  const room = Math.floor((start.end - start.offset) / size);
  const chunk = 512;
  for (let i = 0; ; i += chunk) {
    const n = Math.min(chunk, room - i);
    if (n <= 0) {
      // Past the section's file bytes: zeros where the loader zero-fills (a terminator), else an error.
      try {
        if (img.imageView(rva + Math.min(i, room) * size, size, structure).bytes.every((b) => b === 0)) return out;
      } catch (e) {
        if (!(e instanceof BinspectError)) throw e;
      }
      throw new BinspectError('OUT_OF_BOUNDS', 'pe', `${structure}[${i}]`, start.offset + i * size,
        'lookup table runs past the end of its section without a null entry');
    }
    const v = view(img.source, start.offset + i * size, n * size, true, { format: 'pe', structure });
    for (let k = 0; k < n; k++) {
      const value = img.pe32plus ? v.u64(k * size) : BigInt(v.u32(k * size));
      if (value === 0n) return out;
      const index = i + k;
      if (index >= max) {
        throw new BinspectError('LIMIT', 'pe', `${structure}[${index}]`, start.offset + index * size, `more than ${max} entries`);
      }
      const byOrdinal = img.pe32plus ? (value & IMAGE_ORDINAL_FLAG64) !== 0n : (Number(value) & IMAGE_ORDINAL_FLAG32) !== 0;
      if (byOrdinal) {
        out.push({ ordinal: Number(value & 0xffffn), hint: null, name: null });
      } else {
        const ibn = toRva(value);
        const what = `${structure}[${index}].IMAGE_IMPORT_BY_NAME`;
        const { offset } = img.mapRva(ibn, 2, what);
        const hint = view(img.source, offset, 2, true, { format: 'pe', structure: what }).u16(0);
        out.push({ ordinal: null, hint, name: img.stringAt(ibn + 2, what) });
      }
    }
  }
}

/**
 * The functions imported from `d`: its import lookup table (`OriginalFirstThunk`), or the import
 * address table (`FirstThunk`) when there is none. See {@link readLookupTable}.
 */
export function readImportedFunctions(img: PeImage, d: ImportDescriptor, max: number): ImportedFunction[] {
  const rva = d.OriginalFirstThunk !== 0 ? d.OriginalFirstThunk : d.FirstThunk;
  return readLookupTable(img, rva, max, `IMAGE_IMPORT_DESCRIPTOR[${d.index}].OriginalFirstThunk`);
}
