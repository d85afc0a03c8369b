#!/usr/bin/env bash
# Builds corpus/provenance/: provenance sections added to a real executable with objcopy
# --add-section (binutils 2.40):
#  - rust-auditable: `.dep-v0`, the zlib-compressed JSON of src/provenance/dep-v0.json in
#    cargo-auditable's format (auditable-serde VersionInfo);
#  - package-note: `.note.package`, an ELF note (owner "FDO", type 0xcafe1a7e, NUL-terminated JSON
#    padded to 4 bytes) holding src/provenance/package.json, per the systemd/UAPI "Package Metadata
#    for Executable Files" spec; readelf -n prints it as "Packaging Metadata".
set -euo pipefail
cd "$(dirname "$0")"
O=provenance
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
gcc -O2 -g0 -o "$T/hello" src/hello.c
python3 -c 'import sys, zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1], "rb").read().strip(), 9))' src/provenance/dep-v0.json > "$T/dep-v0"
objcopy --add-section .dep-v0="$T/dep-v0" --set-section-flags .dep-v0=noload,readonly "$T/hello" $O/rust-auditable
python3 - src/provenance/package.json "$T/note" <<'PY'
import struct, sys
desc = open(sys.argv[1], "rb").read().strip() + b"\0"
desc += b"\0" * (-len(desc) % 4)
open(sys.argv[2], "wb").write(struct.pack("<III", 4, len(desc), 0xcafe1a7e) + b"FDO\0" + desc)
PY
objcopy --add-section .note.package="$T/note" --set-section-flags .note.package=noload,readonly "$T/hello" $O/package-note
