import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
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
