#!/usr/bin/env python3
"""Writes a wheel by hand, to the binary distribution format spec (PEP 427 / packaging.python.org
"Binary distribution format"): the files given, NAME-VER.dist-info/{METADATA,WHEEL,RECORD}, RECORD
last with urlsafe-base64 sha256 digests. Deterministic (fixed timestamps, sorted entries).

usage: make_wheel.py OUT.whl NAME VERSION TAG[,TAG...] ARCPATH=FILE...
TAG is one `Tag:` line of WHEEL (e.g. cp311-cp311-manylinux_2_17_x86_64)."""
import base64, hashlib, sys, zipfile

out, name, version, tags, *files = sys.argv[1:]
info = f"{name}-{version}.dist-info"
entries = []
for spec in files:
    arc, path = spec.split("=", 1)
    with open(path, "rb") as f:
        entries.append((arc, f.read()))
entries.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()))
wheel = "Wheel-Version: 1.0\nGenerator: corpus/archive/make_wheel.py\nRoot-Is-Purelib: false\n"
wheel += "".join(f"Tag: {t}\n" for t in tags.split(","))
entries.append((f"{info}/WHEEL", wheel.encode()))
entries.sort()
record = ""
for arc, data in entries:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record += f"{arc},sha256={digest},{len(data)}\n"
record += f"{info}/RECORD,,\n"
entries.append((f"{info}/RECORD", record.encode()))
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for arc, data in entries:
        zi = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = (0o755 if arc.endswith(".so") or ".so." in arc else 0o644) << 16
        z.writestr(zi, data)
