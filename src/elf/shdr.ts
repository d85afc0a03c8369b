import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * One section header (gABI "Sections"). `sh_offset`, `sh_size` are file offset / bytes (sh_size of
 * SHT_NOBITS occupies no file space); `sh_addr`, `sh_flags` are bigint.
 */
export interface Shdr {
  index: number;
  sh_name: number;
  sh_type: number;
  sh_flags: bigint;
  sh_addr: bigint;
  sh_offset: number;
  sh_size: number;
  sh_link: number;
  sh_info: number;
  sh_addralign: bigint;
  sh_entsize: number;
}

export const shdrSize = (cls: 32 | 64): number => (cls === 64 ? 64 : 40);

/** Reads section header `i` (no count check: section 0 is read before the count is known). */
export function readSectionHeader(src: ByteSource, h: ElfHeader, i: number): Shdr {
  const size = shdrSize(h.class);
  const name = h.class === 64 ? 'Elf64_Shdr' : 'Elf32_Shdr';
  if (h.e_shentsize < size) {
    throw new BinspectError('UNSUPPORTED', 'elf', name, h.class === 64 ? 58 : 46, `e_shentsize ${h.e_shentsize} < ${size}`);
  }
  const v = view(src, h.e_shoff + i * h.e_shentsize, size, h.littleEndian, { format: 'elf', structure: `${name}[${i}]` });
  return decodeShdr(v, h.class, i);
}

function decodeShdr(v: ByteView, cls: 32 | 64, i: number): Shdr {
  if (cls === 64) {
    return {
      index: i, sh_name: v.u32(0), sh_type: v.u32(4), sh_flags: v.u64(8), sh_addr: v.u64(16), sh_offset: v.u64n(24),
      sh_size: v.u64n(32), sh_link: v.u32(40), sh_info: v.u32(44), sh_addralign: v.u64(48), sh_entsize: v.u64n(56),
    };
  }
  return {
    index: i, sh_name: v.u32(0), sh_type: v.u32(4), sh_flags: BigInt(v.u32(8)), sh_addr: BigInt(v.u32(12)),
    sh_offset: v.u32(16), sh_size: v.u32(20), sh_link: v.u32(24), sh_info: v.u32(28), sh_addralign: BigInt(v.u32(32)),
    sh_entsize: v.u32(36),
  };
}

/** Reads the `count` section headers (the table is checked against the file size first). */
export function readSectionHeaders(src: ByteSource, h: ElfHeader, count: number): Shdr[] {
  if (count === 0) return [];
  const name = h.class === 64 ? 'Elf64_Shdr' : 'Elf32_Shdr';
  if (h.e_shentsize < shdrSize(h.class)) return [readSectionHeader(src, h, 0)]; // throws UNSUPPORTED
  const table = view(src, h.e_shoff, count * h.e_shentsize, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
  const out: Shdr[] = [];
  for (let i = 0; i < count; i++) {
    out.push(decodeShdr(table.sub(i * h.e_shentsize, shdrSize(h.class), `${name}[${i}]`), h.class, i));
  }
  return out;
}
