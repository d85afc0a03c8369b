#!/bin/sh
# Builds the gate's verdict-matrix corpus (corpus/gate/bin/) from corpus/gate/src/ with Debian 12's
# cross compilers (gcc 12.2, binutils 2.40, glibc 2.36, musl 1.2.3, mingw-w64 10). CI only reads
# the committed files. Run from anywhere: corpus/gate/build.sh. Deterministic: no build ids, file
# names mapped, so two runs give identical bytes.
#
# Packages: gcc g++ gcc-aarch64-linux-gnu g++-aarch64-linux-gnu gcc-i686-linux-gnu g++-i686-linux-gnu
#   gcc-mips64el-linux-gnuabi64 gcc-mingw-w64-x86-64 musl-tools zlib1g libcrypt1 libatomic1
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src
out=$here/bin
wheel=$here/wheel
rm -rf "$out" "$wheel"
mkdir -p "$out" "$wheel/pkg" "$wheel/pkg.libs"
cd "$src"
common="-O2 -fPIC -Wl,--build-id=none -ffile-prefix-map=$src=. -fno-asynchronous-unwind-tables"
so() { # so CC NAME SRC [FLAGS...]: a shared library
  cc=$1 name=$2 file=$3
  shift 3
  $cc $common -shared -o "$out/$name" "$file" "$@"
}

# x86_64 glibc
so gcc x86_64-plain.so plain.c
so gcc x86_64-private.so private.c
so g++ x86_64-float128.so float128.cpp
so gcc x86_64-tm.so tm.c /usr/lib/x86_64-linux-gnu/libstdc++.so.6
so gcc x86_64-zlib129.so zlib129.c /lib/x86_64-linux-gnu/libz.so.1
so gcc x86_64-zlib120.so zlib123.c /lib/x86_64-linux-gnu/libz.so.1
tmp=$(mktemp -d)
gcc $common -shared -Wl,-soname,libz.so.1 -o "$tmp/libz.so.1" zstub.c
so gcc x86_64-zlib-internal.so zlib_internal.c "$tmp/libz.so.1"
rm -rf "$tmp"
so gcc x86_64-crypt.so crypt.c /lib/x86_64-linux-gnu/libcrypt.so.1
so gcc x86_64-atomic.so atomic.c /usr/lib/x86_64-linux-gnu/libatomic.so.1
so gcc x86_64-isa-v3.so isa.c -march=x86-64-v3 -mneeded
so gcc x86_64-isa-baseline.so isa.c -mneeded
so gcc x86_64-f16.so f16.c /lib/x86_64-linux-gnu/libgcc_s.so.1
so g++ x86_64-aligned.so aligned.cpp -std=c++17
so gcc x86_64-tls-atexit.so tls_atexit.c
so gcc x86_64-rseq.so rseq.c /lib64/ld-linux-x86-64.so.2
gcc $common -o "$out/x86_64-hello" main.c

# aarch64 glibc (4 KiB pages: smaller files, same dynamic data)
so aarch64-linux-gnu-gcc aarch64-plain.so plain.c -Wl,-z,max-page-size=4096
so aarch64-linux-gnu-gcc aarch64-mcount.so mcount.c -pg -Wl,-z,max-page-size=4096
so aarch64-linux-gnu-gcc aarch64-f16tf.so f16tf.c /usr/aarch64-linux-gnu/lib/libgcc_s.so.1 -Wl,-z,max-page-size=4096
so aarch64-linux-gnu-g++ aarch64-aligned.so aligned.cpp -std=c++17 -Wl,-z,max-page-size=4096
so aarch64-linux-gnu-gcc aarch64-tls-atexit.so tls_atexit.c -Wl,-z,max-page-size=4096
so aarch64-linux-gnu-gcc aarch64-atomic.so atomic.c /usr/aarch64-linux-gnu/lib/libatomic.so.1 -Wl,-z,max-page-size=4096

# i686 glibc
so i686-linux-gnu-gcc i686-plain.so plain.c
so i686-linux-gnu-gcc i686-addtf3.so addtf3.c /usr/i686-linux-gnu/lib/libgcc_s.so.1
so i686-linux-gnu-gcc i686-divmod.so divmod.c /usr/i686-linux-gnu/lib/libgcc_s.so.1
so i686-linux-gnu-gcc i686-atomic.so atomic.c /usr/i686-linux-gnu/lib/libatomic.so.1

# musl (x86_64): dynamic executables and a static one. Debian's musl-gcc links against a libc
# named `libc.so`; Alpine's (the musllinux images') is `libc.musl-x86_64.so.1`: the same library
# under that name makes the DT_NEEDED Alpine's.
musl="-O2 -Wl,--build-id=none -ffile-prefix-map=$src=."
musl-gcc $musl -o "$out/x86_64-musl-hello" main.c
tmp=$(mktemp -d)
cp /lib/x86_64-linux-musl/libc.so "$tmp/libc.musl-x86_64.so.1"
cp main.c "$tmp/"
(cd "$tmp" && musl-gcc -O2 -Wl,--build-id=none -ffile-prefix-map="$tmp"=. -o "$out/x86_64-musl-alpine" main.c -Wl,--as-needed libc.musl-x86_64.so.1)
rm -rf "$tmp"
musl-gcc $musl -static -o "$out/x86_64-musl-static" main.c

# an architecture no policy lists: mips64el (n64)
so mips64el-linux-gnuabi64-gcc mips64el-plain.so plain.c

# A repaired wheel's layout: an extension that needs libfoo.so.1 through DT_RUNPATH
# $ORIGIN/../pkg.libs, and that library beside it.
gcc $common -shared -Wl,-soname,libfoo.so.1 -o "$wheel/pkg.libs/libfoo.so.1" foo.c
gcc $common -shared -o "$wheel/pkg/_ext.so" ext.c "$wheel/pkg.libs/libfoo.so.1" -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../pkg.libs'

# Windows: a DLL (PE), for the format test
x86_64-w64-mingw32-gcc -O2 -s -shared -ffile-prefix-map=$src=. -Wl,--no-insert-timestamp,--disable-auto-image-base -o "$out/x86_64-plain.dll" dll.c

ls -l "$out"
