#!/usr/bin/env bash
# Records what Debian's checksec 2.6 says of every ELF file in corpus/MANIFEST.json:
# `checksec --listfile=LIST --output=json`, run from corpus/ (so the names are corpus-relative),
# kept as checksec printed it in corpus/checksec.json. test/oracle/checksec.test.ts compares
# binspect's report with it (CI has no need of checksec for the corpus part).
set -euo pipefail
cd "$(dirname "$0")/.."
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
python3 -c 'import json; [print(e["path"]) for e in json.load(open("MANIFEST.json")) if e["path"].startswith("elf/")]' > "$list"
ls hardening/* | grep -v "\.gz$" >> "$list"
checksec --listfile="$list" --output=json > checksec.json
