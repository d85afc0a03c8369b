#!/usr/bin/env python3
"""Sanity-check MANIFEST.json facts against GNU readelf (binutils 2.40).

usage: check_manifest.py [MANIFEST.json]   (run from corpus/)

This only checks the recipe reasoning; facts are never generated from it.
Prints one line per disagreement and exits 1 if there was any.
"""
import json
import re
import subprocess
import sys

MACHINES = {
    "Advanced Micro Devices X86-64": "x86_64",
    "Intel 80386": "i386",
    "AArch64": "aarch64",
    "ARM": "arm",
    "RISC-V": "riscv64",
    "PowerPC64": "powerpc64le",
    "IBM S/390": "s390x",
    "MIPS R3000": "mips",
}


def readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=False).stdout


def versions(verneed_text: str) -> list:
    return re.findall(r"Name: (GLIBC_[0-9.]+)", verneed_text)


def vkey(v: str):
    return tuple(int(x) for x in v[len("GLIBC_"):].split("."))


def observe(path: str) -> dict:
    hdr = readelf("-h", path)
    phd = readelf("-l", path)
    dyn = readelf("-d", path)
    ver = readelf("-V", path)
    notes = readelf("-n", path)
    dsyms = readelf("--dyn-syms", path)
    relocs = readelf("-r", path)
    o = {}
    m = re.search(r"Machine:\s+(.*)", hdr).group(1).strip()
    o["machine"] = MACHINES.get(m, m)
    o["class"] = 64 if "ELF64" in hdr else 32
    o["endian"] = "big" if "big endian" in hdr else "little"
    t = re.search(r"Type:\s+(\w+)", hdr).group(1)
    has_interp = re.search(r"^\s+INTERP\s", phd, re.M) is not None
    has_dynamic = re.search(r"^\s+DYNAMIC\s", phd, re.M) is not None
    flags1 = re.search(r"\(FLAGS_1\)\s+Flags: (.*)", dyn)
    flags1 = flags1.group(1).split() if flags1 else []
    flags = re.search(r"\(FLAGS\)\s+(.*)", dyn)
    flags = flags.group(1).split() if flags else []
    if t == "EXEC":
        o["type"] = "executable"
    elif t == "REL":
        o["type"] = "relocatable"
    elif t == "DYN":
        o["type"] = "pie-executable" if ("PIE" in flags1 or has_interp) else "shared-library"
    if t != "REL":
        if not has_dynamic:
            o["linkage"] = "static"
        elif t == "DYN" and not has_interp and "PIE" in flags1:
            o["linkage"] = "static-pie"
        else:
            o["linkage"] = "dynamic"
    o["needed"] = re.findall(r"\(NEEDED\)\s+Shared library: \[(.*?)\]", dyn)
    o["soname"] = (re.findall(r"\(SONAME\)\s+Library soname: \[(.*?)\]", dyn) or [None])[0]
    o["rpath"] = (re.findall(r"\(RPATH\)\s+Library rpath: \[(.*?)\]", dyn) or [None])[0]
    o["runpath"] = (re.findall(r"\(RUNPATH\)\s+Library runpath: \[(.*?)\]", dyn) or [None])[0]
    ip = re.search(r"Requesting program interpreter: (.*?)\]", phd)
    o["interpreter"] = ip.group(1) if ip else None
    x86 = re.search(r"x86 feature: (.*)", notes)
    x86 = [s.strip() for s in x86.group(1).split(",")] if x86 else []
    o["ibt"], o["shstk"] = "IBT" in x86, "SHSTK" in x86
    a64 = re.search(r"AArch64 feature: (.*)", notes)
    a64 = [s.strip() for s in a64.group(1).split(",")] if a64 else []
    o["bti"], o["pac"], o["gcs"] = "BTI" in a64, "PAC" in a64, ("GCS" in a64 or "<unknown: 4>" in a64)
    o["bindNow"] = "BIND_NOW" in flags or "NOW" in flags1 or "(BIND_NOW)" in dyn
    has_relro = re.search(r"^\s+GNU_RELRO\s", phd, re.M) is not None
    o["relro"] = ("full" if o["bindNow"] else "partial") if has_relro else "none"
    o["versions"] = versions(ver)
    o["has_relr_marker"] = "GLIBC_ABI_DT_RELR" in ver
    o["has_dt_relr"] = "(RELR)" in dyn
    o["dynsyms"] = dsyms
    o["relocs"] = relocs
    o["shnum"] = int(re.search(r"Number of section headers:\s+(\d+)", hdr).group(1))
    o["shoff"] = int(re.search(r"Start of section headers:\s+(\d+)", hdr).group(1))
    raw = open(path, "rb").read()
    if "libc.so.6" in o["needed"] or b"glibc error" in raw or b"GLIBC_2." in raw:
        o["libc"] = "glibc"
    elif (o["interpreter"] or "").startswith("/lib/ld-musl") or b"musl" in raw.lower() or o["needed"] == ["libc.so"]:
        o["libc"] = "musl"
    elif not o["needed"]:
        o["libc"] = "none"
    return o


def check(entry: dict) -> list:
    p, f = entry["path"], entry["facts"]
    o = observe(p)
    bad = []

    def expect(key, want, got):
        if want != got:
            bad.append(f"{p}: {key}: manifest {want!r}, readelf {got!r}")

    for k in ("machine", "class", "endian", "type", "linkage", "libc", "ibt", "shstk", "bti", "pac", "gcs", "relro", "bindNow"):
        if k in f:
            expect(k, f[k], o.get(k))
    for lib in f.get("neededIncludes", []):
        if lib not in o["needed"]:
            bad.append(f"{p}: DT_NEEDED {lib} missing (have {o['needed']})")
    if "glibcSymbol" in f:
        s = f["glibcSymbol"]
        if not re.search(rf"\s{re.escape(s['symbol'])}@{re.escape(s['version'])}\b", o["dynsyms"]):
            bad.append(f"{p}: {s['symbol']}@{s['version']} not among dynamic symbols")
    if "copyRelocFloor" in f:
        s = f["copyRelocFloor"]
        if not re.search(rf"_COPY\s.*\s{re.escape(s['symbol'])}@{re.escape(s['version'])}", o["relocs"]):
            bad.append(f"{p}: no COPY reloc for {s['symbol']}@{s['version']}")
        top = max(o["versions"], key=vkey)
        expect("highest GLIBC version", s["version"], top)
    if "floorMarker" in f:
        expect("GLIBC_ABI_DT_RELR need", True, o["has_relr_marker"])
        expect("DT_RELR", True, o["has_dt_relr"])
    if f.get("sectionHeadersRemoved"):
        expect("e_shnum", 0, o["shnum"])
        expect("e_shoff", 0, o["shoff"])
        orig = observe(f["original"])
        expect("interpreter as original", orig["interpreter"], o["interpreter"])
        expect("needed as original", orig["needed"], o["needed"])
    for k, v in entry.get("extraFacts", {}).items():
        expect(k, v, o.get(k))
    if "libhello.so" == p.rsplit("/", 1)[-1]:
        expect("runpath", None, o["runpath"])
    if "libhello-runpath.so" == p.rsplit("/", 1)[-1]:
        expect("rpath", None, o["rpath"])
    return bad


def main() -> None:
    manifest = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "MANIFEST.json"))
    problems = [b for e in manifest for b in check(e)]
    for b in problems:
        print(b)
    print(f"{len(manifest)} files checked, {len(problems)} disagreements", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
