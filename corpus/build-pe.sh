#!/bin/sh
# Rebuilds the PE/COFF corpus (corpus/pe/) from corpus/src/pe/. Debian 12 packages:
#   apt-get install --no-install-recommends mingw-w64 golang-go
#   (and clang-14, lld-14, llvm-14 for usedelay.exe and guard*.exe)
# (gcc-mingw-w64 12.2.0, binutils-mingw-w64 2.40, mingw-w64 10.0.0, Go 1.19.8, LLVM 14.0.6). Timestamps are
# suppressed (--no-insert-timestamp) so that two runs give byte-identical files.
# MANIFEST.json is hand-written (facts from the recipes, never from a parser's output).
set -eu
cd "$(dirname "$0")"
SRC=src/pe
OUT=pe
# A fixed build directory: lld-link records object paths in the PDB, and the RSDS GUID hashes them.
TMP=/tmp/binspect-build-pe
rm -rf "$TMP"; mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

CC64=x86_64-w64-mingw32-gcc
CC32=i686-w64-mingw32-gcc
COMMON="-O2 -g0 -s -fno-ident -Wl,--no-insert-timestamp"

# x86_64 console exe importing KERNEL32.dll and msvcrt.dll; hardening flags named explicitly;
# --build-id makes ld write a CodeView RSDS debug record.
$CC64 $COMMON -Wl,--dynamicbase,--nxcompat,--high-entropy-va -Wl,--build-id -o "$OUT/hello64.exe" "$SRC/hello.c"

# The same program with ASLR, DEP and high-entropy VA disabled.
$CC64 $COMMON -Wl,--disable-dynamicbase,--disable-nxcompat,--disable-high-entropy-va -o "$OUT/hello64-nohard.exe" "$SRC/hello.c"

# i686 console exe.
$CC32 $COMMON -Wl,--dynamicbase,--nxcompat -o "$OUT/hello32.exe" "$SRC/hello.c"

# C++ console exe importing libstdc++-6.dll (mingw g++ links it dynamically by default).
x86_64-w64-mingw32-g++ $COMMON -o "$OUT/hellocxx64.exe" "$SRC/hellocxx.cpp"

# GUI-subsystem exe (-mwindows) importing USER32.dll.
$CC64 $COMMON -mwindows -Wl,--dynamicbase,--nxcompat -o "$OUT/gui64.exe" "$SRC/gui.c"

# x86_64 DLL: two named exports, one by ordinal only, one forwarder to KERNEL32.GetTickCount.
$CC64 $COMMON -shared -o "$OUT/mylib.dll" "$SRC/mylib.c" "$SRC/mylib.def"

# x86_64 exe importing mylib.dll the ordinary way (GNU ld; mylib_secret by ordinal 7).
$CC64 $COMMON -shared -o "$TMP/mylib.dll" "$SRC/mylib.c" "$SRC/mylib.def" -Wl,--out-implib,"$TMP/libmylib.dll.a"
$CC64 $COMMON -o "$OUT/useimport.exe" "$SRC/usedelay.c" "$TMP/libmylib.dll.a"

# x86_64 exe that delay-loads mylib.dll (clang + lld in MinGW mode, --delayload). GNU ld 2.40 cannot:
# with a dlltool -y library it emits the descriptors but leaves the DELAY_IMPORT directory empty.
# lld delay-loads only through short import objects, hence llvm-dlltool.
llvm-dlltool -m i386:x86-64 -d "$SRC/mylib.def" -D mylib.dll -l "$TMP/libmylib-short.a"
clang --target=x86_64-w64-mingw32 -fuse-ld=lld -L/usr/lib/gcc/x86_64-w64-mingw32/12-win32 $COMMON \
  -Wl,--delayload=mylib.dll -o "$OUT/usedelay.exe" "$SRC/usedelay.c" "$TMP/libmylib-short.a"

# Freestanding exes linked by lld-link with Control Flow Guard, CET shadow-stack compatibility
# (x86_64: /cetcompat writes an EX_DLLCHARACTERISTICS debug entry), a PDB path (/pdbaltpath) and,
# on i386, SafeSEH. The import library for ExitProcess comes from llvm-dlltool (short import
# objects, which /safeseh accepts).
printf 'LIBRARY KERNEL32.dll\nEXPORTS\nExitProcess\n' > "$TMP/k64.def"
printf 'LIBRARY KERNEL32.dll\nEXPORTS\nExitProcess@4\n' > "$TMP/k32.def"
llvm-dlltool -m i386:x86-64 -d "$TMP/k64.def" -l "$TMP/k64.lib"
llvm-dlltool -m i386 -k -d "$TMP/k32.def" -l "$TMP/k32.lib"
clang --target=x86_64-pc-windows-msvc -O2 -Xclang -cfguard -c -o "$TMP/guard64.obj" "$SRC/guard.c"
(cd "$TMP" && lld-link /entry:start /subsystem:console /nodefaultlib /guard:cf /cetcompat /dynamicbase \
  /highentropyva /nxcompat /Brepro /debug /pdb:guard64.pdb '/pdbaltpath:C:\build\guard64.pdb' \
  /out:guard64.exe guard64.obj k64.lib)
cp "$TMP/guard64.exe" "$OUT/guard64.exe"
clang --target=i686-pc-windows-msvc -O2 -Xclang -cfguard -c -o "$TMP/guard32.obj" "$SRC/guard.c"
(cd "$TMP" && lld-link /entry:start /subsystem:console /nodefaultlib /guard:cf /safeseh /dynamicbase /nxcompat \
  /Brepro /out:guard32.exe guard32.obj k32.lib)
cp "$TMP/guard32.exe" "$OUT/guard32.exe"

# i686 DLL (PE32 exports, x86 load config).
$CC32 $COMMON -shared -o "$OUT/mylib32.dll" "$SRC/mylib.c" "$SRC/mylib.def"

# Bare COFF object (no MZ, no optional header).
$CC64 -O2 -g0 -fno-ident -c -o "$OUT/hello64.obj" "$SRC/hello.c"

# Go, cross-compiled, stripped.
for arch in amd64 arm64 386; do
  (cd "$SRC/gohello" && CGO_ENABLED=0 GOOS=windows GOARCH=$arch GOFLAGS=-buildvcs=false \
    go build -trimpath -ldflags='-s -w' -o "$TMP/gohello-$arch.exe" .)
  cp "$TMP/gohello-$arch.exe" "$OUT/gohello-$arch.exe"
done

ls -l "$OUT"
