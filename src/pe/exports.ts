import { BinspectError } from '../errors.js';
import { view } from '../bytes/view.js';
import type { PeImage } from './context.js';

/** Size of IMAGE_EXPORT_DIRECTORY in bytes. */
export const IMAGE_SIZEOF_EXPORT_DIRECTORY = 40;

/**
 * IMAGE_EXPORT_DIRECTORY (spec "Export Directory Table"). `Name` (the DLL's own name),
 * `AddressOfFunctions`, `AddressOfNames` and `AddressOfNameOrdinals` are RVAs; `Base` is the
 * ordinal of the first export address table entry.
 */
export interface ExportDirectory {
  /** File offset of the directory. */
  offset: number;
  Characteristics: number;
  TimeDateStamp: number;
  MajorVersion: number;
  MinorVersion: number;
  Name: number;
  Base: number;
  NumberOfFunctions: number;
  NumberOfNames: number;
  AddressOfFunctions: number;
  AddressOfNames: number;
  AddressOfNameOrdinals: number;
  /** The string at `Name`. */
  dll: string;
}

/**
 * One export address table entry that is in use (non-zero RVA): its ordinal (`Base` + index), the
 * names that point at it (name pointer table order; [] when exported by ordinal only), and either
 * an RVA in the image or, when the RVA falls inside the export directory's range, a forwarder
 * string (`OTHERDLL.Func` or `OTHERDLL.#12`; spec "Export Address Table").
 */
export interface ExportedSymbol {
  ordinal: number;
  rva: number;
  names: string[];
  forwarder: string | null;
}

/**
 * Decodes the export directory at `rva` and the DLL name it gives. Throws `OUT_OF_BOUNDS` when it
 * maps to no file bytes, `TRUNCATED`/`LIMIT` for a bad name.
 */
export function readExportDirectory(img: PeImage, rva: number): ExportDirectory {
  const structure = 'IMAGE_EXPORT_DIRECTORY';
  const { offset } = img.mapRva(rva, IMAGE_SIZEOF_EXPORT_DIRECTORY, structure);
  const v = view(img.source, offset, IMAGE_SIZEOF_EXPORT_DIRECTORY, true, { format: 'pe', structure });
  const Name = v.u32(12);
  return {
    offset, Characteristics: v.u32(0), TimeDateStamp: v.u32(4), MajorVersion: v.u16(8), MinorVersion: v.u16(10),
    Name, Base: v.u32(16), NumberOfFunctions: v.u32(20), NumberOfNames: v.u32(24), AddressOfFunctions: v.u32(28),
    AddressOfNames: v.u32(32), AddressOfNameOrdinals: v.u32(36), dll: img.stringAt(Name, `${structure}.Name`),
  };
}

/**
 * The exports of `dir`, in export address table order; `range` is the EXPORT data directory
 * ([VirtualAddress, VirtualAddress + Size) holds forwarder strings). Both counts are checked
 * against `limits.maxExports` (`LIMIT`) and every table against its section's file bytes
 * (`OUT_OF_BOUNDS`) before anything is allocated; a name ordinal past NumberOfFunctions is
 * `OUT_OF_BOUNDS`.
 */
export function readExports(img: PeImage, dir: ExportDirectory, range: { VirtualAddress: number; Size: number }): ExportedSymbol[] {
  const max = img.limits.maxExports;
  const s = 'IMAGE_EXPORT_DIRECTORY';
  if (dir.NumberOfFunctions > max) {
    throw new BinspectError('LIMIT', 'pe', `${s}.NumberOfFunctions`, dir.offset + 20, `${dir.NumberOfFunctions} > ${max}`);
  }
  if (dir.NumberOfNames > max) {
    throw new BinspectError('LIMIT', 'pe', `${s}.NumberOfNames`, dir.offset + 24, `${dir.NumberOfNames} > ${max}`);
  }
  const nf = dir.NumberOfFunctions;
  const nn = dir.NumberOfNames;
  const eat = nf === 0 ? null : img.mapRva(dir.AddressOfFunctions, nf * 4, `${s}.AddressOfFunctions`);
  const npt = nn === 0 ? null : img.mapRva(dir.AddressOfNames, nn * 4, `${s}.AddressOfNames`);
  const ot = nn === 0 ? null : img.mapRva(dir.AddressOfNameOrdinals, nn * 2, `${s}.AddressOfNameOrdinals`);
  const names: string[][] = new Array<string[]>(nf);
  if (npt && ot) {
    const pv = view(img.source, npt.offset, nn * 4, true, { format: 'pe', structure: `${s}.AddressOfNames` });
    const ov = view(img.source, ot.offset, nn * 2, true, { format: 'pe', structure: `${s}.AddressOfNameOrdinals` });
    for (let i = 0; i < nn; i++) {
      const idx = ov.u16(i * 2);
      if (idx >= nf) {
        throw new BinspectError('OUT_OF_BOUNDS', 'pe', `${s}.AddressOfNameOrdinals[${i}]`, ot.offset + i * 2,
          `name ordinal ${idx} is past NumberOfFunctions ${nf}`);
      }
      const name = img.stringAt(pv.u32(i * 4), `${s}.AddressOfNames[${i}]`);
      (names[idx] ??= []).push(name);
    }
  }
  const out: ExportedSymbol[] = [];
  if (!eat) return out;
  const ev = view(img.source, eat.offset, nf * 4, true, { format: 'pe', structure: `${s}.AddressOfFunctions` });
  const lo = range.VirtualAddress;
  const hi = range.VirtualAddress + range.Size;
  for (let i = 0; i < nf; i++) {
    const rva = ev.u32(i * 4);
    if (rva === 0) continue;
    const forwarder = rva >= lo && rva < hi ? img.stringAt(rva, `${s}.AddressOfFunctions[${i}].forwarder`) : null;
    out.push({ ordinal: dir.Base + i, rva, names: names[i] ?? [], forwarder });
  }
  return out;
}
