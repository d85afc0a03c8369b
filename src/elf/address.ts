import type { Phdr } from './phdr.js';
import type { Shdr } from './shdr.js';
import { PT_LOAD, SHT_NOBITS, SHT_NULL } from './constants.js';

/**
 * Translates the virtual address range `[addr, addr + length)` to a file offset through the
 * PT_LOAD segment whose file image contains it (gABI "Program Loading"); without PT_LOAD segments,
 * through allocated sections' sh_addr. Returns `null` when no segment maps the whole range from
 * file bytes (for instance, it lies in .bss).
 */
export function vaddrToOffset(phdrs: readonly Phdr[], shdrs: readonly Shdr[], addr: bigint, length: number): number | null {
  const len = BigInt(length);
  let sawLoad = false;
  // Exact number arithmetic while the address is below 2^53 (always, outside kernels); bigint otherwise.
  const a = addr <= 0x1fffffffffffffn ? Number(addr) : NaN;
  for (const p of phdrs) {
    if (p.p_type !== PT_LOAD) continue;
    sawLoad = true;
    if (a === a && p.vaddr === p.vaddr) {
      if (a >= p.vaddr && a + length <= p.vaddr + p.p_filesz) return p.p_offset + (a - p.vaddr);
    } else if (addr >= p.p_vaddr && addr + len <= p.p_vaddr + BigInt(p.p_filesz)) {
      return p.p_offset + Number(addr - p.p_vaddr);
    }
  }
  if (sawLoad) return null;
  for (const s of shdrs) {
    if (s.sh_type === SHT_NULL || s.sh_type === SHT_NOBITS || s.sh_addr === 0n) continue;
    if (addr >= s.sh_addr && addr + len <= s.sh_addr + BigInt(s.sh_size)) {
      return s.sh_offset + Number(addr - s.sh_addr);
    }
  }
  return null;
}
