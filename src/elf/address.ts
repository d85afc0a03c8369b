import type { Phdr } from './phdr.js';
import type { Shdr } from './shdr.js';
import { PT_LOAD, SHT_NOBITS, SHT_NULL } from './constants.js';

/**
 * The PT_LOAD segment whose memory image `[p_vaddr, p_vaddr + p_memsz)` holds `addr`: the last one
 * in program-header order, as a later mapping replaces an earlier one where they overlap (glibc
 * maps PT_LOAD segments in order, elf/dl-map-segments.h). Null when no PT_LOAD covers it.
 */
export function loadSegmentAt(phdrs: readonly Phdr[], addr: bigint): Phdr | null {
  const a = addr <= 0x1fffffffffffffn ? Number(addr) : NaN;
  for (let i = phdrs.length - 1; i >= 0; i--) {
    const p = phdrs[i]!;
    if (p.p_type !== PT_LOAD) continue;
    // Exact number arithmetic while the address is below 2^53 (always, outside kernels); bigint otherwise.
    if (a === a && p.vaddr === p.vaddr && p.memsz === p.memsz) {
      if (a >= p.vaddr && a < p.vaddr + Math.max(p.memsz, p.p_filesz)) return p;
    } else {
      const mem = p.p_memsz > BigInt(p.p_filesz) ? p.p_memsz : BigInt(p.p_filesz);
      if (addr >= p.p_vaddr && addr < p.p_vaddr + mem) return p;
    }
  }
  return null;
}

/**
 * Translates the virtual address range `[addr, addr + length)` to a file offset through the
 * PT_LOAD segment that maps it (see {@link loadSegmentAt}; gABI "Program Loading"); without
 * PT_LOAD segments, through allocated sections' sh_addr. Returns `null` when that segment does
 * not map the whole range from file bytes (for instance, it lies in .bss) or none maps it.
 */
export function vaddrToOffset(phdrs: readonly Phdr[], shdrs: readonly Shdr[], addr: bigint, length: number): number | null {
  const len = BigInt(length);
  let sawLoad = false;
  for (const p of phdrs) if (p.p_type === PT_LOAD) sawLoad = true;
  if (sawLoad) {
    const p = loadSegmentAt(phdrs, addr);
    if (p === null) return null;
    const rel = addr - p.p_vaddr;
    if (rel + len > BigInt(p.p_filesz)) return null;
    return p.p_offset + Number(rel);
  }
  for (const s of shdrs) {
    if (s.sh_type === SHT_NULL || s.sh_type === SHT_NOBITS || s.sh_addr === 0n) continue;
    if (addr >= s.sh_addr && addr + len <= s.sh_addr + BigInt(s.sh_size)) {
      return s.sh_offset + Number(addr - s.sh_addr);
    }
  }
  return null;
}
