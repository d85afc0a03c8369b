#!/bin/sh
# Rebuilds corpus/macho/ from corpus/src/macho/ on Debian 12 (no Apple toolchain needed):
#   apt-get install -y golang-go clang lld llvm
# Go (1.19) cross-links real Mach-O executables; clang -c makes MH_OBJECT files; ld64.lld-14 links
# dylibs, bundles and executables against hand-written .tbd stubs (src/macho/*.tbd) standing in
# for the macOS SDK; llvm-lipo-14 makes the fat files. Run from anywhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/src/macho"
out="$here/macho"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
export HOME="$tmp" GOCACHE="$tmp/gocache" GOFLAGS=-trimpath CGO_ENABLED=0 GOOS=darwin

# Go: internal linker, stripped.
(cd "$src/gohello" && GOARCH=amd64 go build -ldflags='-s -w' -o "$out/go-darwin-amd64" .)
(cd "$src/gohello" && GOARCH=arm64 go build -ldflags='-s -w' -o "$out/go-darwin-arm64" .)
llvm-lipo-14 -create "$out/go-darwin-amd64" "$out/go-darwin-arm64" -output "$out/go-darwin-universal"

# clang objects (MH_OBJECT).
clang -target x86_64-apple-macos11 -O2 -c "$src/hello.c" -o "$out/hello-x86_64-macos11.o"
clang -target arm64e-apple-ios14 -O2 -c "$src/hello.c" -o "$out/hello-arm64e-ios14.o"
clang -target i386-apple-macos10.7 -O2 -c "$src/lib.c" -o "$out/lib-i386-macos10.7.o"

# ld64.lld: dylibs, an executable with rpaths and a weak dylib, a bundle. (ld64.lld-14 -arch arm64e
# writes CPU_SUBTYPE_ARM64_ALL, so no linked arm64e file: the arm64e sample is the clang object.)
clang -target arm64-apple-macos12 -O2 -c "$src/lib.c" -o "$tmp/lib-arm64.o"
clang -target x86_64-apple-macos10.13 -O2 -c "$src/lib.c" -o "$tmp/lib-x86_64.o"
clang -target arm64-apple-macos12 -O2 -c "$src/hello.c" -o "$tmp/hello-arm64.o"
ld64.lld-14 -arch arm64 -platform_version macos 12.0 13.1 -dylib -install_name @rpath/libhello.dylib \
  -current_version 1.2.3 -compatibility_version 1.0 "$tmp/lib-arm64.o" "$src/libSystem.tbd" -o "$out/libhello-arm64.dylib"
ld64.lld-14 -arch x86_64 -platform_version macos 10.13 13.1 -dylib -install_name @rpath/libhello.dylib \
  -current_version 1.2.3 -compatibility_version 1.0 "$tmp/lib-x86_64.o" -reexport_library "$src/libopt.tbd" \
  "$src/libSystem.tbd" -o "$out/libhello-x86_64.dylib"
llvm-lipo-14 -create "$out/libhello-arm64.dylib" "$out/libhello-x86_64.dylib" -output "$out/libhello-universal.dylib"
ld64.lld-14 -arch arm64 -platform_version macos 12.0 13.1 -e _main "$tmp/hello-arm64.o" "$out/libhello-arm64.dylib" \
  -weak_library "$src/libopt.tbd" "$src/libSystem.tbd" -rpath @executable_path/../lib -rpath /opt/hello/lib \
  -o "$out/hello-arm64"
clang -target x86_64-apple-macos11 -O2 -c "$src/lib.c" -o "$tmp/plugin.o"
ld64.lld-14 -arch x86_64 -platform_version macos 11.0 0 -bundle "$tmp/plugin.o" "$src/libSystem.tbd" -o "$out/plugin-x86_64.bundle"
ls -l "$out"
