import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64 } from './constants.js';

/**
 * `struct mach_header` / `struct mach_header_64` (loader.h). `cputype` and `cpusubtype` are the
 * raw 32-bit words (unsigned); `sizeofcmds` is in bytes.
 */
export interface MachHeader {
  /** The magic as stored, read in the file's own byte order (MH_MAGIC or MH_MAGIC_64). */
  magic: number;
  /** 32 (mach_header, 28 bytes) or 64 (mach_header_64, 32 bytes). */
  class: 32 | 64;
  littleEndian: boolean;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  ncmds: number;
  sizeofcmds: number;
  flags: number;
  /** mach_header_64 only (0 for 32-bit). */
  reserved: number;
  /** Size of this header in bytes: where the load commands begin. */
  size: number;
}

/** Class and byte order of a Mach-O magic read little-endian from the first 4 bytes, or null. */
export function machMagic(le32: number): { class: 32 | 64; littleEndian: boolean } | null {
  switch (le32 >>> 0) {
    case MH_MAGIC: return { class: 32, littleEndian: true };
    case MH_CIGAM: return { class: 32, littleEndian: false };
    case MH_MAGIC_64: return { class: 64, littleEndian: true };
    case MH_CIGAM_64: return { class: 64, littleEndian: false };
    default: return null;
  }
}

/**
 * Decodes the Mach-O header at offset 0 of `src`. Throws `BinspectError` (format 'macho'):
 * `BAD_MAGIC` when the magic is none of MH_MAGIC, MH_CIGAM, MH_MAGIC_64, MH_CIGAM_64;
 * `TRUNCATED` when the file is shorter than the header.
 */
export function readMachHeader(src: ByteSource): MachHeader {
  const m = view(src, 0, Math.min(4, src.size), true, { format: 'macho', structure: 'mach_header' });
  const kind = m.length === 4 ? machMagic(m.u32(0)) : null;
  if (!kind) throw new BinspectError('BAD_MAGIC', 'macho', 'mach_header', 0, 'not a Mach-O magic (0xfeedface/0xfeedfacf either way round)');
  const wide = kind.class === 64;
  const size = wide ? 32 : 28;
  const v = view(src, 0, size, kind.littleEndian, { format: 'macho', structure: wide ? 'mach_header_64' : 'mach_header' });
  return {
    magic: v.u32(0),
    class: kind.class,
    littleEndian: kind.littleEndian,
    cputype: v.u32(4),
    cpusubtype: v.u32(8),
    filetype: v.u32(12),
    ncmds: v.u32(16),
    sizeofcmds: v.u32(20),
    flags: v.u32(24),
    reserved: wide ? v.u32(28) : 0,
    size,
  };
}
