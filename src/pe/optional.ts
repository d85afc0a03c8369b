import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import {
  IMAGE_NT_OPTIONAL_HDR32_MAGIC, IMAGE_NT_OPTIONAL_HDR64_MAGIC, IMAGE_NUMBEROF_DIRECTORY_ENTRIES,
  IMAGE_ROM_OPTIONAL_HDR_MAGIC,
} from './constants.js';

/**
 * IMAGE_DATA_DIRECTORY (spec "Optional Header Data Directories"): an RVA and a size in bytes
 * (for the certificate table, index 4, `VirtualAddress` is a file offset).
 */
export interface DataDirectory {
  VirtualAddress: number;
  Size: number;
}

/**
 * IMAGE_OPTIONAL_HEADER32 / IMAGE_OPTIONAL_HEADER64 (spec "Optional Header (Image Only)"). Field
 * names as the spec spells them; `ImageBase` and the stack/heap sizes are bigint (PE32+ widens them
 * to 64 bits); RVAs and sizes in bytes are numbers. `BaseOfData` exists only in PE32 (null in PE32+).
 */
export interface OptionalHeader {
  /** File offset of the optional header. */
  offset: number;
  /** 0x10b PE32, 0x20b PE32+. */
  Magic: number;
  MajorLinkerVersion: number;
  MinorLinkerVersion: number;
  SizeOfCode: number;
  SizeOfInitializedData: number;
  SizeOfUninitializedData: number;
  AddressOfEntryPoint: number;
  BaseOfCode: number;
  BaseOfData: number | null;
  ImageBase: bigint;
  SectionAlignment: number;
  FileAlignment: number;
  MajorOperatingSystemVersion: number;
  MinorOperatingSystemVersion: number;
  MajorImageVersion: number;
  MinorImageVersion: number;
  MajorSubsystemVersion: number;
  MinorSubsystemVersion: number;
  Win32VersionValue: number;
  SizeOfImage: number;
  SizeOfHeaders: number;
  CheckSum: number;
  Subsystem: number;
  DllCharacteristics: number;
  SizeOfStackReserve: bigint;
  SizeOfStackCommit: bigint;
  SizeOfHeapReserve: bigint;
  SizeOfHeapCommit: bigint;
  LoaderFlags: number;
  /** Raw field; `DataDirectory` holds min(this, 16) entries (the loader ignores SizeOfOptionalHeader here). */
  NumberOfRvaAndSizes: number;
  DataDirectory: DataDirectory[];
}

/** Bytes of the optional header before the data directories: PE32 96, PE32+ 112. */
export const optionalHeaderFixedSize = (pe32plus: boolean): number => (pe32plus ? 112 : 96);

/**
 * Decodes the optional header at file offset `offset` as the Windows loader reads it: the fixed
 * fields of its Magic's layout and `min(NumberOfRvaAndSizes, 16)` data directories after them,
 * whatever SizeOfOptionalHeader (`size`) says (the loader uses SizeOfOptionalHeader only to find
 * the section table, which may overlap the header in loader-valid tiny images). Throws
 * `BinspectError`: `UNSUPPORTED` for a ROM image or an unknown Magic, `TRUNCATED` when those bytes
 * pass the end of the file.
 */
export function readOptionalHeader(src: ByteSource, offset: number, size: number): OptionalHeader {
  void size;
  const where = { format: 'pe' as const, structure: 'IMAGE_OPTIONAL_HEADER' };
  const Magic = view(src, offset, 2, true, where).u16(0);
  if (Magic === IMAGE_ROM_OPTIONAL_HDR_MAGIC) {
    throw new BinspectError('UNSUPPORTED', 'pe', 'IMAGE_OPTIONAL_HEADER', offset, 'ROM image (Magic 0x107)');
  }
  if (Magic !== IMAGE_NT_OPTIONAL_HDR32_MAGIC && Magic !== IMAGE_NT_OPTIONAL_HDR64_MAGIC) {
    throw new BinspectError('UNSUPPORTED', 'pe', 'IMAGE_OPTIONAL_HEADER', offset, `unknown Magic 0x${Magic.toString(16)}`);
  }
  const plus = Magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  const name = plus ? 'IMAGE_OPTIONAL_HEADER64' : 'IMAGE_OPTIONAL_HEADER32';
  const fixed = optionalHeaderFixedSize(plus);
  const NumberOfRvaAndSizes = view(src, offset + fixed - 4, 4, true, { format: 'pe', structure: name }).u32(0);
  const n = Math.min(NumberOfRvaAndSizes, IMAGE_NUMBEROF_DIRECTORY_ENTRIES);
  const v = view(src, offset, fixed + 8 * n, true, { format: 'pe', structure: name });
  const wide = (at: number): bigint => (plus ? v.u64(at) : BigInt(v.u32(at)));
  // PE32+ drops BaseOfData and widens ImageBase and the four stack/heap fields.
  const w = plus ? 8 : 4;
  const DataDirectory: DataDirectory[] = [];
  for (let i = 0; i < n; i++) DataDirectory.push({ VirtualAddress: v.u32(fixed + 8 * i), Size: v.u32(fixed + 8 * i + 4) });
  return {
    offset,
    Magic,
    MajorLinkerVersion: v.u8(2),
    MinorLinkerVersion: v.u8(3),
    SizeOfCode: v.u32(4),
    SizeOfInitializedData: v.u32(8),
    SizeOfUninitializedData: v.u32(12),
    AddressOfEntryPoint: v.u32(16),
    BaseOfCode: v.u32(20),
    BaseOfData: plus ? null : v.u32(24),
    ImageBase: plus ? v.u64(24) : BigInt(v.u32(28)),
    SectionAlignment: v.u32(32),
    FileAlignment: v.u32(36),
    MajorOperatingSystemVersion: v.u16(40),
    MinorOperatingSystemVersion: v.u16(42),
    MajorImageVersion: v.u16(44),
    MinorImageVersion: v.u16(46),
    MajorSubsystemVersion: v.u16(48),
    MinorSubsystemVersion: v.u16(50),
    Win32VersionValue: v.u32(52),
    SizeOfImage: v.u32(56),
    SizeOfHeaders: v.u32(60),
    CheckSum: v.u32(64),
    Subsystem: v.u16(68),
    DllCharacteristics: v.u16(70),
    SizeOfStackReserve: wide(72),
    SizeOfStackCommit: wide(72 + w),
    SizeOfHeapReserve: wide(72 + 2 * w),
    SizeOfHeapCommit: wide(72 + 3 * w),
    LoaderFlags: v.u32(72 + 4 * w),
    NumberOfRvaAndSizes,
    DataDirectory,
  };
}
