#!/usr/bin/env python3
"""Pack an x86-64 ELF executable into UPX's file layout (Debian 12 has no upx to run).

usage: upx_layout.py IN OUT

The layout of a UPX 3.9x/4.x amd64-linux.elf file (upx/src p_lx_elf.cpp, stub/src/include/linux.h,
packhead.cpp): an Elf64_Ehdr with two PT_LOAD program headers and no section headers; right after
them `struct l_info` {l_checksum u32, l_magic "UPX!", l_lsize u16, l_version u8, l_format u8} and
`struct p_info` {p_progid u32, p_filesize u32, p_blocksize u32}; then one `struct b_info`
{sz_unc u32, sz_cpr u32, b_method u8, b_ftid u8, b_cto8 u8, b_unused u8} and the compressed
program; the file ends with the 32-byte PackHeader ("UPX!", version, format, method, level,
u_adler, c_adler, u_len, c_len, u_file_size, filter, filter_cto, n_mru, header checksum) and the
u32 offset of the packed data. The compressed data is zlib's raw deflate (UPX's M_DEFLATE, 15);
there is no decompressor stub, so the file does not run: it carries UPX's headers for readers.
"""
import struct
import sys
import zlib

UPX_F_LINUX_ELF64_AMD = 22
UPX_VERSION = 13  # l_version / PackHeader version of UPX 3.9x and 4.x
M_DEFLATE = 15


def main(src: str, dst: str) -> None:
    orig = open(src, "rb").read()
    assert orig[:4] == b"\x7fELF" and orig[4] == 2 and orig[5] == 1, "64-bit little-endian ELF only"
    machine, = struct.unpack_from("<H", orig, 0x12)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = co.compress(orig) + co.flush()
    ehdr_size, phent, phnum = 64, 56, 2
    l_info_at = ehdr_size + phent * phnum
    data_at = l_info_at + 12 + 12
    body = struct.pack("<IIBBBB", len(orig), len(packed), M_DEFLATE, 0, 0, 0) + packed
    l_info = struct.pack("<I4sHBB", 0, b"UPX!", 0, UPX_VERSION, UPX_F_LINUX_ELF64_AMD)
    p_info = struct.pack("<III", 0, len(orig), len(orig))
    adler = zlib.adler32(orig)
    head = struct.pack("<4sBBBBIIIIIBBBB", b"UPX!", UPX_VERSION, UPX_F_LINUX_ELF64_AMD, M_DEFLATE, 9,
                       adler, zlib.adler32(packed), len(orig), len(packed), len(orig), 0, 0, 0, 0)
    total = data_at + len(body) + len(head) + 4
    base = 0x400000
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8 + struct.pack(
        "<HHIQQQIHHHHHH", 2, machine, 1, base + data_at, ehdr_size, 0, 0, ehdr_size, phent, phnum, 64, 0, 0)
    text = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, total, total, 0x1000)
    bss = struct.pack("<IIQQQQQQ", 1, 6, 0, base + 0x200000, base + 0x200000, 0, len(orig) * 2, 0x1000)
    out = ehdr + text + bss + l_info + p_info + body + head + struct.pack("<I", data_at)
    assert len(out) == total
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
