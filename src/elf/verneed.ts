import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { walkChain } from './chain.js';
import type { ElfHeader } from './header.js';

/** Elf_Vernaux (LSB "Symbol Versioning", .gnu.version_r): one version needed from a file. */
export interface Vernaux {
  /** File offset of this entry. */
  offset: number;
  vna_hash: number;
  /** VER_FLG_WEAK (0x2) marks a weak version reference. */
  vna_flags: number;
  /** The versym index symbols use to refer to this version. */
  vna_other: number;
  vna_name: number;
  vna_next: number;
  /** The version name (`GLIBC_2.34`), from the dynamic string table. */
  name: string;
}

/** Elf_Verneed: a file (DT_NEEDED name) and the versions needed from it. */
export interface Verneed {
  offset: number;
  vn_version: number;
  vn_cnt: number;
  vn_file: number;
  vn_aux: number;
  vn_next: number;
  file: string;
  aux: Vernaux[];
}

/**
 * Reads the Verneed chain at file offset `offset` (from DT_VERNEED), following vn_next and
 * vna_next as ld.so does; `count` is DT_VERNEEDNUM (null when absent). Both structures are 16 bytes
 * in either class. Names come from `str` (dynamic string table offsets). Throws `BinspectError`
 * (`LOOP`, `LIMIT`, `TRUNCATED`, `OUT_OF_BOUNDS`) on a corrupt table: never a partial list.
 */
export function readVerneed(
  src: ByteSource, h: ElfHeader, offset: number, count: number | null, max: number, str: (off: number) => string,
): Verneed[] {
  const out: Verneed[] = [];
  let budget = max;
  walkChain(offset, 'Elf_Verneed', max, count, h.class === 32, (at) => {
    const v = view(src, at, 16, h.littleEndian, { format: 'elf', structure: 'Elf_Verneed' });
    const vn_file = v.u32(4);
    const entry: Verneed = {
      offset: at, vn_version: v.u16(0), vn_cnt: v.u16(2), vn_file, vn_aux: v.u32(8), vn_next: v.u32(12),
      file: str(vn_file), aux: [],
    };
    if (entry.vn_cnt > 0) {
      budget -= walkChain(at + (h.class === 32 ? entry.vn_aux | 0 : entry.vn_aux), 'Elf_Vernaux', budget, entry.vn_cnt, h.class === 32, (a) => {
        const x = view(src, a, 16, h.littleEndian, { format: 'elf', structure: 'Elf_Vernaux' });
        const vna_name = x.u32(8);
        entry.aux.push({
          offset: a, vna_hash: x.u32(0), vna_flags: x.u16(4), vna_other: x.u16(6), vna_name, vna_next: x.u32(12),
          name: str(vna_name),
        });
        return x.u32(12);
      });
    }
    out.push(entry);
    return entry.vn_next;
  });
  return out;
}
