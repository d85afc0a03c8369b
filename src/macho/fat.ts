import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { FAT_MAGIC, FAT_MAGIC_64 } from './constants.js';

/**
 * One `struct fat_arch` (20 bytes) or `struct fat_arch_64` (32 bytes) of fat.h, big-endian.
 * `offset` and `size` are file offsets / bytes of the slice inside the fat file; `align` is a
 * power of two exponent. `error` is set when this slice cannot be read (its range passes the end
 * of the file, overlaps the fat header or an earlier slice, or a 64-bit field exceeds 2^53):
 * one bad slice never hides the others.
 */
export interface FatArch {
  index: number;
  cputype: number;
  cpusubtype: number;
  offset: number;
  size: number;
  align: number;
  /** fat_arch_64 only (0 otherwise). */
  reserved: number;
  error: BinspectError | null;
}

/** `struct fat_header` with its decoded fat_arch table. */
export interface FatHeader {
  /** FAT_MAGIC or FAT_MAGIC_64. */
  magic: number;
  nfat_arch: number;
  archs: FatArch[];
}

/** True if the first 4 bytes (big-endian) are FAT_MAGIC or FAT_MAGIC_64. */
export function isFatMagic(be32: number): boolean {
  return be32 === FAT_MAGIC || be32 === FAT_MAGIC_64;
}

/**
 * Reads the fat header and its arch table (fat.h; always big-endian). Throws `BinspectError`
 * (format 'macho-fat'): `BAD_MAGIC` (not FAT_MAGIC/FAT_MAGIC_64), `LIMIT` (nfat_arch above
 * `maxArchs`), `TRUNCATED` (the header or table passes the end of the file). Problems of one
 * slice's range are recorded in that arch's `error` instead.
 */
export function readFatHeader(src: ByteSource, maxArchs: number): FatHeader {
  const h = view(src, 0, Math.min(8, src.size), false, { format: 'macho-fat', structure: 'fat_header' });
  const magic = h.length >= 4 ? h.u32(0) : 0;
  if (!isFatMagic(magic)) throw new BinspectError('BAD_MAGIC', 'macho-fat', 'fat_header', 0, 'not FAT_MAGIC or FAT_MAGIC_64');
  if (h.length < 8) throw new BinspectError('TRUNCATED', 'macho-fat', 'fat_header', 0, `file is ${src.size} bytes, shorter than fat_header`);
  const nfat_arch = h.u32(4);
  if (nfat_arch > maxArchs) {
    throw new BinspectError('LIMIT', 'macho-fat', 'fat_header', 4, `nfat_arch ${nfat_arch} > ${maxArchs}`);
  }
  const wide = magic === FAT_MAGIC_64;
  const entSize = wide ? 32 : 20;
  const name = wide ? 'fat_arch_64' : 'fat_arch';
  const tableEnd = 8 + nfat_arch * entSize;
  const table = view(src, 8, nfat_arch * entSize, false, { format: 'macho-fat', structure: `${name}[${nfat_arch}]` });
  const archs: FatArch[] = [];
  for (let i = 0; i < nfat_arch; i++) {
    const v = table.sub(i * entSize, entSize, `${name}[${i}]`);
    const arch: FatArch = { index: i, cputype: v.u32(0), cpusubtype: v.u32(4), offset: 0, size: 0, align: 0, reserved: 0, error: null };
    try {
      arch.offset = wide ? v.u64n(8) : v.u32(8);
      arch.size = wide ? v.u64n(16) : v.u32(12);
      arch.align = v.u32(wide ? 24 : 16);
      arch.reserved = wide ? v.u32(28) : 0;
      const end = arch.offset + arch.size;
      const where = `${name}[${i}]`;
      if (end > src.size) {
        throw new BinspectError('TRUNCATED', 'macho-fat', where, arch.offset,
          `slice [0x${arch.offset.toString(16)}, 0x${end.toString(16)}) passes the end of the ${src.size}-byte file`);
      }
      if (arch.offset < tableEnd) {
        throw new BinspectError('OUT_OF_BOUNDS', 'macho-fat', where, arch.offset,
          `slice at 0x${arch.offset.toString(16)} overlaps the fat header (ends at 0x${tableEnd.toString(16)})`);
      }
      const other = archs.find((a) => a.error === null && arch.offset < a.offset + a.size && a.offset < end);
      if (other) {
        throw new BinspectError('OUT_OF_BOUNDS', 'macho-fat', where, arch.offset, `slice overlaps slice ${other.index}`);
      }
    } catch (e) {
      if (!(e instanceof BinspectError)) throw e;
      arch.error = e;
    }
    archs.push(arch);
  }
  return { magic, nfat_arch, archs };
}
