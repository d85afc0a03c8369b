/**
 * UPX's marks (upx/src: `struct l_info`, `struct p_info` in stub/src/include/linux.h and the
 * `PackHeader` in packhead.cpp). A UPX-packed ELF has, right after its program headers, `l_info`
 * (12 bytes: l_checksum u32, l_magic `UPX!`, l_lsize u16, l_version u8, l_format u8) and then
 * `p_info` (12 bytes: p_progid, p_filesize, p_blocksize); a packed PE has sections named `UPX0`
 * and `UPX1`; every packed file ends with a PackHeader that starts with `UPX!`.
 */
export const UPX_MAGIC = [0x55, 0x50, 0x58, 0x21]; // "UPX!"

/** True when `b[at..at+4)` is `UPX!`. */
export function isUpxMagic(b: Uint8Array, at: number): boolean {
  return at >= 0 && at + 4 <= b.length && UPX_MAGIC.every((c, k) => b[at + k] === c);
}

/** PE section names UPX gives its packed image (UPX0: the space the image unpacks to, UPX1: the packed data and stub). */
export const UPX_PE_SECTIONS = ['UPX0', 'UPX1'] as const;
