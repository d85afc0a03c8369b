import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * One program header (gABI "Program Header"). `p_offset`, `p_filesz` are file offset / bytes;
 * `p_vaddr`, `p_paddr`, `p_memsz`, `p_align` are address-space values (bigint).
 */
export interface Phdr {
  index: number;
  p_type: number;
  p_flags: number;
  p_offset: number;
  p_vaddr: bigint;
  p_paddr: bigint;
  p_filesz: number;
  p_memsz: bigint;
  p_align: bigint;
}

/** Size of Elf32_Phdr / Elf64_Phdr. */
export const phdrSize = (cls: 32 | 64): number => (cls === 64 ? 56 : 32);

/**
 * Reads `count` program headers from `e_phoff`. Throws `UNSUPPORTED` when e_phentsize is smaller
 * than the structure, `TRUNCATED` when the table passes the end of the file.
 */
export function readProgramHeaders(src: ByteSource, h: ElfHeader, count: number): Phdr[] {
  if (count === 0) return [];
  const size = phdrSize(h.class);
  const name = h.class === 64 ? 'Elf64_Phdr' : 'Elf32_Phdr';
  if (h.e_phentsize < size) {
    throw new BinspectError('UNSUPPORTED', 'elf', name, h.class === 64 ? 54 : 42, `e_phentsize ${h.e_phentsize} < ${size}`);
  }
  const table = view(src, h.e_phoff, count * h.e_phentsize, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
  const out: Phdr[] = [];
  for (let i = 0; i < count; i++) {
    const v = table.sub(i * h.e_phentsize, size, `${name}[${i}]`);
    if (h.class === 64) {
      out.push({
        index: i, p_type: v.u32(0), p_flags: v.u32(4), p_offset: v.u64n(8), p_vaddr: v.u64(16),
        p_paddr: v.u64(24), p_filesz: v.u64n(32), p_memsz: v.u64(40), p_align: v.u64(48),
      });
    } else {
      out.push({
        index: i, p_type: v.u32(0), p_offset: v.u32(4), p_vaddr: BigInt(v.u32(8)), p_paddr: BigInt(v.u32(12)),
        p_filesz: v.u32(16), p_memsz: BigInt(v.u32(20)), p_flags: v.u32(24), p_align: BigInt(v.u32(28)),
      });
    }
  }
  return out;
}
