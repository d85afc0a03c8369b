#!/usr/bin/env bash
# Builds the target roots of corpus/target from Debian 12 packages and records, for every case,
# what the real loader says when the file runs inside `chroot ROOT` (after `ldconfig -r ROOT`, as
# an image build does). Needs network (apt-get download), root (chroot), gcc, g++,
# i686-linux-gnu-gcc, aarch64-linux-gnu-gcc, musl-gcc, python3.
#
# Writes (committed):
#   roots.tar.gz    the roots, trimmed to the files the cases use (hard links keep variants small)
#   expected.json   one verdict per case, from the loader: loads / missing-interpreter /
#                   missing-library / missing-version, with its exit status and message
# The images (docker save tarball, OCI layout and archive) are packed from roots.tar.gz by
# pack.sh, which the tests run; build.sh runs it too to check them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=$(dirname "$HERE")
CACHE=${BINSPECT_TARGET_CACHE:-/tmp/binspect-target-cache}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=0

# ------------------------------------------------------------ packages (this release; amd64, arm64)
mkdir -p "$CACHE/debs" "$CACHE/apt-arm64/lists/partial" "$CACHE/apt-arm64/cache/archives/partial"
PKGS="libc6 libgcc-s1 libstdc++6 zlib1g"
# arm64 lists in a private apt state directory: the machine's own apt configuration is left alone.
ARM64="-o Dir::State::Lists=$CACHE/apt-arm64/lists -o Dir::Cache=$CACHE/apt-arm64/cache -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Debug::NoLocking=1"
(
  cd "$CACHE/debs"
  ls libc6_*_amd64.deb musl_*_amd64.deb >/dev/null 2>&1 || apt-get download $PKGS musl
  if ! ls libc6_*_arm64.deb >/dev/null 2>&1; then
    apt-get $ARM64 update
    apt-get $ARM64 download $(for p in $PKGS; do echo "$p:arm64"; done)
  fi
)
unpack() { # unpack ARCH DIR PKG...
  local arch=$1 dir=$2; shift 2
  mkdir -p "$dir"
  for p in "$@"; do dpkg -x "$(ls "$CACHE"/debs/${p}_*_"$arch".deb | head -1)" "$W/x-$arch-$p"; done
}

# keep SRC DEST PATH...: copy PATH (files and the symlinks naming them) from SRC into DEST.
keep() {
  local src=$1 dst=$2; shift 2
  for p in "$@"; do mkdir -p "$dst/$(dirname "$p")"; cp -a "$src/$p" "$dst/$p"; done
}

R=$W/roots
mkdir -p "$R"

# ------------------------------------------------------------ amd64 glibc root
unpack amd64 "$W" $PKGS musl
A=$R/amd64
L=lib/x86_64-linux-gnu
for p in $PKGS; do cp -a "$W/x-amd64-$p/." "$W/full-amd64/" 2>/dev/null || { mkdir -p "$W/full-amd64"; cp -a "$W/x-amd64-$p/." "$W/full-amd64/"; }; done
keep "$W/full-amd64" "$A" lib64/ld-linux-x86-64.so.2 $L/ld-linux-x86-64.so.2 $L/libc.so.6 $L/libm.so.6 \
  $L/libgcc_s.so.1 usr/$L/libstdc++.so.6 "usr/$L/$(readlink "$W/full-amd64/usr/$L/libstdc++.so.6")" \
  $L/libz.so.1 "$L/$(readlink "$W/full-amd64/$L/libz.so.1")" etc/ld.so.conf.d/x86_64-linux-gnu.conf
printf 'include /etc/ld.so.conf.d/*.conf\n' > "$A/etc/ld.so.conf"
mkdir -p "$A/usr/bin" "$A/opt/bundle/bin" "$A/opt/bundle/lib" "$A/opt/inc/lib" "$A/opt/wc/lib32" "$A/opt/wc/lib64"
S=$HERE/src
CF="-O2 -g0 -Wl,--build-id=sha1"
B=$W/build
mkdir -p "$B"
# libfoo.so.1 twice: the binary links against the new one (FOO_2.0), the root holds the old one.
gcc $CF -fPIC -shared -Wl,-soname,libfoo.so.1 -Wl,--version-script=$S/foo1.map -o "$B/libfoo-old.so" $S/foo1.c
gcc $CF -fPIC -shared -Wl,-soname,libfoo.so.1 -Wl,--version-script=$S/foo2.map -o "$B/libfoo-new.so" $S/foo2.c
ln -sf libfoo-new.so "$B/libfoo.so"
gcc $CF -o "$A/usr/bin/usefoo" $S/usefoo.c -L"$B" -lfoo
cp "$B/libfoo-old.so" "$A/usr/$L/libfoo.so.1"
mkdir -p "$A/opt/foo-new/lib"
cp "$B/libfoo-new.so" "$A/opt/foo-new/lib/libfoo.so.1"
gcc $CF -o "$A/usr/bin/usefoo-rpath" $S/usefoo.c -L"$B" -lfoo -Wl,-rpath,/opt/foo-new/lib -Wl,--disable-new-dtags
# $ORIGIN RUNPATH inside a bundle.
gcc $CF -fPIC -shared -DLIBNAME=bundled -Wl,-soname,libbundled.so.1 -o "$A/opt/bundle/lib/libbundled.so.1" $S/lib.c
gcc $CF -DLIBNAME=bundled -o "$A/opt/bundle/bin/app" $S/uselib.c "$A/opt/bundle/lib/libbundled.so.1" -Wl,-rpath,'$ORIGIN/../lib' -Wl,--enable-new-dtags
# A library found only through an ld.so.conf include (the cache is rebuilt below).
gcc $CF -fPIC -shared -DLIBNAME=inc -Wl,-soname,libinc.so.1 -o "$A/opt/inc/lib/libinc.so.1" $S/lib.c
echo /opt/inc/lib > "$A/etc/ld.so.conf.d/inc.conf"
gcc $CF -DLIBNAME=inc -o "$A/usr/bin/useinc" $S/uselib.c "$A/opt/inc/lib/libinc.so.1"
# A library of the wrong class in the first RUNPATH directory (ld.so passes over it).
i686-linux-gnu-gcc $CF -fPIC -shared -DLIBNAME=wc -Wl,-soname,libwc.so.1 -o "$A/opt/wc/lib32/libwc.so.1" $S/lib.c
gcc $CF -fPIC -shared -DLIBNAME=wc -Wl,-soname,libwc.so.1 -o "$A/opt/wc/lib64/libwc.so.1" $S/lib.c
gcc $CF -DLIBNAME=wc -o "$A/usr/bin/usewc" $S/uselib.c "$A/opt/wc/lib64/libwc.so.1" -Wl,-rpath,/opt/wc/lib32:/opt/wc/lib64 -Wl,--enable-new-dtags
gcc $CF -DLIBNAME=wc -o "$A/usr/bin/usewc32" $S/uselib.c "$A/opt/wc/lib64/libwc.so.1" -Wl,-rpath,/opt/wc/lib32 -Wl,--enable-new-dtags
# A transitive GLIBCXX need: a C program -> libcxxdep.so.1 (C++) -> libstdc++.so.6.
g++ $CF -fPIC -shared -Wl,-soname,libcxxdep.so.1 -o "$A/usr/$L/libcxxdep.so.1" $S/cxxdep.cc
gcc $CF -o "$A/usr/bin/usecxx" $S/usecxx.c "$A/usr/$L/libcxxdep.so.1"
gcc $CF -o "$A/usr/bin/hello" $S/hello.c
# DT_RPATH is inherited down the chain of loaders, DT_RUNPATH is not: program -> libmid -> libleaf,
# both in /opt/chain/lib, which only the program names.
mkdir -p "$A/opt/chain/lib"
gcc $CF -fPIC -shared -DLIBNAME=leaf -Wl,-soname,libleaf.so.1 -o "$A/opt/chain/lib/libleaf.so.1" $S/lib.c
gcc $CF -fPIC -shared -Wl,-soname,libmid.so.1 -o "$A/opt/chain/lib/libmid.so.1" $S/mid.c "$A/opt/chain/lib/libleaf.so.1"
gcc $CF -DLIBNAME=mid -o "$A/usr/bin/usechain-rpath" $S/uselib.c "$A/opt/chain/lib/libmid.so.1" -Wl,-rpath-link,"$A/opt/chain/lib" -Wl,-rpath,/opt/chain/lib -Wl,--disable-new-dtags
gcc $CF -DLIBNAME=mid -o "$A/usr/bin/usechain-runpath" $S/uselib.c "$A/opt/chain/lib/libmid.so.1" -Wl,-rpath-link,"$A/opt/chain/lib" -Wl,-rpath,/opt/chain/lib -Wl,--enable-new-dtags
# $LIB and $PLATFORM in a run path: the loader's library directory and the kernel's AT_PLATFORM.
mkdir -p "$A/opt/dst/$L" "$A/opt/dst/x86_64"
gcc $CF -fPIC -shared -DLIBNAME=dlib -Wl,-soname,libdlib.so.1 -o "$A/opt/dst/$L/libdlib.so.1" $S/lib.c
gcc $CF -fPIC -shared -DLIBNAME=dplat -Wl,-soname,libdplat.so.1 -o "$A/opt/dst/x86_64/libdplat.so.1" $S/lib.c
gcc $CF -o "$A/usr/bin/usedst" $S/usedst.c "$A/opt/dst/$L/libdlib.so.1" "$A/opt/dst/x86_64/libdplat.so.1" -Wl,-rpath,'/opt/dst/$LIB:/opt/dst/${PLATFORM}' -Wl,--enable-new-dtags
# DF_1_NODEFLIB: neither the cache nor the default directories for this program's needs.
gcc $CF -Wl,-z,nodefaultlib -o "$A/usr/bin/hello-nodeflib" $S/hello.c
cp "$CORPUS/elf/x86_64/go-cgo" "$A/usr/bin/go-cgo"
ldconfig -r "$A"
rm -rf "$A/var"

# Variants share files by hard links.
cp -al "$A" "$R/amd64-nocache"; rm "$R/amd64-nocache/etc/ld.so.cache"
cp -al "$A" "$R/amd64-nocxx"; rm "$R/amd64-nocxx/usr/$L/libstdc++.so.6"*; rm "$R/amd64-nocxx/etc/ld.so.cache"; ldconfig -r "$R/amd64-nocxx"; rm -rf "$R/amd64-nocxx/var"
# The image's filesystem: the upper layer whites out libcxxdep.so.1 and makes /opt/bundle/lib opaque.
cp -al "$A" "$R/amd64-image"; rm "$R/amd64-image/usr/$L/libcxxdep.so.1"; rm -rf "$R/amd64-image/opt/bundle/lib"/*
mkdir -p "$W/layers/upper/usr/$L" "$W/layers/upper/opt/bundle/lib"
: > "$W/layers/upper/usr/$L/.wh.libcxxdep.so.1"
: > "$W/layers/upper/opt/bundle/lib/.wh..wh..opq"

# ------------------------------------------------------------ musl root (Debian's musl package)
M=$R/musl
mkdir -p "$M/usr/bin"
cp -a "$W/x-amd64-musl/lib" "$W/x-amd64-musl/etc" "$M/"
musl-gcc -O2 -g0 -o "$M/usr/bin/hello-musl" $S/hello.c
musl-gcc -O2 -g0 -fPIC -shared -DLIBNAME=mz -Wl,-soname,libmz.so.1 -o "$W/libmz.so.1" $S/lib.c
musl-gcc -O2 -g0 -DLIBNAME=mz -o "$M/usr/bin/usemz-musl" $S/uselib.c "$W/libmz.so.1"
ln "$A/usr/bin/go-cgo" "$M/usr/bin/go-cgo"  # a hard link: stored once in the tarball

# ------------------------------------------------------------ arm64 glibc root (not runnable here)
unpack arm64 "$W" $PKGS
G=$R/arm64
LA=lib/aarch64-linux-gnu
mkdir -p "$W/full-arm64"
for p in $PKGS; do cp -a "$W/x-arm64-$p/." "$W/full-arm64/"; done
keep "$W/full-arm64" "$G" lib/ld-linux-aarch64.so.1 $LA/ld-linux-aarch64.so.1 $LA/libc.so.6 $LA/libm.so.6 $LA/libgcc_s.so.1 \
  etc/ld.so.conf.d/aarch64-linux-gnu.conf
mkdir -p "$G/usr/bin"
aarch64-linux-gnu-gcc $CF -o "$G/usr/bin/hello" $S/hello.c
ln "$A/usr/bin/go-cgo" "$G/usr/bin/go-cgo"

# ------------------------------------------------------------ verdicts from the real loader
# case ROOT FILE: run FILE inside chroot ROOT (with /proc mounted); record exit status, stdout's first line, stderr.
CASES=$W/cases.tsv
: > "$CASES"
case_() { # case_ ROOT FILE [LD_LIBRARY_PATH]
  local root=$1 file=$2 lp=${3:-} st
  # /proc as a container runtime mounts it: ld.so reads /proc/self/exe for the program's $ORIGIN.
  mkdir -p "$R/$root/proc"
  mount --bind /proc "$R/$root/proc"
  set +e
  if [ -n "$lp" ]; then env LD_LIBRARY_PATH="$lp" chroot "$R/$root" "$file" >"$W/out" 2>"$W/err" </dev/null
  else chroot "$R/$root" "$file" >"$W/out" 2>"$W/err" </dev/null; fi
  st=$?
  set -e
  umount "$R/$root/proc"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$root" "$file" "$st" "$(head -1 "$W/out")" "$(tr '\n\t' '  ' < "$W/err")" "$lp" >> "$CASES"
}
for f in hello usefoo usefoo-rpath useinc usewc usewc32 usecxx go-cgo; do case_ amd64 /usr/bin/$f; done
case_ amd64 /opt/bundle/bin/app
for f in usechain-rpath usechain-runpath hello-nodeflib usedst; do case_ amd64 /usr/bin/$f; done
case_ amd64 /usr/bin/usefoo /opt/foo-new/lib
for f in useinc usefoo; do case_ amd64-nocache /usr/bin/$f; done
for f in usecxx hello; do case_ amd64-nocxx /usr/bin/$f; done
for f in usecxx hello; do case_ amd64-image /usr/bin/$f; done
case_ amd64-image /opt/bundle/bin/app
for f in hello-musl usemz-musl go-cgo; do case_ musl /usr/bin/$f; done

python3 "$HERE/verdicts.py" "$CASES" "$R" > "$HERE/expected.json"

# ------------------------------------------------------------ pack (reproducible tar)
mkdir -p "$W/pack"
mv "$W/layers/upper" "$R/amd64-upper"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$R" -cf - . | gzip -9n > "$HERE/roots.tar.gz"
ls -la "$HERE/roots.tar.gz"
"$HERE/pack.sh" "$HERE/roots.tar.gz" "$W/pack"
ls -la "$W/pack"
