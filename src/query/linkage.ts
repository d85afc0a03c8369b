import { DF_1_PIE, ET_CORE, ET_DYN, ET_REL, PT_DYNAMIC, PT_INTERP } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';

export type Linkage = 'static' | 'static-pie' | 'dynamic';

/**
 * ELF linkage (docs/linkage.md): null for ET_REL and ET_CORE; `dynamic` with PT_INTERP; else
 * `static` without PT_DYNAMIC; else `static-pie` for ET_DYN with DF_1_PIE; else `dynamic` for ET_DYN
 * or any DT_NEEDED; else `static`. A file whose segments pass its end throws (never "static").
 */
export function elfLinkage(elf: ElfFile): Linkage | null {
  const t = elf.header.e_type;
  if (t === ET_REL || t === ET_CORE) return null;
  elf.checkExtent();
  if (elf.segments(PT_INTERP).length > 0) return 'dynamic';
  if (elf.segments(PT_DYNAMIC).length === 0) return 'static';
  if (t === ET_DYN && (elf.flags1 & DF_1_PIE) !== 0) return 'static-pie';
  if (t === ET_DYN || elf.needed.length > 0) return 'dynamic';
  return 'static';
}
