#!/usr/bin/env python3
"""Re-encode a Go >= 1.18 ELF binary's build info in the pointer-based form of Go 1.13-1.17.

usage: go_old_buildinfo.py IN OUT

The layout (Go 1.19's src/debug/buildinfo/buildinfo.go, which still reads it): a 32-byte header
at the start of .go.buildinfo, "\\xff Go buildinf:" (14 bytes), the pointer size (4 or 8), a flags
byte (bit 0: big-endian; bit 1, "version inline", cleared here), then two pointers in the file's
byte order and word size: the address of the Go string header {data, len} of runtime.buildVersion
and that of runtime.modinfo (the modinfo keeps its 16-byte framing sentinels).

Go 1.18+ stores both strings inline (uvarint length + bytes) after the header. This tool reads
them, then writes, from the header on: the header with the new flags and pointers, the two string
headers, the version bytes and the modinfo bytes. The bytes written past the old inline strings
overwrite the start of the data that followed (the program would no longer run; only its build
info is of interest). Real pre-1.18 binaries keep the headers in .data and the bytes in .rodata;
where they sit does not matter to a reader, which follows the pointers through PT_LOAD.
"""
import struct
import sys

MAGIC = b"\xff Go buildinf:"


def uvarint(b: bytes, at: int):
    x = shift = 0
    while True:
        c = b[at]
        at += 1
        x |= (c & 0x7F) << shift
        if c < 0x80:
            return x, at
        shift += 7


def main(src: str, dst: str) -> None:
    d = bytearray(open(src, "rb").read())
    assert d[:4] == b"\x7fELF", "ELF only"
    wide, e = d[4] == 2, {1: "<", 2: ">"}[d[5]]
    if wide:
        shoff, = struct.unpack_from(e + "Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", d, 0x3A)
        fmt, name_i, addr_i, off_i = e + "IIQQQQIIQQ", 0, 3, 4
    else:
        shoff, = struct.unpack_from(e + "I", d, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", d, 0x2E)
        fmt, name_i, addr_i, off_i = e + "IIIIIIIIII", 0, 3, 4
    sh = [struct.unpack_from(fmt, d, shoff + i * shentsize) for i in range(shnum)]
    strtab = sh[shstrndx][off_i]
    def name(s):
        at = strtab + s[name_i]
        return bytes(d[at:d.index(0, at)]).decode()
    s = next(s for s in sh if name(s) == ".go.buildinfo")
    at, addr = s[off_i], s[addr_i]
    assert d[at:at + 14] == MAGIC and d[at + 15] & 2, "not an inline (Go 1.18+) build info"
    ptr = d[at + 14]
    n, p = uvarint(d, at + 32)
    vers = bytes(d[p:p + n])
    n, p = uvarint(d, p + n)
    mod = bytes(d[p:p + n])
    pf = e + ("Q" if ptr == 8 else "I")
    hdrs = addr + 32                      # two string headers right after the header
    vdata = hdrs + 4 * ptr                # then the version bytes, then the modinfo bytes
    mdata = vdata + len(vers)
    out = bytearray(MAGIC + bytes([ptr, 1 if e == ">" else 0]))
    out += struct.pack(pf, hdrs) + struct.pack(pf, hdrs + 2 * ptr)
    out += b"\0" * (32 - len(out))
    out += struct.pack(pf, vdata) + struct.pack(pf, len(vers))
    out += struct.pack(pf, mdata) + struct.pack(pf, len(mod))
    out += vers + mod
    d[at:at + len(out)] = out
    open(dst, "wb").write(d)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
