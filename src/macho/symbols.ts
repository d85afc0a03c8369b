import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { readCString } from '../bytes/strings.js';
import { view } from '../bytes/view.js';
import type { LinkeditData } from './codesign.js';
import {
  DYLD_CHAINED_IMPORT, DYLD_CHAINED_IMPORT_ADDEND, DYLD_CHAINED_IMPORT_ADDEND64, N_EXT, N_STAB, N_TYPE, N_UNDF, N_WEAK_REF,
} from './constants.js';
import type { MachHeader } from './header.js';
import type { MachOLimits } from './limits.js';
import { type LoadCommand, needSize } from './loadcommands.js';

/** `struct symtab_command` (LC_SYMTAB, 24 bytes): symbol table and string table file ranges. */
export interface SymtabCommand {
  symoff: number;
  nsyms: number;
  stroff: number;
  strsize: number;
}

/** `struct dysymtab_command` (LC_DYSYMTAB, 80 bytes): the partition of the symbol table (indexes and counts). */
export interface DysymtabCommand {
  ilocalsym: number;
  nlocalsym: number;
  iextdefsym: number;
  nextdefsym: number;
  iundefsym: number;
  nundefsym: number;
  tocoff: number;
  ntoc: number;
  modtaboff: number;
  nmodtab: number;
  extrefsymoff: number;
  nextrefsyms: number;
  indirectsymoff: number;
  nindirectsyms: number;
  extreloff: number;
  nextrel: number;
  locreloff: number;
  nlocrel: number;
}

export function readSymtab(lc: LoadCommand): SymtabCommand {
  needSize(lc, 24, 'symtab_command');
  const v = lc.data;
  return { symoff: v.u32(8), nsyms: v.u32(12), stroff: v.u32(16), strsize: v.u32(20) };
}

export function readDysymtab(lc: LoadCommand): DysymtabCommand {
  needSize(lc, 80, 'dysymtab_command');
  const v = lc.data;
  return {
    ilocalsym: v.u32(8), nlocalsym: v.u32(12), iextdefsym: v.u32(16), nextdefsym: v.u32(20),
    iundefsym: v.u32(24), nundefsym: v.u32(28), tocoff: v.u32(32), ntoc: v.u32(36), modtaboff: v.u32(40), nmodtab: v.u32(44),
    extrefsymoff: v.u32(48), nextrefsyms: v.u32(52), indirectsymoff: v.u32(56), nindirectsyms: v.u32(60),
    extreloff: v.u32(64), nextrel: v.u32(68), locreloff: v.u32(72), nlocrel: v.u32(76),
  };
}

/**
 * A symbol this image imports: its name, the library ordinal (two-level namespace: 1..n is the
 * n-th dylib load command; 0 self, 0xfe / -2 dynamic (flat) lookup, 0xff / -1 main executable,
 * -3 weak lookup) and that dylib's install name (null for special ordinals or a flat namespace).
 */
export interface ImportedSymbol {
  name: string;
  ordinal: number;
  library: string | null;
  weak: boolean;
}

/**
 * The external undefined symbols of LC_SYMTAB (`struct nlist` 12 bytes / `nlist_64` 16 bytes):
 * the LC_DYSYMTAB undefined range when there is one, else every N_UNDF|N_EXT entry that is not a
 * common symbol (n_value 0). Library ordinals come from GET_LIBRARY_ORDINAL(n_desc) when
 * `twoLevel` (MH_TWOLEVEL). Only the needed entries are read. Throws `LIMIT` (nsyms above
 * `maxSymbols`), `TRUNCATED` (tables past the end of the file), `OUT_OF_BOUNDS` (undefined range
 * outside nsyms, name outside the string table).
 */
export function undefinedSymbols(
  src: ByteSource, h: MachHeader, st: SymtabCommand, dy: DysymtabCommand | null, dylibs: readonly string[],
  twoLevel: boolean, limits: MachOLimits,
): ImportedSymbol[] {
  if (st.nsyms > limits.maxSymbols) throw new BinspectError('LIMIT', 'macho', 'symtab_command', null, `nsyms ${st.nsyms} > ${limits.maxSymbols}`);
  const entSize = h.class === 64 ? 16 : 12;
  const name = h.class === 64 ? 'nlist_64' : 'nlist';
  let first = 0;
  let count = st.nsyms;
  if (dy) {
    if (dy.iundefsym + dy.nundefsym > st.nsyms) {
      throw new BinspectError('OUT_OF_BOUNDS', 'macho', 'dysymtab_command', null,
        `undefined symbols [${dy.iundefsym}, +${dy.nundefsym}) pass nsyms ${st.nsyms}`);
    }
    first = dy.iundefsym;
    count = dy.nundefsym;
  }
  const table = view(src, st.symoff + first * entSize, count * entSize, h.littleEndian, { format: 'macho', structure: `${name}[${st.nsyms}]` });
  const strEnd = Math.min(st.stroff + st.strsize, src.size);
  const out: ImportedSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const v = table.sub(i * entSize, entSize, `${name}[${first + i}]`);
    const n_strx = v.u32(0);
    const n_type = v.u8(4);
    const n_desc = v.u16(6);
    const n_value = h.class === 64 ? v.u64(8) : BigInt(v.u32(8));
    if ((n_type & N_STAB) !== 0 || (n_type & N_TYPE) !== N_UNDF || (n_type & N_EXT) === 0 || n_value !== 0n) continue;
    const ordinal = twoLevel ? (n_desc >>> 8) & 0xff : 0xfe;
    out.push({
      name: readCString(src, st.stroff + n_strx, strEnd, limits.maxStringLength, { format: 'macho', structure: `${name}[${first + i}].n_strx` }),
      ordinal, library: ordinal >= 1 && ordinal <= dylibs.length ? (dylibs[ordinal - 1] ?? null) : null,
      weak: (n_desc & N_WEAK_REF) !== 0,
    });
  }
  return out;
}

/**
 * The imports of LC_DYLD_CHAINED_FIXUPS (`dyld_chained_fixups_header`, fixup-chains.h; file
 * byte order): one entry per import in table order, for the three import formats
 * (DYLD_CHAINED_IMPORT 4 bytes, _ADDEND 8, _ADDEND64 16). 8-bit ordinals 0xfd..0xff and 16-bit
 * 0xfffd..0xffff are the negative special ordinals. Throws `TRUNCATED`, `OUT_OF_BOUNDS`, `LIMIT`,
 * `UNSUPPORTED` (unknown imports_format or compressed symbols_format).
 */
export function chainedImports(
  src: ByteSource, h: MachHeader, le: LinkeditData, dylibs: readonly string[], limits: MachOLimits,
): ImportedSymbol[] {
  const where = { format: 'macho' as const, structure: 'dyld_chained_fixups_header' };
  const blob = view(src, le.dataoff, le.datasize, h.littleEndian, where);
  const hd = blob.sub(0, 28, 'dyld_chained_fixups_header');
  const imports_offset = hd.u32(8);
  const symbols_offset = hd.u32(12);
  const imports_count = hd.u32(16);
  const imports_format = hd.u32(20);
  const symbols_format = hd.u32(24);
  if (symbols_format !== 0) throw new BinspectError('UNSUPPORTED', 'macho', where.structure, le.dataoff + 24, `symbols_format ${symbols_format}`);
  if (imports_count > limits.maxSymbols) {
    throw new BinspectError('LIMIT', 'macho', where.structure, le.dataoff + 16, `imports_count ${imports_count} > ${limits.maxSymbols}`);
  }
  const size = imports_format === DYLD_CHAINED_IMPORT ? 4 : imports_format === DYLD_CHAINED_IMPORT_ADDEND ? 8
    : imports_format === DYLD_CHAINED_IMPORT_ADDEND64 ? 16 : 0;
  if (size === 0) throw new BinspectError('UNSUPPORTED', 'macho', where.structure, le.dataoff + 20, `imports_format ${imports_format}`);
  const table = blob.sub(imports_offset, imports_count * size, 'dyld_chained_import');
  const strStart = le.dataoff + symbols_offset;
  const strEnd = le.dataoff + le.datasize;
  const out: ImportedSymbol[] = [];
  for (let i = 0; i < imports_count; i++) {
    let ordinal: number;
    let weak: boolean;
    let nameOffset: number;
    if (size === 16) {
      const lo = table.u32(i * 16);
      const hi = table.u32(i * 16 + 4);
      ordinal = lo & 0xffff;
      if (ordinal >= 0xfff0) ordinal -= 0x10000;
      weak = ((lo >>> 16) & 1) !== 0;
      nameOffset = hi;
    } else {
      const w = table.u32(i * size);
      ordinal = w & 0xff;
      if (ordinal >= 0xf0) ordinal -= 0x100;
      weak = ((w >>> 8) & 1) !== 0;
      nameOffset = w >>> 9;
    }
    out.push({
      name: readCString(src, strStart + nameOffset, strEnd, limits.maxStringLength, { format: 'macho', structure: `dyld_chained_import[${i}]` }),
      ordinal, library: ordinal >= 1 && ordinal <= dylibs.length ? (dylibs[ordinal - 1] ?? null) : null, weak,
    });
  }
  return out;
}
