#!/usr/bin/env bash
# Builds corpus/hardening/: checksec's columns and their evidence, one flag at a time (Debian 12
# gcc 12.2, binutils 2.40; Debian's gcc enables neither a stack protector nor _FORTIFY_SOURCE by
# default). test/oracle/checksec.test.ts runs checksec 2.6 on them (and the rest of the ELF corpus) live.
set -euo pipefail
cd "$(dirname "$0")"
H=hardening
S=src/hardening/fortify.c
gcc -O2 -g0 -o $H/plain $S
gcc -O2 -g0 -fstack-protector-strong -o $H/canary $S
gcc -O2 -g0 -D_FORTIFY_SOURCE=2 -o $H/fortify $S
gcc -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fcf-protection -Wl,-z,relro,-z,now -o $H/hardened-g $S
gcc -O2 -g0 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fcf-protection -Wl,-z,relro,-z,now -o $H/hardened $S
strip -o $H/hardened-stripped $H/hardened
gcc -O2 -g0 -static -fstack-protector-strong -o $H/static-canary $S
strip -o $H/static-canary-stripped $H/static-canary
objcopy --only-keep-debug $H/hardened-g $H/hardened-g.debug
objcopy --strip-debug --add-gnu-debuglink=$H/hardened-g.debug $H/hardened-g $H/hardened-debuglink
# A separate debug file's PT_INTERP points into SHT_NOBITS space (field errors): kept base64-encoded,
# so that no directory scan of the corpus (which opens .gz members) meets it; tests decode it.
base64 $H/hardened-g.debug > $H/hardened-g.debug.b64 && rm $H/hardened-g.debug
i686-linux-gnu-gcc -O2 -g0 -fno-pic -shared -o $H/libtextrel.so src/hardening/textrel.c
# UPX's layout around a real program (Debian 12 has no upx), and a program that only holds the bytes UPX!.
python3 tools/upx_layout.py elf/x86_64/hello-nopie $H/upx-packed
gcc -O2 -g0 -o $H/upx-string src/hardening/upx_string.c
