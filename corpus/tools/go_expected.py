#!/usr/bin/env python3
"""Record what `go version -m` prints for every file of a directory, as JSON.

usage: go_expected.py DIR > expected.json

One entry per file name: {go} and for a fat Mach-O {go, slices: [...]} (each slice taken out
with llvm-lipo), where a value is null when `go version -m` names no Go release for the file, else
{version, path, main, deps, settings} with main/deps[] as {path, version, sum, replace}
(replace the same shape or null; an empty sum column is null) and settings an object of the
`build` lines, keys in the printed order, each value exactly as printed (quotes included).
The parsing follows the line grammar of Go's runtime/debug.ParseBuildInfo.
"""
import json
import os
import subprocess
import sys
import tempfile

LIPO = os.environ.get("LIPO", "llvm-lipo")


def module(cols):
    return {"path": cols[0], "version": cols[1], "sum": (cols[2] if len(cols) > 2 and cols[2] else None), "replace": None}


def split_setting(kv: str):
    if kv[0] in '"`':
        q, i = kv[0], 1
        while kv[i] != q:
            i += 2 if kv[i] == "\\" and q == '"' else 1
        return kv[: i + 1], kv[i + 2:]
    k, _, v = kv.partition("=")
    return k, v


def parse(out: str):
    lines = out.split("\n")
    head = lines[0]
    version = head[head.rindex(": ") + 2:]
    info = {"version": version, "path": None, "main": None, "deps": [], "settings": {}}
    last = None
    for line in lines[1:]:
        if not line.startswith("\t"):
            continue
        word, _, rest = line[1:].partition("\t")
        cols = rest.split("\t")
        if word == "path":
            info["path"] = rest
        elif word == "mod":
            info["main"] = last = module(cols)
        elif word == "dep":
            last = module(cols)
            info["deps"].append(last)
        elif word == "=>":
            last["replace"] = module(cols)
            last = None
        elif word == "build":
            k, v = split_setting(rest)
            info["settings"][k] = v
    return info


def go_version(path: str):
    p = subprocess.run(["go", "version", "-m", path], capture_output=True, text=True)
    return parse(p.stdout.rstrip("\n")) if p.returncode == 0 and p.stdout else None


def main(d: str) -> None:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                fat = f.read(4) == b"\xca\xfe\xba\xbe"
            entry = {"go": go_version(path)}
            if fat:
                # Go 1.19 reads no fat file: each slice, taken out with llvm-lipo, is asked alone.
                archs = subprocess.run([LIPO, "-archs", path], capture_output=True, text=True, check=True).stdout.split()
                entry["slices"] = []
                for a in archs:
                    thin = os.path.join(tmp, name + "." + a)
                    subprocess.run([LIPO, path, "-thin", a, "-output", thin], check=True)
                    os.chmod(thin, 0o755)
                    entry["slices"].append(go_version(thin))
            out[name + ".gz"] = entry
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
