import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { E_LFANEW_OFFSET } from './constants.js';

/** Size of IMAGE_DOS_HEADER in bytes. */
export const IMAGE_DOS_HEADER_SIZE = 64;

/**
 * IMAGE_DOS_HEADER (winnt.h; PE spec "MS-DOS Stub (Image Only)"): the MS-DOS header every image
 * starts with. Only `e_magic` and `e_lfanew` (file offset of the `PE\0\0` signature) matter to a
 * PE loader; the rest describe the real-mode stub.
 */
export interface DosHeader {
  e_magic: number;
  e_cblp: number;
  e_cp: number;
  e_crlc: number;
  e_cparhdr: number;
  e_minalloc: number;
  e_maxalloc: number;
  e_ss: number;
  e_sp: number;
  e_csum: number;
  e_ip: number;
  e_cs: number;
  e_lfarlc: number;
  e_ovno: number;
  e_oemid: number;
  e_oeminfo: number;
  /** File offset in bytes of the PE signature. */
  e_lfanew: number;
}

/** True if `bytes` starts with `MZ`. */
export function hasMzMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x4d && bytes[1] === 0x5a;
}

/**
 * Decodes IMAGE_DOS_HEADER at offset 0. Throws `BinspectError` (format `pe`): `BAD_MAGIC` when
 * the file does not start with `MZ`, `TRUNCATED` when it is shorter than the 64-byte header.
 */
export function readDosHeader(src: ByteSource): DosHeader {
  const where = { format: 'pe' as const, structure: 'IMAGE_DOS_HEADER' };
  const head = view(src, 0, Math.min(2, src.size), true, where);
  if (!hasMzMagic(head.bytes)) throw new BinspectError('BAD_MAGIC', 'pe', 'IMAGE_DOS_HEADER', 0, 'not MZ');
  const v = view(src, 0, IMAGE_DOS_HEADER_SIZE, true, where);
  return {
    e_magic: v.u16(0),
    e_cblp: v.u16(2), e_cp: v.u16(4), e_crlc: v.u16(6), e_cparhdr: v.u16(8), e_minalloc: v.u16(10),
    e_maxalloc: v.u16(12), e_ss: v.u16(14), e_sp: v.u16(16), e_csum: v.u16(18), e_ip: v.u16(20), e_cs: v.u16(22),
    e_lfarlc: v.u16(24), e_ovno: v.u16(26), e_oemid: v.u16(36), e_oeminfo: v.u16(38),
    e_lfanew: v.u32(E_LFANEW_OFFSET),
  };
}
