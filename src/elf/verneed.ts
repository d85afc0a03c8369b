import type { ByteSource } from '../bytes/source.js';
import { ChainWindow } from '../bytes/view.js';
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

const VERNEED = { format: 'elf', structure: 'Elf_Verneed' } as const;
const VERNAUX = { format: 'elf', structure: 'Elf_Vernaux' } as const;

/** Where a chain walk reports a loader-relevant oddity that does not stop it (see `AnomalyLog`). */
export type OnAnomaly = (code: string, structure: string, offset: number | null, message: string) => void;

/**
 * Reads the Verneed chain at file offset `offset` (from DT_VERNEED) as glibc's
 * `_dl_check_map_versions` (elf/dl-version.c) walks it: Verneed entries by vn_next and each one's
 * Vernaux entries from vn_aux by vna_next, until a 0 link; the counts (DT_VERNEEDNUM, given as
 * `count`, null when absent; vn_cnt) are not used to walk, and a count that disagrees with its
 * chain is reported to `onAnomaly` (`VERNEED_COUNT_MISMATCH`), as is a first vn_version other than
 * 1, which ld.so refuses (`VERNEED_VERSION`). Both structures are 16 bytes in either class. Names
 * come from `str` (dynamic string table offsets). Throws `BinspectError` (`LOOP`, `LIMIT`,
 * `TRUNCATED`, `OUT_OF_BOUNDS`) on a chain that cannot be walked: never a partial list.
 */
export function readVerneed(
  src: ByteSource, h: ElfHeader, offset: number, count: number | null, max: number, str: (off: number) => string,
  onAnomaly: OnAnomaly = () => {},
): Verneed[] {
  const out: Verneed[] = [];
  let budget = max;
  const win = new ChainWindow(src, h.littleEndian);
  const n = walkChain(offset, 'Elf_Verneed', max, null, h.class === 32, (at, i) => {
    const v = win.cover(at, 16, VERNEED);
    const o = at - v.base;
    const vn_file = v.u32(o + 4);
    const entry: Verneed = {
      offset: at, vn_version: v.u16(o), vn_cnt: v.u16(o + 2), vn_file, vn_aux: v.u32(o + 8), vn_next: v.u32(o + 12),
      file: str(vn_file), aux: [],
    };
    if (i === 0 && entry.vn_version !== 1) {
      onAnomaly('VERNEED_VERSION', 'Elf_Verneed[0]', at, `vn_version ${entry.vn_version}: ld.so refuses any Verneed version but 1`);
    }
    const cnt = walkChain(at + (h.class === 32 ? entry.vn_aux | 0 : entry.vn_aux), 'Elf_Vernaux', budget, null, h.class === 32, (a) => {
      const x = win.cover(a, 16, VERNAUX);
      const k = a - x.base;
      const vna_name = x.u32(k + 8);
      const vna_next = x.u32(k + 12);
      entry.aux.push({
        offset: a, vna_hash: x.u32(k), vna_flags: x.u16(k + 4), vna_other: x.u16(k + 6), vna_name, vna_next,
        name: str(vna_name),
      });
      return vna_next;
    });
    budget -= cnt;
    if (cnt !== entry.vn_cnt) {
      onAnomaly('VERNEED_COUNT_MISMATCH', `Elf_Verneed[${i}]`, at,
        `vn_cnt ${entry.vn_cnt}, but its vna_next chain (which ld.so walks) has ${cnt} Vernaux entries`);
    }
    out.push(entry);
    return entry.vn_next;
  });
  if (count !== null && count !== n) {
    onAnomaly('VERNEED_COUNT_MISMATCH', 'DT_VERNEEDNUM', null, `DT_VERNEEDNUM ${count}, but the vn_next chain (which ld.so walks) has ${n} Verneed entries`);
  }
  return out;
}
