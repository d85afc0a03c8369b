import { view } from '../bytes/view.js';
import type { ElfFile } from '../elf/file.js';
import type { MachOFile } from '../macho/file.js';
import type { PeFile } from '../pe/file.js';
import { isUpxMagic, UPX_PE_SECTIONS } from '../provenance/upx.js';

/**
 * `packer` (ELF): `upx` when UPX's `l_info` (its `UPX!` magic at +4) follows the program header
 * table, where UPX's stub puts it; else null. `UPX!` bytes anywhere else (a string in the
 * program's data) do not count.
 */
export function elfPacker(e: ElfFile): 'upx' | null {
  const h = e.header;
  if (h.e_phoff === 0 || e.phnum === 0) return null;
  const at = h.e_phoff + e.phnum * h.e_phentsize;
  if (at + 24 > e.source.size) return null;
  const v = view(e.source, at, 24, h.littleEndian, { format: 'elf', structure: 'l_info' });
  return isUpxMagic(v.bytes, 4) ? 'upx' : null;
}

/** `packer` (PE): `upx` when the section table has UPX's `UPX0` and `UPX1` sections. */
export function pePacker(f: PeFile): 'upx' | null {
  if (f.optionalHeader === null) return null;
  const names = new Set(f.sections.map((s) => s.Name));
  return UPX_PE_SECTIONS.every((n) => names.has(n)) ? 'upx' : null;
}

/** `packer` (Mach-O): `upx` when UPX's `l_info` follows the load commands. */
export function machoPacker(m: MachOFile): 'upx' | null {
  const at = (m.header.class === 64 ? 32 : 28) + m.header.sizeofcmds;
  if (at + 24 > m.source.size) return null;
  const v = view(m.source, at, 24, m.header.littleEndian, { format: 'macho', structure: 'l_info' });
  return isUpxMagic(v.bytes, 4) ? 'upx' : null;
}
