import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * The DT_VERSYM table (.gnu.version): one Elf_Half per dynamic symbol. Bit 15 is VERSYM_HIDDEN;
 * the low 15 bits index a Verdef (vd_ndx) or Vernaux (vna_other); 0 local, 1 global.
 * Read in one range of `count * 2` bytes; throws `TRUNCATED` when it passes the end of the file.
 */
export interface Versym {
  readonly count: number;
  /** Raw entry `i` (0 <= i < count). */
  get(i: number): number;
}

export function readVersym(src: ByteSource, h: ElfHeader, offset: number, count: number): Versym {
  const v: ByteView = view(src, offset, count * 2, h.littleEndian, { format: 'elf', structure: `Elf_Versym[${count}]` });
  return { count, get: (i) => v.u16(i * 2) };
}
