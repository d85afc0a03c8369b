#!/usr/bin/python3
"""What auditwheel does to read a wheel, for the archive benchmark (bench/archives.ts): unpack the
wheel to a temporary directory, then read every ELF member's DT_NEEDED and version needs
(.gnu.version_r) with pyelftools (Debian's python3-pyelftools), as auditwheel's
elf_find_versioned_symbols does. Prints one line: ELF members, needed versions, max GLIBC.

usage: wheel_pyelftools.py WHEEL"""
import os, sys, tempfile, zipfile
from elftools.elf.elffile import ELFFile
from elftools.elf.dynamic import DynamicSection
from elftools.elf.gnuversions import GNUVerNeedSection

wheel = sys.argv[1]
elves = versions = 0
glibc = (0,)
with tempfile.TemporaryDirectory() as tmp:
    zipfile.ZipFile(wheel).extractall(tmp)
    for root, _, files in os.walk(tmp):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
                f.seek(0)
                elf = ELFFile(f)
                elves += 1
                for sec in elf.iter_sections():
                    if isinstance(sec, DynamicSection):
                        _ = [t.needed for t in sec.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
                    if isinstance(sec, GNUVerNeedSection):
                        for verneed, auxs in sec.iter_versions():
                            for aux in auxs:
                                versions += 1
                                n = aux.name
                                if n.startswith("GLIBC_") and n[6:7].isdigit():
                                    glibc = max(glibc, tuple(int(x) for x in n[6:].split(".")))
print(f"{elves} ELF members, {versions} needed versions, max GLIBC {'.'.join(map(str, glibc))}")
