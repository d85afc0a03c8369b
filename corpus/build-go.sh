#!/usr/bin/env bash
# Builds the Go build-info corpus (corpus/go/) with Debian 12's golang-go (Go 1.19):
#  - gotiny for every GOOS/GOARCH pair `go tool dist list` offers whose output is ELF, PE or Mach-O
#    (aix is XCOFF, plan9 is a.out, js/wasm is wasm), CGO_ENABLED=0, -ldflags='-s -w', with and
#    without -trimpath; a pair that does not link is listed in go/UNBUILT with go build's reason;
#  - cgo on for linux/amd64 (gcc) and linux/arm64 (aarch64-linux-gnu-gcc);
#  - gomod/app: a dependency from a file-system module proxy (with its h1: sum), a `replace` to a
#    sibling directory, built inside a git repository with fixed dates (vcs.* settings);
#  - linux/amd64 with its section headers removed (tools/strip_shdrs.py);
#  - a fat Mach-O of the darwin/amd64 and darwin/arm64 builds (llvm-lipo);
#  - a pre-Go-1.18 (pointer-based) encoding of a linux/386 and a linux/s390x build
#    (tools/go_old_buildinfo.py, to the layout of Go 1.19's debug/buildinfo).
# Each binary is then cut (tools/cut.mjs: bytes binspect and `go version -m` do not read are zeroed)
# and gzipped; go/expected.json records `go version -m` on every cut file, parsed by
# tools/go_expected.py, after checking that it prints the same for the full file.
# Needs: golang-go, gcc, gcc-aarch64-linux-gnu, llvm (llvm-lipo), python3, and `npm run build` first.
set -euo pipefail
C="$(cd "$(dirname "$0")" && pwd)"
OUT="$C/go"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
# The build cache only speeds reruns up (outputs do not depend on it).
export GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/binspect-gocache}" GOPATH="$W/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local GOSUMDB=off GONOSUMDB='*'
export GOPROXY=off
mkdir -p "$W/bin"
chmod 755 "$W"
mkdir -p "$OUT"
rm -f "$OUT"/*.gz.b64 "$OUT/UNBUILT"
: > "$W/unbuilt"

build() { # name, dir, env..., -- go build flags...
  local name="$1" dir="$2"; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  if ! (cd "$dir" && env "${envs[@]}" go build "$@" -o "$W/bin/$name" . ) 2> "$W/err"; then
    echo "$name: $(tr '\n' ' ' < "$W/err")" >> "$W/unbuilt"
  fi
}

for t in $(go tool dist list); do
  os="${t%/*}"; arch="${t#*/}"
  case "$os" in aix|plan9|js) continue ;; esac
  for tp in "" "-trimpath"; do
    build "tiny-$os-$arch$tp" "$C/src/gotiny" CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" -- $tp -ldflags='-s -w'
  done
done

# cgo: the existing gocgo source, native and cross.
build cgo-linux-amd64 "$C/src/gocgo" CGO_ENABLED=1 GOOS=linux GOARCH=amd64 CC=gcc -- -ldflags='-s -w'
build cgo-linux-arm64-trimpath "$C/src/gocgo" CGO_ENABLED=1 GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc -- -trimpath -ldflags='-s -w'

# A module proxy on the file system (the GOPROXY protocol's file layout) serving example.com/proxied v1.2.3.
P="$W/proxy/example.com/proxied/@v"
mkdir -p "$P"
echo v1.2.3 > "$P/list"
echo '{"Version":"v1.2.3","Time":"2020-01-02T03:04:05Z"}' > "$P/v1.2.3.info"
cp "$C/src/gomod/proxied/go.mod" "$P/v1.2.3.mod"
python3 - "$C/src/gomod/proxied" "$P/v1.2.3.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, 'w') as z:
    for n in sorted(os.listdir(src)):
        info = zipfile.ZipInfo('example.com/proxied@v1.2.3/' + n, (2020, 1, 2, 3, 4, 6))
        z.writestr(info, open(os.path.join(src, n), 'rb').read())
PY
# The app inside a git repository with fixed identity and dates: vcs, vcs.revision, vcs.time, vcs.modified.
mkdir -p "$W/repo"
cp -r "$C/src/gomod/app" "$C/src/gomod/local" "$W/repo/"
(cd "$W/repo" && git init -q && git add -A && \
  GIT_AUTHOR_NAME=corpus GIT_AUTHOR_EMAIL=corpus@example.com GIT_COMMITTER_NAME=corpus GIT_COMMITTER_EMAIL=corpus@example.com \
  GIT_AUTHOR_DATE='2024-05-06T07:08:09Z' GIT_COMMITTER_DATE='2024-05-06T07:08:09Z' git commit -q -m corpus)
(cd "$W/repo/app" && GOPROXY="file://$W/proxy" go mod download example.com/proxied && GOPROXY="file://$W/proxy" go mod tidy)
build mod-linux-amd64 "$W/repo/app" CGO_ENABLED=0 GOOS=linux GOARCH=amd64 -- -ldflags='-s -w'
build mod-windows-arm64-trimpath "$W/repo/app" CGO_ENABLED=0 GOOS=windows GOARCH=arm64 -- -trimpath -ldflags='-s -w'
echo '// modified' >> "$W/repo/app/main.go"
build mod-darwin-arm64-modified "$W/repo/app" CGO_ENABLED=0 GOOS=darwin GOARCH=arm64 GOARM64= -- -ldflags='-s -w -X main.unused=1'

# No section headers; a fat Mach-O with two Go slices; pre-1.18 encodings.
python3 "$C/tools/strip_shdrs.py" "$W/bin/tiny-linux-amd64" "$W/bin/noshdr-linux-amd64"
LIPO="$(command -v llvm-lipo || command -v llvm-lipo-14)"
"$LIPO" -create "$W/bin/tiny-darwin-amd64" "$W/bin/tiny-darwin-arm64" -output "$W/bin/fat-darwin"
python3 "$C/tools/go_old_buildinfo.py" "$W/bin/tiny-linux-386" "$W/bin/old-linux-386"
python3 "$C/tools/go_old_buildinfo.py" "$W/bin/mod-linux-amd64" "$W/bin/old-mod-linux-amd64"
python3 "$C/tools/go_old_buildinfo.py" "$W/bin/tiny-linux-s390x-trimpath" "$W/bin/old-linux-s390x"
chmod +x "$W"/bin/*

sort "$W/unbuilt" > "$OUT/UNBUILT"
mkdir -p "$W/cut"
node "$C/tools/cut.mjs" "$W/bin" "$W/cut"
for f in "$W"/cut/*; do
  full="$W/bin/$(basename "$f")"
  if [ "$(go version -m "$full" | tail -n +2)" != "$(go version -m "$f" | tail -n +2)" ]; then
    echo "go version -m differs between $full and its cut" >&2; exit 1
  fi
done
LIPO="$LIPO" python3 "$C/tools/go_expected.py" "$W/cut" > "$OUT/expected.json"
# base64 of gzip: zero-filled files compress past the container layer's ratio limit (maxRatio),
# and directory scans of the corpus open .gz members.
for f in "$W"/cut/*; do gzip -9 -n -c "$f" | base64 -w 76 > "$OUT/$(basename "$f").gz.b64"; done
echo "built $(ls "$OUT"/*.gz.b64 | wc -l) files; unbuilt: $(wc -l < "$OUT/UNBUILT")"
