import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { walkChain } from './chain.js';
import type { ElfHeader } from './header.js';

/** Elf_Verdaux: one name of a defined version (the first is the version's own name). */
export interface Verdaux {
  offset: number;
  vda_name: number;
  vda_next: number;
  name: string;
}

/** Elf_Verdef (LSB "Symbol Versioning", .gnu.version_d): a version this file defines. */
export interface Verdef {
  offset: number;
  vd_version: number;
  /** VER_FLG_BASE (0x1) marks the file's own name entry. */
  vd_flags: number;
  /** The versym index of this version. */
  vd_ndx: number;
  vd_cnt: number;
  vd_hash: number;
  vd_aux: number;
  vd_next: number;
  aux: Verdaux[];
}

/**
 * Reads the Verdef chain at file offset `offset` (DT_VERDEF); `count` is DT_VERDEFNUM or null.
 * Elf_Verdef is 20 bytes and Elf_Verdaux 8 in either class. Throws like `readVerneed`.
 */
export function readVerdef(
  src: ByteSource, h: ElfHeader, offset: number, count: number | null, max: number, str: (off: number) => string,
): Verdef[] {
  const out: Verdef[] = [];
  let budget = max;
  walkChain(offset, 'Elf_Verdef', max, count, h.class === 32, (at) => {
    const v = view(src, at, 20, h.littleEndian, { format: 'elf', structure: 'Elf_Verdef' });
    const def: Verdef = {
      offset: at, vd_version: v.u16(0), vd_flags: v.u16(2), vd_ndx: v.u16(4), vd_cnt: v.u16(6), vd_hash: v.u32(8),
      vd_aux: v.u32(12), vd_next: v.u32(16), aux: [],
    };
    if (def.vd_cnt > 0) {
      budget -= walkChain(at + (h.class === 32 ? def.vd_aux | 0 : def.vd_aux), 'Elf_Verdaux', budget, def.vd_cnt, h.class === 32, (a) => {
        const x = view(src, a, 8, h.littleEndian, { format: 'elf', structure: 'Elf_Verdaux' });
        const vda_name = x.u32(0);
        def.aux.push({ offset: a, vda_name, vda_next: x.u32(4), name: str(vda_name) });
        return x.u32(4);
      });
    }
    out.push(def);
    return def.vd_next;
  });
  return out;
}
