import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * One symbol table entry (gABI "Symbol Table"). `st_name` is an offset into the linked string
 * table; `st_value`/`st_size` are bigint. `bind` = st_info >> 4, `type` = st_info & 0xf.
 */
export interface Sym {
  index: number;
  st_name: number;
  st_info: number;
  st_other: number;
  st_shndx: number;
  st_value: bigint;
  st_size: bigint;
  bind: number;
  type: number;
}

export const symSize = (cls: 32 | 64): number => (cls === 64 ? 24 : 16);

/** Reads entry `i` of the symbol table at file offset `tableOffset` with entries `entsize` bytes apart. */
export function readSymbol(src: ByteSource, h: ElfHeader, tableOffset: number, entsize: number, i: number): Sym {
  const name = h.class === 64 ? 'Elf64_Sym' : 'Elf32_Sym';
  const v = view(src, tableOffset + i * entsize, symSize(h.class), h.littleEndian, { format: 'elf', structure: `${name}[${i}]` });
  const st_info = h.class === 64 ? v.u8(4) : v.u8(12);
  const base = { index: i, st_name: v.u32(0), st_info, bind: st_info >> 4, type: st_info & 0xf };
  return h.class === 64
    ? { ...base, st_other: v.u8(5), st_shndx: v.u16(6), st_value: v.u64(8), st_size: v.u64(16) }
    : { ...base, st_value: BigInt(v.u32(4)), st_size: BigInt(v.u32(8)), st_other: v.u8(13), st_shndx: v.u16(14) };
}

/**
 * The fields of dynamic symbol entries that version queries need, decoded on demand from the
 * bytes (no object, no bigint per symbol). `i` is the symbol index (0 <= i < count).
 */
export interface SymbolFields {
  readonly count: number;
  /** st_name: offset of the name in the linked string table (DT_STRTAB). */
  st_name(i: number): number;
  /** STB_* binding: st_info >> 4. */
  bind(i: number): number;
  /** st_shndx: SHN_UNDEF (0) for an undefined symbol. */
  st_shndx(i: number): number;
}

/**
 * The symbol table at file offset `tableOffset` (`count` entries, `entsize` bytes apart) as
 * {@link SymbolFields}. `whole`: the table is read as one range of `count * entsize` bytes (for a
 * walk of every entry); otherwise each entry read is its own small range (for a few entries of a
 * large table). Throws `TRUNCATED`/`OUT_OF_BOUNDS` (`Elf64_Sym[i]`) when an entry passes the end.
 */
export function symbolFields(src: ByteSource, h: ElfHeader, tableOffset: number, entsize: number, count: number, whole: boolean): SymbolFields {
  const name = h.class === 64 ? 'Elf64_Sym' : 'Elf32_Sym';
  const size = symSize(h.class);
  const [info, shndx] = h.class === 64 ? [4, 6] : [12, 14];
  if (whole) {
    const v = view(src, tableOffset, count * entsize, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
    return {
      count,
      st_name: (i) => v.u32(i * entsize),
      bind: (i) => v.u8(i * entsize + info) >> 4,
      st_shndx: (i) => v.u16(i * entsize + shndx),
    };
  }
  const entry = (i: number): ByteView => view(src, tableOffset + i * entsize, size, h.littleEndian, { format: 'elf', structure: `${name}[${i}]` });
  return { count, st_name: (i) => entry(i).u32(0), bind: (i) => entry(i).u8(info) >> 4, st_shndx: (i) => entry(i).u16(shndx) };
}
