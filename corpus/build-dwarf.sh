#!/usr/bin/env bash
# Builds corpus/dwarf/: DW_AT_producer as compilers record it (Debian 12: gcc 12, clang 14, the
# Debian cross gccs). Each file varies one thing the DWARF reader must handle: DWARF version 2-5,
# 32- and 64-bit DWARF, .debug_str / .debug_line_str / .debug_str_offsets strings, SHF_COMPRESSED
# and .zdebug sections, a split-DWARF skeleton, both byte orders and both ELF classes.
# The expected producers are not recorded here: test/dwarf/producer.test.ts reads them with
# readelf --debug-dump=info from the same files. Run from corpus/: bash build-dwarf.sh
set -euo pipefail
cd "$(dirname "$0")"
D=dwarf
S=src/dwarf/hello.c
mkdir -p $D
gcc -g -O2 -fstack-protector-strong -fcf-protection -fstack-clash-protection -D_FORTIFY_SOURCE=2 -o $D/gcc-dwarf5 $S
gcc -gdwarf-4 -O0 -o $D/gcc-dwarf4 $S
gcc -gdwarf-2 -O1 -fno-stack-protector -o $D/gcc-dwarf2 $S
gcc -g -gdwarf64 -Os -fstack-protector-all -o $D/gcc-dwarf64 $S
gcc -g -gz=zlib -O2 -fcf-protection=branch -o $D/gcc-gz-zlib $S
gcc -g -gz=zlib-gnu -O2 -o $D/gcc-gz-gnu $S
gcc -g -gsplit-dwarf -O2 -o $D/gcc-split $S && rm -f $D/*.dwo ./*.dwo
gcc -g0 -O2 -o $D/gcc-nodwarf $S
clang -g -O1 -o $D/clang-strx $S
clang -g -grecord-command-line -O2 -fstack-protector-all -D_FORTIFY_SOURCE=3 -o $D/clang-cmdline $S
i686-linux-gnu-gcc -g -gz=zlib -O2 -o $D/i686-gz $S
aarch64-linux-gnu-gcc -g -O2 -mbranch-protection=standard -o $D/aarch64 $S
s390x-linux-gnu-gcc -g -O2 -o $D/s390x $S
