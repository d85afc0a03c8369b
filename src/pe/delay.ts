import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import { DLATTR_RVA } from './constants.js';
import type { PeImage } from './context.js';
import { type ImportedFunction, readLookupTable } from './imports.js';

/** Size of the delay-load directory entry (ImgDelayDescr) in bytes. */
export const IMAGE_SIZEOF_DELAYLOAD_DESCRIPTOR = 32;

/**
 * One delay-load directory entry (spec "Delay-Load Directory Table"; delayimp.h `ImgDelayDescr`).
 * With `Attributes & 1` (dlattrRva, every current linker) the pointer fields are RVAs; without it
 * (the VC++ 6 form) they are 32-bit VAs and ImageBase must be subtracted, from the name table's
 * entries too. The raw fields are kept as stored; `dll` is the decoded name.
 */
export interface DelayLoadDescriptor {
  index: number;
  /** File offset of this descriptor. */
  offset: number;
  Attributes: number;
  Name: number;
  ModuleHandle: number;
  DelayImportAddressTable: number;
  DelayImportNameTable: number;
  BoundDelayImportTable: number;
  UnloadDelayImportTable: number;
  TimeStamp: number;
  /** True when the pointer fields are RVAs (Attributes bit 0). */
  rvaBased: boolean;
  dll: string;
}

/** A delay-loaded DLL with the functions of its name table, in table order. */
export interface DelayImportedDll extends DelayLoadDescriptor {
  functions: ImportedFunction[];
}

/** The RVA of a descriptor field: as stored, or VA − ImageBase (mod 2^32) for the old VA form. */
function fieldRva(img: PeImage, rvaBased: boolean, value: number): number {
  if (rvaBased) return value;
  return Number((BigInt(value) - img.imageBase) & 0xffffffffn);
}

/**
 * Reads the delay-load directory table at `rva` (the DELAY_IMPORT data directory), up to the first
 * entry whose `Name` is 0 (as delayhlp.cpp iterates). Throws `BinspectError`: `LIMIT` past
 * `limits.maxImportDescriptors`, `OUT_OF_BOUNDS` when the table or a name maps to no file bytes.
 */
export function readDelayLoadDescriptors(img: PeImage, rva: number): DelayLoadDescriptor[] {
  const out: DelayLoadDescriptor[] = [];
  const max = img.limits.maxImportDescriptors;
  for (let i = 0; ; i++) {
    const structure = `ImgDelayDescr[${i}]`;
    const { offset } = img.mapRva(rva + i * IMAGE_SIZEOF_DELAYLOAD_DESCRIPTOR, IMAGE_SIZEOF_DELAYLOAD_DESCRIPTOR, structure);
    const v = view(img.source, offset, IMAGE_SIZEOF_DELAYLOAD_DESCRIPTOR, true, { format: 'pe', structure });
    const Name = v.u32(4);
    if (Name === 0) return out;
    if (i >= max) throw new BinspectError('LIMIT', 'pe', structure, offset, `more than ${max} delay-load descriptors`);
    const Attributes = v.u32(0);
    const rvaBased = (Attributes & DLATTR_RVA) !== 0;
    out.push({
      index: i, offset, Attributes, Name, ModuleHandle: v.u32(8), DelayImportAddressTable: v.u32(12),
      DelayImportNameTable: v.u32(16), BoundDelayImportTable: v.u32(20), UnloadDelayImportTable: v.u32(24),
      TimeStamp: v.u32(28), rvaBased, dll: img.stringAt(fieldRva(img, rvaBased, Name), `${structure}.Name`),
    });
  }
}

/**
 * The functions delay-imported from `d`, from its DelayImportNameTable (same entry format as an
 * import lookup table; VAs in the old form). See `readLookupTable` for errors.
 */
export function readDelayImportedFunctions(img: PeImage, d: DelayLoadDescriptor, max: number): ImportedFunction[] {
  const toRva = d.rvaBased
    ? (x: bigint) => Number(x & 0x7fffffffn)
    : (x: bigint) => Number((x - img.imageBase) & 0xffffffffn);
  return readLookupTable(img, fieldRva(img, d.rvaBased, d.DelayImportNameTable), max,
    `ImgDelayDescr[${d.index}].DelayImportNameTable`, toRva);
}
