import { BinspectError } from '../errors.js';
import { ByteView, view } from '../bytes/view.js';
import { inflateZlib } from '../bytes/zlib.js';
import { ELFCOMPRESS_ZLIB, ELFCOMPRESS_ZSTD, SHF_COMPRESSED } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import type { Shdr } from '../elf/shdr.js';
import { type DwarfSection, type DwarfSections, firstProducer, type Producer } from '../dwarf/unit.js';
import { sectionNamed } from './hardening.js';

/** Cap on a compressed debug section's inflated size (it is inflated whole). */
const MAX_INFLATED = 64 * 1024 * 1024;

/** A section read where it lies in the file: views are read on demand. */
function plainSection(e: ElfFile, s: Shdr, name: string): DwarfSection {
  const le = e.header.littleEndian;
  return {
    size: s.sh_size,
    view: (offset, length) => {
      if (!(offset >= 0 && length >= 0 && offset + length <= s.sh_size)) {
        throw new BinspectError('OUT_OF_BOUNDS', 'elf', name, s.sh_offset, `range +${offset}..+${offset + length} is outside the ${s.sh_size}-byte section`);
      }
      return view(e.source, s.sh_offset + offset, length, le, { format: 'elf', structure: name });
    },
  };
}

/** Inflated bytes as a section; errors name the compressed section's file offset. */
function heldSection(e: ElfFile, bytes: Uint8Array, s: Shdr, name: string): DwarfSection {
  const whole = new ByteView(bytes, s.sh_offset, e.header.littleEndian, { format: 'elf', structure: `${name} (decompressed)` });
  return { size: bytes.length, view: (offset, length) => whole.sub(offset, length, whole.where.structure) };
}

/**
 * A DWARF section by its name (`.debug_info`), read as the gABI and GNU tools store it: plain;
 * `SHF_COMPRESSED` (an Elf32_Chdr/Elf64_Chdr, then a zlib stream; zstd is `UNSUPPORTED`); or the
 * older GNU `.zdebug_info` (`ZLIB`, the size as 8 big-endian bytes, a zlib stream). Null when
 * the file has neither.
 */
export function dwarfSection(e: ElfFile, name: string): DwarfSection | null {
  const s = sectionNamed(e, name);
  if (s !== null && (s.sh_flags & SHF_COMPRESSED) === 0n) return plainSection(e, s, name);
  const wide = e.header.class === 64;
  const where = { format: 'elf' as const, structure: name };
  if (s !== null) {
    const chdrSize = wide ? 24 : 12;
    const h = view(e.source, s.sh_offset, Math.min(chdrSize, s.sh_size), e.header.littleEndian, { format: 'elf', structure: `${name} Elf_Chdr` });
    const type = h.u32(0);
    const size = wide ? h.u64n(8) : h.u32(4);
    if (type === ELFCOMPRESS_ZSTD) throw new BinspectError('UNSUPPORTED', 'elf', name, s.sh_offset, 'zstd-compressed section (ELFCOMPRESS_ZSTD)');
    if (type !== ELFCOMPRESS_ZLIB) throw new BinspectError('UNSUPPORTED', 'elf', name, s.sh_offset, `ch_type ${type}`);
    return heldSection(e, inflated(e, s, chdrSize, size, where), s, name);
  }
  const z = sectionNamed(e, `.z${name.slice(1)}`);
  if (z === null) return null;
  const zname = `.z${name.slice(1)}`;
  const h = view(e.source, z.sh_offset, Math.min(12, z.sh_size), e.header.littleEndian, { format: 'elf', structure: zname });
  if (h.length < 12 || h.u8(0) !== 0x5a || h.u8(1) !== 0x4c || h.u8(2) !== 0x49 || h.u8(3) !== 0x42) {
    throw new BinspectError('UNSUPPORTED', 'elf', zname, z.sh_offset, 'no "ZLIB" header');
  }
  const hi = (h.u8(4) << 24 | h.u8(5) << 16 | h.u8(6) << 8 | h.u8(7)) >>> 0;
  const lo = (h.u8(8) << 24 | h.u8(9) << 16 | h.u8(10) << 8 | h.u8(11)) >>> 0;
  return heldSection(e, inflated(e, z, 12, hi * 0x100000000 + lo, { format: 'elf', structure: zname }), z, zname);
}

function inflated(e: ElfFile, s: Shdr, skip: number, size: number, where: { format: 'elf'; structure: string }): Uint8Array {
  if (size > MAX_INFLATED) throw new BinspectError('LIMIT', 'elf', where.structure, s.sh_offset, `a compressed section of ${size} bytes inflated`);
  const data = view(e.source, s.sh_offset + skip, Math.max(0, s.sh_size - skip), e.header.littleEndian, where).bytes;
  const out = inflateZlib(data, size, where, s.sh_offset);
  if (out.length !== size) throw new BinspectError('TRUNCATED', 'elf', where.structure, s.sh_offset, `inflated to ${out.length} of ${size} bytes`);
  return out;
}

/**
 * The first compilation unit's `DW_AT_producer` (DWARF 2-5, §3.1.1), or null with the reason: no
 * `.debug_info`, or no producer in the first units. Throws `BinspectError` for broken sections.
 */
export function elfProducer(e: ElfFile): Producer {
  const info = dwarfSection(e, '.debug_info');
  if (info === null) return { producer: null, reason: 'no DWARF (.debug_info)' };
  const s: DwarfSections = { info, other: (name) => dwarfSection(e, `.debug_${name}`) };
  return firstProducer(s);
}
