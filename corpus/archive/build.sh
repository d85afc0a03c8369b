#!/usr/bin/env bash
# Rebuilds the archive corpus (corpus/archive/*): real archives made by real tools (zip, python3
# -m zipfile, jar, tar + gzip, ar, llvm-ar, npm pack) and wheels written by hand to the wheel spec
# (make_wheel.py), holding small ELF files built here. CI only reads the committed results.
# Needs: gcc, gcc-aarch64-linux-gnu, zip, python3, jar (default-jdk-headless), tar, gzip, binutils,
# llvm (llvm-ar), npm. Deterministic: fixed mtimes, sorted tar entries, gzip -n.
set -euo pipefail
cd "$(dirname "$0")"
export TZ=UTC LC_ALL=C SOURCE_DATE_EPOCH=1577836800
out=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc="gcc -O2 -g0 -fPIC -Wl,--build-id=none"

# ELF members
mkdir -p "$work/bin"
$cc -shared -Wl,-soname,libfoo-1a2b3c4d.so.1 -o "$work/bin/libfoo-1a2b3c4d.so.1" src/foo.c
$cc -shared -Wl,-soname,libfoo-1a2b3c4d.so.1 -o "$work/bin/libfoo-new.so.1" src/foo_new.c
for pkg in demo newfloor newtag mistagged; do # auditwheel repair's layout: $ORIGIN/../<pkg>.libs
  $cc -shared -o "$work/bin/_ext-$pkg.so" src/ext.c -L"$work/bin" -l:libfoo-1a2b3c4d.so.1 -Wl,-rpath,"\$ORIGIN/../$pkg.libs"
done
$cc -shared -o "$work/bin/_ext_beside.so" src/ext.c -L"$work/bin" -l:libfoo-1a2b3c4d.so.1 -Wl,-rpath,'$ORIGIN'
$cc -shared -o "$work/bin/_ext_norpath.so" src/ext.c -L"$work/bin" -l:libfoo-1a2b3c4d.so.1
cat > "$work/bar.c" <<'C'
int bar_value(void) { return 1; }
C
$cc -shared -Wl,-soname,libbar.so.1 -o "$work/bin/libbar.so.1" "$work/bar.c"
$cc -shared -o "$work/bin/_missing.so" src/missing.c -L"$work/bin" -l:libbar.so.1
$cc -shared -o "$work/bin/addon-x64.node" src/addon.c
aarch64-linux-gnu-gcc -O2 -g0 -fPIC -Wl,--build-id=none -shared -o "$work/bin/addon-arm64.node" src/addon.c
gcc -O2 -g0 -c -o "$work/bin/first_object_with_a_long_name.o" src/obj1.c
gcc -O2 -g0 -c -o "$work/bin/second_object_with_a_long_name.o" src/obj2.c
gcc -O2 -g0 -c -o "$work/bin/short.o" src/obj2.c
find "$work/bin" -exec touch -d @1577836800 {} +

# zip: Info-ZIP and Python's zipfile
mkdir -p "$work/tree/pkg/lib"
cp "$work/bin/libfoo-1a2b3c4d.so.1" "$work/tree/pkg/lib/libfoo.so.1"
cp "$work/bin/addon-x64.node" "$work/tree/pkg/addon.node"
echo 'plain text' > "$work/tree/pkg/README.txt"
find "$work/tree" -exec touch -d @1577836800 {} +
rm -f zip-infozip.zip zip-python.zip
(cd "$work/tree" && zip -qrX "$out/zip-infozip.zip" pkg)
(cd "$work/tree" && python3 -m zipfile -c "$out/zip-python.zip" pkg)

# jar with native libraries for two machines
mkdir -p "$work/jar/native/linux-x86_64" "$work/jar/native/linux-aarch64" "$work/jar/demo"
cp "$work/bin/addon-x64.node" "$work/jar/native/linux-x86_64/libdemo.so"
cp "$work/bin/addon-arm64.node" "$work/jar/native/linux-aarch64/libdemo.so"
echo 'class stand-in' > "$work/jar/demo/Demo.class"
printf 'Main-Class: demo.Demo\n' > "$work/manifest.txt"
find "$work/jar" -exec touch -d @1577836800 {} +
rm -f native.jar
(cd "$work/jar" && jar --create --file "$out/native.jar" --manifest "$work/manifest.txt" --date 2020-01-01T00:00:00Z demo native)

# wheels, by hand
W=./make_wheel.py
rm -f ./*.whl
$W demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl demo 1.0 \
  cp311-cp311-manylinux_2_17_x86_64,cp311-cp311-manylinux2014_x86_64 \
  "demo/__init__.py=$work/tree/pkg/README.txt" "demo/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext-demo.so" \
  "demo.libs/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-1a2b3c4d.so.1"
$W beside-1.0-cp311-cp311-manylinux_2_17_x86_64.whl beside 1.0 cp311-cp311-manylinux_2_17_x86_64 \
  "beside/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext_beside.so" "beside/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-1a2b3c4d.so.1"
$W newfloor-1.0-cp311-cp311-manylinux_2_17_x86_64.whl newfloor 1.0 cp311-cp311-manylinux_2_17_x86_64 \
  "newfloor/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext-newfloor.so" "newfloor.libs/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-new.so.1"
$W norpath-1.0-cp311-cp311-manylinux_2_17_x86_64.whl norpath 1.0 cp311-cp311-manylinux_2_17_x86_64 \
  "norpath/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext_norpath.so" "norpath.libs/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-1a2b3c4d.so.1"
$W missing-1.0-cp311-cp311-manylinux_2_17_x86_64.whl missing 1.0 cp311-cp311-manylinux_2_17_x86_64 \
  "missing/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_missing.so"
$W newtag-1.0-cp311-cp311-manylinux_2_25_x86_64.whl newtag 1.0 cp311-cp311-manylinux_2_25_x86_64 \
  "newtag/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext-newtag.so" "newtag.libs/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-1a2b3c4d.so.1"
$W mistagged-1.0-cp311-cp311-manylinux_2_17_x86_64.whl mistagged 1.0 cp311-cp311-manylinux_2_28_x86_64 \
  "mistagged/_ext.cpython-311-x86_64-linux-gnu.so=$work/bin/_ext-mistagged.so" "mistagged.libs/libfoo-1a2b3c4d.so.1=$work/bin/libfoo-1a2b3c4d.so.1"
$W armwheel-1.0-cp311-cp311-manylinux_2_17_aarch64.whl armwheel 1.0 cp311-cp311-manylinux_2_17_aarch64 \
  "armwheel/_ext.cpython-311-aarch64-linux-gnu.so=$work/bin/addon-x64.node"

# npm packages, by npm pack
rm -f ./*.tgz
pack() { # dir name os cpu libc node-file
  local d="$work/npm/$1"
  mkdir -p "$d"
  printf '{\n  "name": "%s",\n  "version": "1.0.0",\n  "os": ["%s"],\n  "cpu": ["%s"],\n  "libc": ["%s"],\n  "main": "demo.node"\n}\n' "$2" "$3" "$4" "$5" > "$d/package.json"
  cp "$6" "$d/demo.node"
  (cd "$d" && npm pack --silent --pack-destination "$out" >/dev/null)
}
pack gnu @demo/linux-x64-gnu linux x64 glibc "$work/bin/addon-x64.node"
pack armmusl @demo/linux-arm64-musl linux arm64 musl "$work/bin/addon-x64.node"
pack arm64 @demo/linux-arm64-gnu linux arm64 glibc "$work/bin/addon-arm64.node"
pack darwin @demo/darwin-x64 darwin x64 glibc "$work/bin/addon-x64.node"
mkdir -p npm-dir
cp "$work/npm/gnu/package.json" npm-dir/package.json
cp "$work/bin/addon-x64.node" npm-dir/demo.node

# tar, tar.gz, nested: a release tarball holding the jar and a wheel
mkdir -p "$work/rel/lib"
cp native.jar "$work/rel/lib/native.jar"
cp demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl "$work/rel/lib/"
cp "$work/bin/libfoo-1a2b3c4d.so.1" "$work/rel/lib/libfoo.so.1"
ln -sf libfoo.so.1 "$work/rel/lib/libfoo.so"
echo 'release notes' > "$work/rel/NOTES"
find "$work/rel" -exec touch -h -d @1577836800 {} +
T="tar --sort=name --mtime=@1577836800 --owner=0 --group=0 --numeric-owner --format=gnu"
(cd "$work" && $T -cf "$out/release.tar" rel)
(cd "$work" && $T -cf - rel | gzip -n -9 > "$out/release.tar.gz")
# pax format with a name longer than 100 bytes; GNU format with the same (a GNU 'L' long name)
long="rel/$(printf 'd%.0s' $(seq 1 60))/$(printf 'e%.0s' $(seq 1 60))"
mkdir -p "$work/$long"
cp "$work/bin/libfoo-1a2b3c4d.so.1" "$work/$long/libfoo.so.1"
find "$work/rel" -exec touch -h -d @1577836800 {} +
(cd "$work" && tar --sort=name --mtime=@1577836800 --owner=0 --group=0 --numeric-owner --format=pax --pax-option=delete=atime,delete=ctime -cf - "$long" | gzip -n > "$out/longname-pax.tar.gz")
(cd "$work" && $T -cf - "$long" | gzip -n > "$out/longname-gnu.tgz")

# ar: GNU long names (binutils ar) and BSD #1/ names (llvm-ar)
rm -f ./*.a
(cd "$work/bin" && ar rcsD "$out/libobjs-gnu.a" first_object_with_a_long_name.o second_object_with_a_long_name.o short.o)
(cd "$work/bin" && llvm-ar --format=bsd rcsD "$out/libobjs-bsd.a" first_object_with_a_long_name.o second_object_with_a_long_name.o short.o)
ls -la "$out" | grep -v -e '\.sh$' -e '\.py$'
