#!/usr/bin/env bash
# bench/target.sh: `binspect check --target IMAGE --self` on an image of at least 2,000 ELF files,
# against `ldd` run on every one of those files inside `chroot ROOT` (what checking an image with
# its own loader costs). Prints both wall times and their ratio.
#
# The root is this machine's own /usr/bin, /usr/sbin, /usr/libexec, /usr/lib64 and
# /usr/lib/x86_64-linux-gnu (hard links, or copies across filesystems), its ld.so configuration
# and a cache from `ldconfig -r ROOT`; the image is that root as a one-layer `docker save` tarball
# (an uncompressed layer, as docker save writes). Needs root (chroot), GNU tar, coreutils, file.
# Run after `npm run build`: bench/target.sh [WORKDIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLI=$HERE/../dist/src/cli/main.js
[ -f "$CLI" ] || { echo "bench/target.sh: build first (npm run build)" >&2; exit 2; }
W=${1:-$(mktemp -d /var/tmp/binspect-bench-target.XXXXXX)}
R=$W/root
cleanup() { umount "$R/proc" 2>/dev/null || true; }
trap cleanup EXIT
if [ ! -f "$W/image.tar" ]; then
  rm -rf "$R"; mkdir -p "$R/usr/lib" "$R/etc" "$R/proc"
  for d in bin sbin libexec lib64 lib/x86_64-linux-gnu; do
    [ -e "/usr/$d" ] || continue
    cp -al "/usr/$d" "$R/usr/$d" 2>/dev/null || cp -a "/usr/$d" "$R/usr/$d"
  done
  ln -s usr/bin "$R/bin"; ln -s usr/sbin "$R/sbin"; ln -s usr/lib "$R/lib"; ln -s usr/lib64 "$R/lib64"
  cp -a /etc/ld.so.conf /etc/ld.so.conf.d "$R/etc/"
  ldconfig -X -r "$R"
  # docker save layout: manifest.json, <id>/layer.tar, <config>.json
  L=$W/layer.tar
  tar --sort=name --owner=0 --group=0 --numeric-owner -C "$R" -cf "$L" --exclude=./proc .
  id=$(sha256sum "$L" | cut -d' ' -f1)
  mkdir -p "$W/img/$id"; mv "$L" "$W/img/$id/layer.tar"
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$id" > "$W/img/config.json"
  printf '[{"Config":"config.json","RepoTags":["bench:latest"],"Layers":["%s/layer.tar"]}]' "$id" > "$W/img/manifest.json"
  tar -C "$W/img" -cf "$W/image.tar" . && rm -rf "$W/img"
  # The ELF executables and shared objects (what ldd accepts and --self checks), paths inside the root.
  (cd "$R" && find . -path ./proc -prune -o -type f -print0 | xargs -0 file -N --mime-type \
    | grep -E ': application/x-(pie-executable|executable|sharedlib)$' | sed -e 's/^\.//' -e 's/: application.*$//' | sort > "$W/elf.list")
fi
n=$(wc -l < "$W/elf.list")
echo "root: $R ($n ELF executables and shared objects), image: $W/image.tar ($(du -h "$W/image.tar" | cut -f1))"
[ "$n" -ge 2000 ] || echo "warning: fewer than 2,000 ELF files" >&2
now() { date +%s.%N; }
mkdir -p "$R/proc"; mount --bind /proc "$R/proc"
cat "$R/etc/ld.so.cache" > /dev/null; cat "$W/image.tar" > /dev/null # warm the page cache for both
t0=$(now)
chroot "$R" /usr/bin/bash -c 'while IFS= read -r f; do echo "== $f"; /usr/bin/ldd "$f" 2>&1; done' < "$W/elf.list" > "$W/ldd.out" 2>&1 || true
t1=$(now)
node "$CLI" check --target "$W/image.tar" --self --format json > "$W/binspect-image.json" || true
t2=$(now)
node "$CLI" check --target "$R" --self --format json > "$W/binspect-dir.json" || true
t3=$(now)
files_img=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(r.files)' "$W/binspect-image.json")
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
ldd_s=$(sub "$t1" "$t0"); img_s=$(sub "$t2" "$t1"); dir_s=$(sub "$t3" "$t2")
printf 'ldd in chroot, %d files:                 %8.2f s\n' "$n" "$ldd_s"
printf 'binspect check --target IMAGE --self, %d files: %8.2f s  (ldd / binspect = %sx)\n' "$files_img" "$img_s" "$(div "$ldd_s" "$img_s")"
printf 'binspect check --target ROOT --self:       %8.2f s  (ldd / binspect = %sx)\n' "$dir_s" "$(div "$ldd_s" "$dir_s")"
# Agreement: the files ldd reports a "not found" library or version for, against binspect's errors.
node -e '
const fs = require("fs");
const [lddOut, json, img] = process.argv.slice(1);
const ldd = new Set(); let cur = null;
for (const l of fs.readFileSync(lddOut, "utf8").split("\n")) {
  if (l.startsWith("== ")) cur = l.slice(3); else if (cur && /not found/.test(l)) ldd.add(cur);
}
const v = JSON.parse(fs.readFileSync(json, "utf8")).violations.filter((x) => x.level === "error" && x.rule.startsWith("missing-"));
const ours = new Set(v.map((x) => x.file.slice(img.length + 1)));
const both = [...ldd].filter((f) => ours.has(f)).length;
console.log(`files with an unmet need: ldd ${ldd.size}, binspect ${ours.size}, both ${both}`);
for (const f of [...ldd].filter((f) => !ours.has(f)).slice(0, 10)) console.log(`  only ldd:      ${f}`);
for (const f of [...ours].filter((f) => !ldd.has(f)).slice(0, 10)) console.log(`  only binspect: ${f}`);
' "$W/ldd.out" "$W/binspect-image.json" "$W/image.tar"
echo "outputs: $W/ldd.out $W/binspect-image.json $W/binspect-dir.json"
