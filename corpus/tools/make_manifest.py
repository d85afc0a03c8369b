#!/usr/bin/env python3
"""Write MANIFEST.json to stdout.

usage: make_manifest.py RECIPES.tsv

RECIPES.tsv (written by build.sh) gives "path<TAB>exact command" per file.
The facts below are written by hand from the recipe flags and the Debian 12
toolchain (see README.md and DESIGN.md section 7); they are never copied
from a parser's output.
"""
import json
import sys

GLIBC = {"libc": "glibc"}
X64 = {"machine": "x86_64", "class": 64, "endian": "little"}
I386 = {"machine": "i386", "class": 32, "endian": "little"}
A64 = {"machine": "aarch64", "class": 64, "endian": "little"}
NO_CET = {"ibt": False, "shstk": False}
NO_AARCH64_FEAT = {"bti": False, "pac": False, "gcs": False}
PIE_DYN = {"type": "pie-executable", "linkage": "dynamic"}
LIBC6 = {"neededIncludes": ["libc.so.6"]}
# A file linked without libc's crt objects (-nostdlib) or against musl statically carries no
# evidence of its libc: no PT_INTERP, no DT_NEEDED, no NT_GNU_ABI_TAG, no Go note. The report's
# libc rule (DESIGN.md section 3: "null when nothing tells") then guarantees null.
NO_LIBC_EVIDENCE = {"libc": None}

X64_HELLO_PIE = {**X64, **PIE_DYN, **GLIBC, **LIBC6, **NO_CET}

# path -> (facts, optional extra) ; "extraFacts" holds recipe-guaranteed facts
# that have no key in the manifest schema, "note" is free text.
ENTRIES = {
    # ---------------------------------------------------------------- x86_64
    "elf/x86_64/hello-pie": (X64_HELLO_PIE, {"note": "Debian gcc 12 is configured --enable-default-pie"}),
    "elf/x86_64/hello-nopie": ({**X64, "type": "executable", "linkage": "dynamic", **GLIBC, **LIBC6, **NO_CET}, {}),
    "elf/x86_64/hello-static": ({**X64, "type": "executable", "linkage": "static", **GLIBC, **NO_CET}, {}),
    "elf/x86_64/hello-static-pie": ({**X64, "type": "pie-executable", "linkage": "static-pie", **GLIBC, **NO_CET}, {}),
    "elf/x86_64/hello.o": ({**X64, "type": "relocatable", **NO_CET}, {}),
    "elf/x86_64/libhello.so": (
        {**X64, "type": "shared-library", "linkage": "dynamic", **GLIBC, **LIBC6, **NO_CET},
        {"extraFacts": {"soname": "libhello.so.1", "rpath": "/opt/a:/opt/b"},
         "note": "--disable-new-dtags: DT_RPATH, no DT_RUNPATH"},
    ),
    "elf/x86_64/libhello-runpath.so": (
        {**X64, "type": "shared-library", "linkage": "dynamic", **GLIBC, **LIBC6, **NO_CET},
        {"extraFacts": {"soname": "libhello-runpath.so.1", "runpath": "/opt/a:/opt/b"},
         "note": "--enable-new-dtags: DT_RUNPATH, no DT_RPATH"},
    ),
    "elf/x86_64/cet-full-nostdlib": (
        {**X64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, "ibt": True, "shstk": True},
        {"note": "only input is our own object, compiled -fcf-protection=full"},
    ),
    "elf/x86_64/cet-none": (
        {**X64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, **NO_CET}, {}),
    "elf/x86_64/cet-full-linked": (
        {**X64_HELLO_PIE},
        {"note": "crt1/crti/crtn carry no FEATURE_1_AND property, so the AND over inputs is empty"},
    ),
    "elf/x86_64/cet-forced": (
        {**X64_HELLO_PIE, "ibt": True, "shstk": True},
        {"note": "-z ibt -z shstk force the bits whatever the inputs say"},
    ),
    "elf/x86_64/now-relro": ({**X64_HELLO_PIE, "relro": "full", "bindNow": True}, {}),
    "elf/x86_64/norelro": ({**X64_HELLO_PIE, "relro": "none", "bindNow": False}, {}),
    "elf/x86_64/cxx-hello": (
        {**X64_HELLO_PIE, "neededIncludes": ["libstdc++.so.6", "libc.so.6"]},
        {"note": "uses std::string and iostream: needs GLIBCXX_* and CXXABI_* versions"},
    ),
    "elf/x86_64/symver-new": (
        {**X64_HELLO_PIE, "glibcSymbol": {"symbol": "arc4random", "version": "GLIBC_2.36"}},
        {"note": "arc4random is new in glibc 2.36; memcpy binds to the default memcpy@@GLIBC_2.14"},
    ),
    "elf/x86_64/symver-old": (
        {**X64_HELLO_PIE, "glibcSymbol": {"symbol": "memcpy", "version": "GLIBC_2.2.5"}},
        {"note": "same source as symver-new with memcpy pinned by .symver to GLIBC_2.2.5 (still uses arc4random@GLIBC_2.36)"},
    ),
    "elf/x86_64/copyreloc-nopie": (
        {**X64, "type": "executable", "linkage": "dynamic", **GLIBC, **LIBC6, **NO_CET,
         "copyRelocFloor": {"symbol": "__libc_single_threaded", "version": "GLIBC_2.32"}},
        {"note": "-nostartfiles with own _start: no __libc_start_main@GLIBC_2.34; libc symbols are only "
                 "exit@GLIBC_2.2.5 and the copy-relocated data symbol __libc_single_threaded@GLIBC_2.32, "
                 "which alone sets the GLIBC floor to 2.32"},
    ),
    "elf/x86_64/relr": (
        {**X64_HELLO_PIE, "floorMarker": "GLIBC_ABI_DT_RELR"},
        {"note": "-z pack-relative-relocs against glibc 2.36 adds DT_RELR and a GLIBC_ABI_DT_RELR version need"},
    ),
    "elf/x86_64/hello-stripped": (X64_HELLO_PIE, {"note": "strip --strip-all of hello-pie"}),
    "elf/x86_64/hello-noshdr": (
        {**X64_HELLO_PIE, "sectionHeadersRemoved": True, "original": "elf/x86_64/hello-pie"},
        {"note": "e_shoff/e_shnum/e_shstrndx zeroed, file truncated after the last segment"},
    ),
    # Gate drift pairs: facts from the symbol each build pins or gains.
    "elf/x86_64/drift-memcpy-old": (
        {**X64, **PIE_DYN, **GLIBC, **LIBC6, "glibcSymbol": {"symbol": "memcpy", "version": "GLIBC_2.2.5"},
         "glibcFloor": "2.2.5"},
        {"note": "-nostartfiles: no __libc_start_main; memcpy pinned with .symver to its x86_64 base version"}),
    "elf/x86_64/drift-memcpy-new": (
        {**X64, **PIE_DYN, **GLIBC, **LIBC6, "glibcSymbol": {"symbol": "memcpy", "version": "GLIBC_2.14"},
         "glibcFloor": "2.14"},
        {"note": "-nostartfiles; memcpy binds to its default version memcpy@@GLIBC_2.14"}),
    "elf/x86_64/drift-cxx-old": (
        {**X64_HELLO_PIE, "neededIncludes": ["libstdc++.so.6", "libc.so.6"]}, {}),
    "elf/x86_64/drift-cxx-new": (
        {**X64_HELLO_PIE, "neededIncludes": ["libstdc++.so.6", "libc.so.6"],
         "glibcSymbol": {"symbol": "_ZSt10from_charsPKcS0_RdSt12chars_format", "version": "GLIBCXX_3.4.29"}},
        {"note": "std::from_chars(double) is new in GCC 11's libstdc++ (GLIBCXX_3.4.29)"}),
    "elf/x86_64/musl-static": ({**X64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, **NO_CET}, {}),
    "elf/x86_64/musl-dynamic": (
        {**X64, **PIE_DYN, "libc": "musl", "neededIncludes": ["libc.so"], **NO_CET},
        {"extraFacts": {"interpreter": "/lib/ld-musl-x86_64.so.1"}},
    ),
    "elf/x86_64/go-static": (
        {**X64, "type": "executable", "linkage": "static", "libc": "none", **NO_CET},
        {"note": "Go 1.19 internal linker, -s -w: no symbol table, no DWARF, no GNU build-id"},
    ),
    "elf/x86_64/go-cgo": (
        {**X64, "type": "executable", "linkage": "dynamic", **GLIBC, **LIBC6, **NO_CET},
        {"note": "cgo forces external linking with gcc; Go passes -no-pie for -buildmode=exe"},
    ),
    # ---------------------------------------------------------------- i386
    "elf/i386/hello": ({**I386, **PIE_DYN, **GLIBC, **LIBC6, **NO_CET}, {}),
    "elf/i386/hello-static": ({**I386, "type": "executable", "linkage": "static", **GLIBC, **NO_CET}, {}),
    "elf/i386/hello-static-pie": ({**I386, "type": "pie-executable", "linkage": "static-pie", **GLIBC, **NO_CET}, {}),
    # ---------------------------------------------------------------- aarch64
    "elf/aarch64/bp-standard-nostdlib": (
        {**A64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, "bti": True, "pac": True, "gcs": False}, {}),
    "elf/aarch64/bp-bti-nostdlib": (
        {**A64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, "bti": True, "pac": False, "gcs": False}, {}),
    "elf/aarch64/bp-pacret-nostdlib": (
        {**A64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, "bti": False, "pac": True, "gcs": False}, {}),
    "elf/aarch64/bp-none-nostdlib": (
        {**A64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, **NO_AARCH64_FEAT}, {}),
    "elf/aarch64/bp-standard-shared": (
        {**A64, "type": "shared-library", "linkage": "dynamic", **NO_LIBC_EVIDENCE, "bti": True, "pac": True, "gcs": False},
        {"note": "-shared -nostdlib: no crt objects, no DT_NEEDED"},
    ),
    "elf/aarch64/bp-standard-linked": (
        {**A64, **PIE_DYN, **GLIBC, **LIBC6, **NO_AARCH64_FEAT},
        {"note": "crt objects carry no FEATURE_1_AND property"},
    ),
    "elf/aarch64/bp-forcebti": (
        {**A64, **PIE_DYN, **GLIBC, **LIBC6, "bti": True, "pac": False, "gcs": False},
        {"note": "-z force-bti sets BTI (ld warns about the crt objects); PAC is still ANDed away"},
    ),
    "elf/aarch64/hello-static": ({**A64, "type": "executable", "linkage": "static", **GLIBC, **NO_AARCH64_FEAT}, {}),
    "elf/aarch64/hello-static-pie": ({**A64, "type": "pie-executable", "linkage": "static-pie", **GLIBC, **NO_AARCH64_FEAT}, {}),
    "elf/aarch64/gcs-asm": (
        {**A64, "type": "executable", "linkage": "static", **NO_LIBC_EVIDENCE, "bti": True, "pac": True, "gcs": True},
        {"note": "hand-written .note.gnu.property, FEATURE_1_AND = 7; binutils 2.40 readelf shows GCS as <unknown: 4>"},
    ),
    "elf/aarch64/go-static": (
        {**A64, "type": "executable", "linkage": "static", "libc": "none", **NO_AARCH64_FEAT}, {}),
    # ---------------------------------------------------------------- other glibc targets
    "elf/arm/hello": ({"machine": "arm", "class": 32, "endian": "little", **PIE_DYN, **GLIBC, **LIBC6}, {}),
    "elf/riscv64/hello": ({"machine": "riscv64", "class": 64, "endian": "little", **PIE_DYN, **GLIBC, **LIBC6}, {}),
    "elf/powerpc64le/hello": ({"machine": "powerpc64le", "class": 64, "endian": "little", **PIE_DYN, **GLIBC, **LIBC6}, {}),
    "elf/s390x/hello": ({"machine": "s390x", "class": 64, "endian": "big", **PIE_DYN, **GLIBC, **LIBC6}, {}),
    "elf/mips/hello": ({"machine": "mips", "class": 32, "endian": "big", **PIE_DYN, **GLIBC, **LIBC6}, {}),
}


def main(recipes_path: str) -> None:
    recipes = {}
    with open(recipes_path) as f:
        for line in f:
            path, cmd = line.rstrip("\n").split("\t", 1)
            recipes[path] = cmd
    missing = sorted(set(recipes) ^ set(ENTRIES))
    if missing:
        sys.exit(f"make_manifest.py: recipes and facts disagree on: {missing}")
    out = []
    for path, cmd in recipes.items():
        facts, extra = ENTRIES[path]
        entry = {"path": path, "recipe": cmd, "facts": facts}
        entry.update(extra)
        out.append(entry)
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
