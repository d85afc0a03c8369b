#!/usr/bin/env bash
# Rebuild every binary under corpus/elf from corpus/src, then regenerate
# MANIFEST.json (recipes come from this script, facts from
# tools/make_manifest.py).  Needs the Debian 12 packages listed in README.md.
# Every recipe is run from the corpus/ directory and recorded verbatim.
set -euo pipefail
cd "$(dirname "$0")"

export LC_ALL=C SOURCE_DATE_EPOCH=0
RECIPES=$(mktemp)
trap 'rm -f "$RECIPES"' EXIT

CF="-O2 -g0"
BID="-Wl,--build-id=sha1"

# run OUT COMMAND: run COMMAND (a shell string) and record it as OUT's recipe.
run() {
    local out=$1 cmd=$2
    mkdir -p "$(dirname "$out")"
    rm -f "$out"
    echo "+ $cmd" >&2
    (eval "$cmd")
    [[ -f $out ]] || { echo "build.sh: $out was not produced" >&2; exit 1; }
    printf '%s\t%s\n' "$out" "$cmd" >>"$RECIPES"
}

# ---------------------------------------------------------------- x86_64
X=elf/x86_64
run $X/hello-pie          "gcc $CF $BID -o $X/hello-pie src/hello.c"
run $X/hello-nopie        "gcc $CF -fno-pie -no-pie $BID -o $X/hello-nopie src/hello.c"
run $X/hello-static       "gcc $CF -static $BID -o $X/hello-static src/hello.c"
run $X/hello-static-pie   "gcc $CF -fPIE -static-pie $BID -o $X/hello-static-pie src/hello.c"
run $X/hello.o            "gcc $CF -c -o $X/hello.o src/hello.c"
run $X/libhello.so        "gcc $CF -fPIC -shared -Wl,-soname,libhello.so.1 -Wl,-rpath,/opt/a:/opt/b -Wl,--disable-new-dtags $BID -o $X/libhello.so src/lib.c"
run $X/libhello-runpath.so "gcc $CF -fPIC -shared -Wl,-soname,libhello-runpath.so.1 -Wl,-rpath,/opt/a:/opt/b -Wl,--enable-new-dtags $BID -o $X/libhello-runpath.so src/lib.c"
run $X/cet-full-nostdlib  "gcc $CF -fcf-protection=full -fno-stack-protector -nostdlib -static $BID -o $X/cet-full-nostdlib src/start_x86_64.c"
run $X/cet-none           "gcc $CF -fcf-protection=none -fno-stack-protector -nostdlib -static $BID -o $X/cet-none src/start_x86_64.c"
run $X/cet-full-linked    "gcc $CF -fcf-protection=full $BID -o $X/cet-full-linked src/hello.c"
run $X/cet-forced         "gcc $CF -fcf-protection=full -Wl,-z,ibt,-z,shstk $BID -o $X/cet-forced src/hello.c"
run $X/now-relro          "gcc $CF -Wl,-z,now,-z,relro $BID -o $X/now-relro src/hello.c"
run $X/norelro            "gcc $CF -Wl,-z,norelro,-z,lazy $BID -o $X/norelro src/hello.c"
run $X/cxx-hello          "g++ $CF $BID -o $X/cxx-hello src/cxx_hello.cpp"
run $X/symver-new         "gcc $CF -fno-builtin-memcpy $BID -o $X/symver-new src/symver.c"
run $X/symver-old         "gcc $CF -fno-builtin-memcpy -DPIN_OLD_MEMCPY $BID -o $X/symver-old src/symver.c"
run $X/copyreloc-nopie    "gcc $CF -fno-pie -no-pie -nostartfiles $BID -o $X/copyreloc-nopie src/copyreloc.c"
run $X/relr               "gcc $CF -Wl,-z,pack-relative-relocs $BID -o $X/relr src/hello.c"
run $X/hello-stripped     "strip --strip-all -o $X/hello-stripped $X/hello-pie"
run $X/hello-noshdr       "python3 tools/strip_shdrs.py $X/hello-pie $X/hello-noshdr"
run $X/musl-static        "musl-gcc $CF -static $BID -o $X/musl-static src/hello.c"
run $X/musl-dynamic       "musl-gcc $CF $BID -o $X/musl-dynamic src/hello.c"
run $X/go-static          "cd src/gostatic && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -ldflags='-s -w' -o ../../$X/go-static ."
# Gate drift pairs (issue #11): the same source linked to an older and a newer symbol version.
run $X/drift-memcpy-old   "gcc $CF -fno-builtin-memcpy -nostartfiles -DPIN_OLD $BID -o $X/drift-memcpy-old src/drift_memcpy.c"
run $X/drift-memcpy-new   "gcc $CF -fno-builtin-memcpy -nostartfiles $BID -o $X/drift-memcpy-new src/drift_memcpy.c"
run $X/drift-cxx-old      "g++ $CF $BID -o $X/drift-cxx-old src/drift_cxx.cpp"
run $X/drift-cxx-new      "g++ $CF -DNEW $BID -o $X/drift-cxx-new src/drift_cxx.cpp"
run $X/go-cgo             "cd src/gocgo && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 CC=gcc go build -trimpath -ldflags='-s -w' -o ../../$X/go-cgo ."

# ---------------------------------------------------------------- i386
I=elf/i386
run $I/hello              "i686-linux-gnu-gcc $CF $BID -o $I/hello src/hello.c"
run $I/hello-static       "i686-linux-gnu-gcc $CF -static $BID -o $I/hello-static src/hello.c"
run $I/hello-static-pie   "i686-linux-gnu-gcc $CF -fPIE -static-pie $BID -o $I/hello-static-pie src/hello.c"

# ---------------------------------------------------------------- aarch64
A=elf/aarch64
AG=aarch64-linux-gnu-gcc
run $A/bp-standard-nostdlib "$AG $CF -mbranch-protection=standard -nostdlib -static $BID -o $A/bp-standard-nostdlib src/start_aarch64.c"
run $A/bp-bti-nostdlib      "$AG $CF -mbranch-protection=bti -nostdlib -static $BID -o $A/bp-bti-nostdlib src/start_aarch64.c"
run $A/bp-pacret-nostdlib   "$AG $CF -mbranch-protection=pac-ret -nostdlib -static $BID -o $A/bp-pacret-nostdlib src/start_aarch64.c"
run $A/bp-none-nostdlib     "$AG $CF -mbranch-protection=none -nostdlib -static $BID -o $A/bp-none-nostdlib src/start_aarch64.c"
run $A/bp-standard-shared   "$AG $CF -mbranch-protection=standard -fPIC -shared -nostdlib $BID -o $A/bp-standard-shared src/shlib_aarch64.c"
run $A/bp-standard-linked   "$AG $CF -mbranch-protection=standard $BID -o $A/bp-standard-linked src/hello.c"
run $A/bp-forcebti          "$AG $CF -mbranch-protection=standard -Wl,-z,force-bti $BID -o $A/bp-forcebti src/hello.c"
run $A/hello-static         "$AG $CF -static $BID -o $A/hello-static src/hello.c"
run $A/hello-static-pie     "$AG $CF -fPIE -static-pie $BID -o $A/hello-static-pie src/hello.c"
run $A/gcs-asm              "$AG -g0 -nostdlib -static $BID -o $A/gcs-asm src/gcs_aarch64.S"
run $A/go-static            "cd src/gostatic && CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -trimpath -ldflags='-s -w' -o ../../$A/go-static ."

# ---------------------------------------------------------------- other glibc targets
run elf/arm/hello         "arm-linux-gnueabihf-gcc $CF $BID -o elf/arm/hello src/hello.c"
run elf/riscv64/hello     "riscv64-linux-gnu-gcc $CF $BID -o elf/riscv64/hello src/hello.c"
run elf/powerpc64le/hello "powerpc64le-linux-gnu-gcc $CF $BID -o elf/powerpc64le/hello src/hello.c"
run elf/s390x/hello       "s390x-linux-gnu-gcc $CF $BID -o elf/s390x/hello src/hello.c"
run elf/mips/hello        "mips-linux-gnu-gcc $CF $BID -o elf/mips/hello src/hello.c"

python3 tools/make_manifest.py "$RECIPES" >MANIFEST.json
echo "build.sh: $(wc -l <"$RECIPES") files built; MANIFEST.json written" >&2
