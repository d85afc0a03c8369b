import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import { readCString } from '../bytes/strings.js';
import {
  CV_SIGNATURE_NB10, CV_SIGNATURE_RSDS, IMAGE_DEBUG_TYPE_CODEVIEW, IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS,
} from './constants.js';
import type { PeImage } from './context.js';

/** Size of IMAGE_DEBUG_DIRECTORY in bytes. */
export const IMAGE_SIZEOF_DEBUG_DIRECTORY = 28;

/**
 * IMAGE_DEBUG_DIRECTORY (spec "Debug Directory (Image Only)"). `AddressOfRawData` is an RVA (0
 * when the data is not mapped), `PointerToRawData` a file offset, `SizeOfData` bytes.
 */
export interface DebugDirectory {
  index: number;
  /** File offset of this entry. */
  offset: number;
  Characteristics: number;
  TimeDateStamp: number;
  MajorVersion: number;
  MinorVersion: number;
  Type: number;
  SizeOfData: number;
  AddressOfRawData: number;
  PointerToRawData: number;
}

/**
 * A CodeView record (IMAGE_DEBUG_TYPE_CODEVIEW data): `RSDS` (PDB 7.0: GUID, age, path) or `NB10`
 * (PDB 2.0: a 32-bit signature instead of the GUID). `guid` is the lowercase 8-4-4-4-12 form in
 * the GUID's canonical field order (Data1, Data2, Data3 little-endian, then Data4's 8 bytes in
 * order), as Windows and symbol servers print it; null for NB10.
 */
export interface CodeViewInfo {
  CvSignature: 'RSDS' | 'NB10';
  guid: string | null;
  /** NB10's Signature (a timestamp); null for RSDS. */
  signature: number | null;
  Age: number;
  PdbFileName: string;
}

/**
 * Reads the debug directory at `rva` with `size` bytes (the DEBUG data directory): size / 28
 * entries. Throws `LIMIT` past `limits.maxDebugEntries` (checked before reading), `OUT_OF_BOUNDS`
 * when the table maps to no file bytes.
 */
export function readDebugDirectory(img: PeImage, rva: number, size: number): DebugDirectory[] {
  const n = Math.floor(size / IMAGE_SIZEOF_DEBUG_DIRECTORY);
  if (n === 0) return [];
  const max = img.limits.maxDebugEntries;
  if (n > max) throw new BinspectError('LIMIT', 'pe', 'IMAGE_DEBUG_DIRECTORY', null, `${n} debug entries > ${max}`);
  const { offset } = img.mapRva(rva, n * IMAGE_SIZEOF_DEBUG_DIRECTORY, `IMAGE_DEBUG_DIRECTORY[${n}]`);
  const table = view(img.source, offset, n * IMAGE_SIZEOF_DEBUG_DIRECTORY, true,
    { format: 'pe', structure: `IMAGE_DEBUG_DIRECTORY[${n}]` });
  const out: DebugDirectory[] = [];
  for (let i = 0; i < n; i++) {
    const v = table.sub(i * IMAGE_SIZEOF_DEBUG_DIRECTORY, IMAGE_SIZEOF_DEBUG_DIRECTORY, `IMAGE_DEBUG_DIRECTORY[${i}]`);
    out.push({
      index: i, offset: offset + i * IMAGE_SIZEOF_DEBUG_DIRECTORY, Characteristics: v.u32(0), TimeDateStamp: v.u32(4),
      MajorVersion: v.u16(8), MinorVersion: v.u16(10), Type: v.u32(12), SizeOfData: v.u32(16),
      AddressOfRawData: v.u32(20), PointerToRawData: v.u32(24),
    });
  }
  return out;
}

/**
 * File range of a debug entry's data: `PointerToRawData` when set (what dbghelp reads), else
 * `AddressOfRawData` through the section table. Throws `TRUNCATED` / `OUT_OF_BOUNDS` when the
 * data is not wholly in the file.
 */
function dataRange(img: PeImage, d: DebugDirectory, structure: string): { offset: number; end: number } {
  if (d.PointerToRawData !== 0) {
    view(img.source, d.PointerToRawData, d.SizeOfData, true, { format: 'pe', structure });
    return { offset: d.PointerToRawData, end: d.PointerToRawData + d.SizeOfData };
  }
  const r = img.mapRva(d.AddressOfRawData, d.SizeOfData, structure);
  return { offset: r.offset, end: r.offset + d.SizeOfData };
}

/**
 * Decodes the CodeView record of an IMAGE_DEBUG_TYPE_CODEVIEW entry, or null when its signature is
 * neither RSDS nor NB10. Throws `TRUNCATED` when the record is shorter than its fixed part or the
 * path has no NUL inside SizeOfData, `LIMIT` for a path longer than `limits.maxStringLength`.
 */
export function readCodeView(img: PeImage, d: DebugDirectory): CodeViewInfo | null {
  if (d.Type !== IMAGE_DEBUG_TYPE_CODEVIEW) throw new TypeError('not a CodeView debug entry');
  const structure = `IMAGE_DEBUG_DIRECTORY[${d.index}].CodeView`;
  const { offset, end } = dataRange(img, d, structure);
  if (end - offset < 4) throw new BinspectError('TRUNCATED', 'pe', structure, offset, `SizeOfData ${d.SizeOfData}`);
  const sig = view(img.source, offset, 4, true, { format: 'pe', structure }).u32(0);
  const where = { format: 'pe' as const, structure };
  if (sig === CV_SIGNATURE_RSDS) {
    if (end - offset < 24) throw new BinspectError('TRUNCATED', 'pe', structure, offset, `RSDS record of ${end - offset} bytes`);
    const v = view(img.source, offset, 24, true, where);
    const hex = (at: number, n: number): string =>
      Array.from(v.bytes.subarray(at, at + n), (b) => b.toString(16).padStart(2, '0')).join('');
    const guid = [
      v.u32(4).toString(16).padStart(8, '0'),
      v.u16(8).toString(16).padStart(4, '0'),
      v.u16(10).toString(16).padStart(4, '0'),
      hex(12, 2),
      hex(14, 6),
    ].join('-');
    return {
      CvSignature: 'RSDS', guid, signature: null, Age: v.u32(20),
      PdbFileName: readCString(img.source, offset + 24, end, img.limits.maxStringLength, where),
    };
  }
  if (sig === CV_SIGNATURE_NB10) {
    if (end - offset < 16) throw new BinspectError('TRUNCATED', 'pe', structure, offset, `NB10 record of ${end - offset} bytes`);
    const v = view(img.source, offset, 16, true, where);
    return {
      CvSignature: 'NB10', guid: null, signature: v.u32(8), Age: v.u32(12),
      PdbFileName: readCString(img.source, offset + 16, end, img.limits.maxStringLength, where),
    };
  }
  return null;
}

/**
 * The u32 flags of an IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS entry (IMAGE_DLLCHARACTERISTICS_EX_*).
 * Throws `TRUNCATED` when its data is shorter than 4 bytes or outside the file.
 */
export function readExDllCharacteristics(img: PeImage, d: DebugDirectory): number {
  if (d.Type !== IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS) throw new TypeError('not an EX_DLLCHARACTERISTICS debug entry');
  const structure = `IMAGE_DEBUG_DIRECTORY[${d.index}].ExDllCharacteristics`;
  const { offset, end } = dataRange(img, d, structure);
  if (end - offset < 4) throw new BinspectError('TRUNCATED', 'pe', structure, offset, `SizeOfData ${d.SizeOfData}`);
  return view(img.source, offset, 4, true, { format: 'pe', structure }).u32(0);
}
