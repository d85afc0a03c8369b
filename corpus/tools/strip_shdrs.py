#!/usr/bin/env python3
"""Remove the section header table from an ELF file.

usage: strip_shdrs.py IN OUT

Zeroes e_shoff, e_shnum and e_shstrndx in the ELF header.  If the section
header table is the last thing in the file, the file is truncated to the
end of the last byte any program header (or the header/program header
table) covers, which also drops the non-allocated sections (.comment,
.shstrtab, .symtab, ...) that only the section headers described.
Program headers and everything they map (PT_DYNAMIC, PT_INTERP, notes, ...)
are left untouched.
"""
import shutil
import struct
import sys


def main(src: str, dst: str) -> None:
    data = bytearray(open(src, "rb").read())
    if data[:4] != b"\x7fELF":
        sys.exit(f"{src}: not an ELF file")
    cls, enc = data[4], data[5]
    end = {1: "<", 2: ">"}[enc]
    if cls == 2:  # ELF64
        (phoff, shoff) = struct.unpack_from(end + "QQ", data, 0x20)
        (ehsize, phentsize, phnum, shentsize, shnum, _shstrndx) = struct.unpack_from(end + "HHHHHH", data, 0x34)
        shoff_at, shnum_at, shstrndx_at = 0x28, 0x3C, 0x3E
        ph_fmt, off_i, filesz_i = end + "IIQQQQQQ", 2, 5
    elif cls == 1:  # ELF32
        (phoff, shoff) = struct.unpack_from(end + "II", data, 0x1C)
        (ehsize, phentsize, phnum, shentsize, shnum, _shstrndx) = struct.unpack_from(end + "HHHHHH", data, 0x28)
        shoff_at, shnum_at, shstrndx_at = 0x20, 0x30, 0x32
        ph_fmt, off_i, filesz_i = end + "IIIIIIII", 1, 4
    else:
        sys.exit(f"{src}: bad EI_CLASS {cls}")

    keep = max(ehsize, phoff + phentsize * phnum)
    for i in range(phnum):
        ph = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
        if ph[filesz_i]:
            keep = max(keep, ph[off_i] + ph[filesz_i])

    shdr_end = shoff + shentsize * shnum
    if shoff and shdr_end == len(data) and keep <= shoff:
        del data[keep:]

    if cls == 2:
        struct.pack_into(end + "Q", data, shoff_at, 0)
    else:
        struct.pack_into(end + "I", data, shoff_at, 0)
    struct.pack_into(end + "H", data, shnum_at, 0)
    struct.pack_into(end + "H", data, shstrndx_at, 0)
    with open(dst, "wb") as f:
        f.write(data)
    shutil.copymode(src, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
