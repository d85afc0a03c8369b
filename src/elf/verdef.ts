import type { ByteSource } from '../bytes/source.js';
import { ChainWindow } from '../bytes/view.js';
import { walkChain } from './chain.js';
import type { ElfHeader } from './header.js';
import type { OnAnomaly } from './verneed.js';

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

const VERDEF = { format: 'elf', structure: 'Elf_Verdef' } as const;
const VERDAUX = { format: 'elf', structure: 'Elf_Verdaux' } as const;

/**
 * Reads the Verdef chain at file offset `offset` (DT_VERDEF) as glibc walks it (elf/dl-version.c):
 * Verdef entries by vd_next and each one's Verdaux entries from vd_aux by vda_next, until a 0 link.
 * `count` (DT_VERDEFNUM, null when absent) and vd_cnt are not used to walk; a count that disagrees
 * with its chain goes to `onAnomaly` (`VERDEF_COUNT_MISMATCH`). Elf_Verdef is 20 bytes and
 * Elf_Verdaux 8 in either class. Throws like `readVerneed`.
 */
export function readVerdef(
  src: ByteSource, h: ElfHeader, offset: number, count: number | null, max: number, str: (off: number) => string,
  onAnomaly: OnAnomaly = () => {},
): Verdef[] {
  const out: Verdef[] = [];
  let budget = max;
  const win = new ChainWindow(src, h.littleEndian);
  const n = walkChain(offset, 'Elf_Verdef', max, null, h.class === 32, (at, i) => {
    const v = win.cover(at, 20, VERDEF);
    const o = at - v.base;
    const def: Verdef = {
      offset: at, vd_version: v.u16(o), vd_flags: v.u16(o + 2), vd_ndx: v.u16(o + 4), vd_cnt: v.u16(o + 6), vd_hash: v.u32(o + 8),
      vd_aux: v.u32(o + 12), vd_next: v.u32(o + 16), aux: [],
    };
    const cnt = walkChain(at + (h.class === 32 ? def.vd_aux | 0 : def.vd_aux), 'Elf_Verdaux', budget, null, h.class === 32, (a) => {
      const x = win.cover(a, 8, VERDAUX);
      const k = a - x.base;
      const vda_name = x.u32(k);
      const vda_next = x.u32(k + 4);
      def.aux.push({ offset: a, vda_name, vda_next, name: str(vda_name) });
      return vda_next;
    });
    budget -= cnt;
    if (cnt !== def.vd_cnt) {
      onAnomaly('VERDEF_COUNT_MISMATCH', `Elf_Verdef[${i}]`, at, `vd_cnt ${def.vd_cnt}, but its vda_next chain has ${cnt} Verdaux entries`);
    }
    out.push(def);
    return def.vd_next;
  });
  if (count !== null && count !== n) {
    onAnomaly('VERDEF_COUNT_MISMATCH', 'DT_VERDEFNUM', null, `DT_VERDEFNUM ${count}, but the vd_next chain (which ld.so walks) has ${n} Verdef entries`);
  }
  return out;
}
