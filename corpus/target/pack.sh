#!/usr/bin/env bash
# pack.sh ROOTS.tar.gz OUTDIR: packs container images from the roots build.sh made, with tar,
# gzip and sha256sum only (no network, no docker):
#   OUTDIR/amd64-docker.tar   `docker save` layout: manifest.json, <id>/layer.tar, config
#   OUTDIR/amd64-oci/         OCI image layout: oci-layout, index.json, blobs/sha256/* (gzip layers)
#   OUTDIR/amd64-oci.tar      the same layout as one archive
#   OUTDIR/musl-docker.tar    the musl root as a one-layer `docker save` image
# The amd64 images have two layers: the amd64 root, then amd64-upper, which whites out
# /usr/lib/x86_64-linux-gnu/libcxxdep.so.1 (.wh.libcxxdep.so.1) and makes /opt/bundle/lib opaque
# (.wh..wh..opq). Their filesystem is roots/amd64-image. Also leaves OUTDIR/roots/ (the roots).
set -euo pipefail
ROOTS=$1 OUT=$2
mkdir -p "$OUT/roots"
tar -xzf "$ROOTS" -C "$OUT/roots"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sha() { sha256sum "$1" | cut -d' ' -f1; }
layer() { # layer DIR OUT.tar
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf "$2" .
}
docker_save() { # docker_save OUT.tar TAG ARCH DIR...
  local out=$1 tag=$2 arch=$3; shift 3
  local d=$T/docker-$tag layers=() diffs=() n=0
  rm -rf "$d"; mkdir -p "$d"
  for dir in "$@"; do
    layer "$dir" "$T/l$n.tar"
    local id; id=$(sha "$T/l$n.tar")
    mkdir -p "$d/$id"; mv "$T/l$n.tar" "$d/$id/layer.tar"; echo 1.0 > "$d/$id/VERSION"
    echo "{\"id\":\"$id\"}" > "$d/$id/json"
    layers+=("\"$id/layer.tar\""); diffs+=("\"sha256:$id\""); n=$((n + 1))
  done
  local cfg="{\"architecture\":\"$arch\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$(IFS=,; echo "${diffs[*]}")]}}"
  printf '%s' "$cfg" > "$T/cfg.json"
  local cid; cid=$(sha "$T/cfg.json"); mv "$T/cfg.json" "$d/$cid.json"
  printf '[{"Config":"%s.json","RepoTags":["binspect-test/%s:latest"],"Layers":[%s]}]' "$cid" "$tag" "$(IFS=,; echo "${layers[*]}")" > "$d/manifest.json"
  (cd "$d" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out" .)
}
oci_layout() { # oci_layout OUTDIR ARCH DIR...
  local o=$1 arch=$2; shift 2
  rm -rf "$o"; mkdir -p "$o/blobs/sha256"
  local ls=() diffs=() n=0
  for dir in "$@"; do
    layer "$dir" "$T/o$n.tar"
    local diff; diff=$(sha "$T/o$n.tar")
    gzip -9n < "$T/o$n.tar" > "$T/o$n.tgz"
    local dg size; dg=$(sha "$T/o$n.tgz"); size=$(stat -c %s "$T/o$n.tgz")
    mv "$T/o$n.tgz" "$o/blobs/sha256/$dg"
    ls+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$dg\",\"size\":$size}")
    diffs+=("\"sha256:$diff\""); n=$((n + 1))
  done
  printf '{"architecture":"%s","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$arch" "$(IFS=,; echo "${diffs[*]}")" > "$T/cfg"
  local cd cs; cd=$(sha "$T/cfg"); cs=$(stat -c %s "$T/cfg"); mv "$T/cfg" "$o/blobs/sha256/$cd"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$cd" "$cs" "$(IFS=,; echo "${ls[*]}")" > "$T/man"
  local md ms; md=$(sha "$T/man"); ms=$(stat -c %s "$T/man"); mv "$T/man" "$o/blobs/sha256/$md"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' "$md" "$ms" > "$o/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$o/oci-layout"
}
R=$OUT/roots
docker_save "$OUT/amd64-docker.tar" amd64 amd64 "$R/amd64" "$R/amd64-upper"
oci_layout "$OUT/amd64-oci" amd64 "$R/amd64" "$R/amd64-upper"
(cd "$OUT/amd64-oci" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$OUT/amd64-oci.tar" .)
docker_save "$OUT/musl-docker.tar" musl amd64 "$R/musl"
