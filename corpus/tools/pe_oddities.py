#!/usr/bin/env python3
"""Loader-valid PE oddities built from pe/hello64.exe (mingw-w64 gcc), for the loader-view tests:

  pe/loader/idata-zerofill.exe  the import directory moved to the last 40 bytes of .idata's raw
      data, with .idata's VirtualSize raised past SizeOfRawData: its null terminator descriptor is
      in the zero-filled tail the loader maps (PE/COFF spec, "Section Table": bytes past
      SizeOfRawData up to VirtualSize are zero).
  pe/loader/opt-overlap.exe     NumberOfRvaAndSizes 2 and SizeOfOptionalHeader 128: the section
      table moved up so that it overlaps the data directory slots 2..15, which the loader does not
      read (it reads NumberOfRvaAndSizes directories and finds the section table at the optional
      header + SizeOfOptionalHeader).

Run from corpus/:  python3 tools/pe_oddities.py
"""
import os
import struct

SRC = 'pe/hello64.exe'
OUT = 'pe/loader'


def headers(b):
    lf = struct.unpack_from('<I', b, 0x3c)[0]
    nsec, sopt = struct.unpack_from('<H', b, lf + 6)[0], struct.unpack_from('<H', b, lf + 20)[0]
    opt = lf + 24
    return lf, nsec, sopt, opt


def sections(b):
    lf, nsec, sopt, opt = headers(b)
    out = []
    for i in range(nsec):
        at = opt + sopt + 40 * i
        name, vs, va, rs, rp = struct.unpack_from('<8sIIII', b, at)
        out.append(dict(at=at, name=name.rstrip(b'\0').decode(), vs=vs, va=va, rs=rs, rp=rp))
    return out


def idata_zerofill(b):
    lf, nsec, sopt, opt = headers(b)
    imp_va = struct.unpack_from('<I', b, opt + 112 + 8)[0]
    s = next(x for x in sections(b) if x['va'] <= imp_va < x['va'] + x['vs'])
    # The real descriptors (up to the null one).
    descs = []
    at = s['rp'] + imp_va - s['va']
    while True:
        d = b[at:at + 20]
        if d[12:16] == b'\0\0\0\0':
            break
        descs.append(bytes(d))
        at += 20
    blob = b''.join(descs)
    end = s['rp'] + s['rs']
    assert all(c == 0 for c in b[end - len(blob):end]), 'no room at the end of the raw data'
    b[end - len(blob):end] = blob
    new_va = s['va'] + s['rs'] - len(blob)
    struct.pack_into('<II', b, opt + 112 + 8, new_va, len(blob) + 20)
    # VirtualSize past SizeOfRawData: the terminator lies in the zero-filled tail.
    struct.pack_into('<I', b, s['at'] + 8, s['rs'] + 0x100)


def opt_overlap(b):
    lf, nsec, sopt, opt = headers(b)
    table = bytes(b[opt + sopt:opt + sopt + 40 * nsec])
    new_sopt = 112 + 2 * 8
    struct.pack_into('<H', b, lf + 20, new_sopt)
    struct.pack_into('<I', b, opt + 108, 2)  # NumberOfRvaAndSizes
    b[opt + new_sopt:opt + sopt + 40 * nsec] = table + bytes(sopt - new_sopt)


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    os.makedirs(OUT, exist_ok=True)
    src = open(SRC, 'rb').read()
    for name, fn in [('idata-zerofill.exe', idata_zerofill), ('opt-overlap.exe', opt_overlap)]:
        b = bytearray(src)
        fn(b)
        open(f'{OUT}/{name}', 'wb').write(b)
        print(name, len(b))


if __name__ == '__main__':
    main()
