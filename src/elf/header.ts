import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import {
  EI_ABIVERSION, EI_CLASS, EI_DATA, EI_NIDENT, EI_OSABI, EI_VERSION, ELFCLASS32, ELFCLASS64, ELFDATA2LSB,
  ELFDATA2MSB,
} from './constants.js';

/**
 * The ELF header (gABI "ELF Header"), decoded once. Offsets and sizes are file offsets in bytes;
 * `e_entry` is a virtual address (bigint: may exceed 2^53).
 */
export interface ElfHeader {
  /** 32 or 64 (EI_CLASS). */
  class: 32 | 64;
  /** EI_DATA. */
  littleEndian: boolean;
  ei_version: number;
  ei_osabi: number;
  ei_abiversion: number;
  e_type: number;
  e_machine: number;
  e_version: number;
  e_entry: bigint;
  e_phoff: number;
  e_shoff: number;
  e_flags: number;
  e_ehsize: number;
  e_phentsize: number;
  /** Raw field; see `ElfFile.phnum` for the count after PN_XNUM. */
  e_phnum: number;
  e_shentsize: number;
  /** Raw field; see `ElfFile.shnum` for the count after extended numbering. */
  e_shnum: number;
  /** Raw field; see `ElfFile.shstrndx` for SHN_XINDEX. */
  e_shstrndx: number;
}

/** True if `bytes` starts with `\x7fELF`. */
export function hasElfMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/**
 * Decodes the ELF header at offset 0. Throws `BinspectError`: `BAD_MAGIC` (not `\x7fELF`),
 * `UNSUPPORTED` (EI_CLASS or EI_DATA not 1 or 2), `TRUNCATED` (file shorter than the header).
 */
export function readElfHeader(src: ByteSource): ElfHeader {
  const ident = view(src, 0, Math.min(EI_NIDENT, src.size), true, { format: 'elf', structure: 'e_ident' });
  if (!hasElfMagic(ident.bytes)) {
    throw new BinspectError('BAD_MAGIC', 'elf', 'e_ident', 0, 'not \\x7fELF');
  }
  if (ident.length < EI_NIDENT) {
    throw new BinspectError('TRUNCATED', 'elf', 'e_ident', 0, `file is ${src.size} bytes, shorter than e_ident`);
  }
  const cls = ident.u8(EI_CLASS);
  const data = ident.u8(EI_DATA);
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) {
    throw new BinspectError('UNSUPPORTED', 'elf', 'e_ident', EI_CLASS, `EI_CLASS ${cls}`);
  }
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
    throw new BinspectError('UNSUPPORTED', 'elf', 'e_ident', EI_DATA, `EI_DATA ${data}`);
  }
  const wide = cls === ELFCLASS64;
  const le = data === ELFDATA2LSB;
  const v = view(src, 0, wide ? 64 : 52, le, { format: 'elf', structure: wide ? 'Elf64_Ehdr' : 'Elf32_Ehdr' });
  const w = wide ? 8 : 4; // size of Addr/Off
  const phoffAt = 24 + w;
  const shoffAt = phoffAt + w;
  const flagsAt = shoffAt + w;
  return {
    class: wide ? 64 : 32,
    littleEndian: le,
    ei_version: v.u8(EI_VERSION),
    ei_osabi: v.u8(EI_OSABI),
    ei_abiversion: v.u8(EI_ABIVERSION),
    e_type: v.u16(16),
    e_machine: v.u16(18),
    e_version: v.u32(20),
    e_entry: v.addr(24, wide),
    e_phoff: v.word(phoffAt, wide),
    e_shoff: v.word(shoffAt, wide),
    e_flags: v.u32(flagsAt),
    e_ehsize: v.u16(flagsAt + 4),
    e_phentsize: v.u16(flagsAt + 6),
    e_phnum: v.u16(flagsAt + 8),
    e_shentsize: v.u16(flagsAt + 10),
    e_shnum: v.u16(flagsAt + 12),
    e_shstrndx: v.u16(flagsAt + 14),
  };
}
