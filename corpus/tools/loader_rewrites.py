#!/usr/bin/env python3
"""Rewrites a corpus binary the way an attacker would, one loader rule per file, and records what
glibc's loader on this machine says of each (corpus/elf/loader/verdicts.json).

Every rewrite starts from elf/x86_64/hello-pie (gcc, Debian 12, glibc 2.36), which needs
GLIBC_2.34 (__libc_start_main). Most rewrites also rename that node GLIBC_2.94 (vna_hash
updated): ld.so refuses a version it does not have, so its verdict shows whether it read the node.
The rewrite then hides the node, or the whole dynamic table, from a reader that does not read the
file as ld.so does (glibc elf/rtld.c, elf/dl-load.c, elf/get-dynamic-info.h, elf/dl-version.c).

The verdict of each file comes from the real loader, never typed by hand:
  - `ld.so --list FILE` (exit code, the needed libraries it lists, the error lines it prints:
    it exits 0 even when a version is missing, so the messages are what counts);
  - `LD_DEBUG=versions ld.so --list FILE`: every (version, file) node ld.so checks;
  - for rewrites that load, running the file with LD_DEBUG=reloc: "(lazy)" after the file's
    name means ld.so binds lazily, i.e. it saw no DT_BIND_NOW / DF_BIND_NOW / DF_1_NOW.
Run from corpus/:  python3 tools/loader_rewrites.py
"""
import json, os, re, struct, subprocess, sys

SRC = 'elf/x86_64/hello-pie'
OUT = 'elf/loader'
LDSO = '/lib64/ld-linux-x86-64.so.2'

PT_NULL, PT_LOAD, PT_DYNAMIC, PT_NOTE = 0, 1, 2, 4
DT_NULL, DT_STRTAB, DT_FLAGS, DT_VERNEED, DT_VERNEEDNUM = 0, 5, 30, 0x6ffffffe, 0x6fffffff
DF_BIND_NOW = 8


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xffffffff
        g = h & 0xf0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xffffffff
    return h


class Elf:
    """Just enough of an ELF64 little-endian file to rewrite it in place."""

    def __init__(self, data: bytes):
        self.b = bytearray(data)
        (self.e_phoff, self.e_shoff) = struct.unpack_from('<QQ', self.b, 32)
        (self.e_phentsize, self.e_phnum, self.e_shentsize, self.e_shnum, self.e_shstrndx) = struct.unpack_from('<HHHHH', self.b, 54)

    def phdr(self, i):
        at = self.e_phoff + i * self.e_phentsize
        t, f, off, va, pa, fs, ms, al = struct.unpack_from('<IIQQQQQQ', self.b, at)
        return dict(at=at, type=t, flags=f, offset=off, vaddr=va, filesz=fs, memsz=ms, align=al)

    def set_phdr(self, i, **kw):
        p = self.phdr(i)
        p.update(kw)
        struct.pack_into('<IIQQQQQQ', self.b, p['at'], p['type'], p['flags'], p['offset'], p['vaddr'], p['vaddr'], p['filesz'], p['memsz'], p['align'])

    def phdrs(self):
        return [self.phdr(i) for i in range(self.e_phnum)]

    def off(self, vaddr):
        for p in self.phdrs():
            if p['type'] == PT_LOAD and p['vaddr'] <= vaddr < p['vaddr'] + p['filesz']:
                return p['offset'] + vaddr - p['vaddr']
        raise ValueError(hex(vaddr))

    def dyn_at(self):
        p = next(p for p in self.phdrs() if p['type'] == PT_DYNAMIC)
        return self.off(p['vaddr']), p['filesz'] // 16

    def dyn(self):
        at, n = self.dyn_at()
        return [struct.unpack_from('<qQ', self.b, at + 16 * i) for i in range(n)]

    def set_dyn(self, entries):
        at, n = self.dyn_at()
        assert len(entries) <= n, 'no spare dynamic slot'
        entries = entries + [(DT_NULL, 0)] * (n - len(entries))
        for i, (t, v) in enumerate(entries):
            struct.pack_into('<qQ', self.b, at + 16 * i, t, v)

    def used_dyn(self):
        out = []
        for t, v in self.dyn():
            if t == DT_NULL:
                break
            out.append((t, v))
        return out

    def dval(self, tag):
        return [v for t, v in self.used_dyn() if t == tag][-1]

    def strtab(self):
        return self.off(self.dval(DT_STRTAB))

    def verneed(self):
        """[(offset, vn_cnt, file, [(aux offset, name)])] following the links."""
        out, at = [], self.off(self.dval(DT_VERNEED))
        s = self.strtab()
        while True:
            ver, cnt, file, aux, nxt = struct.unpack_from('<HHIII', self.b, at)
            auxes, a = [], at + aux
            while True:
                h, fl, other, name, anext = struct.unpack_from('<IHHII', self.b, a)
                auxes.append((a, self.cstr(s + name)))
                if anext == 0:
                    break
                a += anext
            out.append((at, cnt, self.cstr(s + file), auxes))
            if nxt == 0:
                return out
            at += nxt

    def cstr(self, at):
        return bytes(self.b[at:self.b.index(0, at)]).decode()

    def rename(self, old: str, new: str):
        """Renames a version node in .dynstr (same length) and updates its vna_hash."""
        assert len(old) == len(new)
        s = self.strtab()
        at = self.b.index(old.encode() + b'\0', s)
        self.b[at:at + len(new)] = new.encode()
        for _, _, _, auxes in self.verneed():
            for a, name in auxes:
                if name == new:
                    struct.pack_into('<I', self.b, a, elf_hash(new.encode()))


def minus94(e: Elf):
    e.rename('GLIBC_2.34', 'GLIBC_2.94')


def libc_verneed(e: Elf):
    return next(v for v in e.verneed() if v[2] == 'libc.so.6')


# Each rewrite: (name, what it does to a non-loader reader, function)
def vn_cnt_0(e):
    minus94(e)
    struct.pack_into('<H', e.b, libc_verneed(e)[0] + 2, 0)


def vn_cnt_1(e):
    minus94(e)
    struct.pack_into('<H', e.b, libc_verneed(e)[0] + 2, 1)


def verneednum_0(e):
    minus94(e)
    e.set_dyn([(t, 0 if t == DT_VERNEEDNUM else v) for t, v in e.used_dyn()])


def strtab_twice(e):
    minus94(e)
    d = e.used_dyn()
    # A first DT_STRTAB one byte into the real table: a reader that keeps the first reads
    # "ibc.so.6" and "LIBC_2.94"; ld.so keeps the last.
    e.set_dyn([(DT_STRTAB, e.dval(DT_STRTAB) + 1)] + d)


def flags_twice(e):
    # DF_BIND_NOW in a first DT_FLAGS, 0 in the last (ld.so keeps the last: lazy binding).
    e.set_dyn([(DT_FLAGS, DF_BIND_NOW)] + e.used_dyn() + [(DT_FLAGS, 0)])


def two_pt_dynamic(e):
    minus94(e)
    ph = e.phdrs()
    i = next(k for k, p in enumerate(ph) if p['type'] == PT_DYNAMIC)
    j = [k for k, p in enumerate(ph) if p['type'] == PT_NOTE][-1]
    assert j > i
    real = ph[i]
    at, n = e.dyn_at()
    used = len(e.used_dyn())
    # The first PT_DYNAMIC: a decoy over the table's spare DT_NULL slots (an empty table);
    # the last (in a former PT_NOTE slot): the real one.
    spare_va = real['vaddr'] + 16 * (used + 1)
    e.set_phdr(i, type=PT_DYNAMIC, flags=real['flags'], offset=real['offset'] + 16 * (used + 1), vaddr=spare_va, filesz=16, memsz=16, align=8)
    e.set_phdr(j, type=PT_DYNAMIC, flags=real['flags'], offset=real['offset'], vaddr=real['vaddr'], filesz=real['filesz'], memsz=real['memsz'], align=8)


def p_offset_decoy(e, rename=True):
    if rename:
        minus94(e)
    ph = e.phdrs()
    i = next(k for k, p in enumerate(ph) if p['type'] == PT_DYNAMIC)
    # A decoy table after the end of the file's loaded bytes: DF_BIND_NOW and nothing needed.
    decoy = len(e.b)
    e.b += struct.pack('<qQqQ', DT_FLAGS, DF_BIND_NOW, DT_NULL, 0)
    e.set_phdr(i, offset=decoy, filesz=32)


def p_offset_decoy_loads(e):
    p_offset_decoy(e, rename=False)


def no_pt_dynamic(e):
    minus94(e)
    ph = e.phdrs()
    i = next(k for k, p in enumerate(ph) if p['type'] == PT_DYNAMIC)
    e.set_phdr(i, type=PT_NULL)


def shentsize_0(e):
    minus94(e)
    struct.pack_into('<H', e.b, 58, 0)


def shdrs_garbage(e):
    minus94(e)
    size = e.e_shnum * e.e_shentsize
    # Deterministic garbage (a linear congruential sequence) over the whole section header table.
    x = 12345
    for k in range(size):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        e.b[e.e_shoff + k] = (x >> 16) & 0xff


def shdrs_truncated(e):
    minus94(e)
    del e.b[e.e_shoff + e.e_shentsize * 2:]


REWRITES = [
    ('vn-cnt-0-94', "libc's Verneed vn_cnt 0: a reader that walks vn_cnt Vernaux skips GLIBC_2.94", vn_cnt_0),
    ('vn-cnt-1-94', "libc's Verneed vn_cnt 1 of 2: a reader that walks vn_cnt Vernaux skips GLIBC_2.94", vn_cnt_1),
    ('verneednum-0-94', 'DT_VERNEEDNUM 0: a reader that walks DT_VERNEEDNUM Verneeds reads none', verneednum_0),
    ('strtab-twice-94', 'a decoy DT_STRTAB before the real one: first-wins readers see other names', strtab_twice),
    ('flags-twice', 'DT_FLAGS DF_BIND_NOW first, DT_FLAGS 0 last: first-wins readers see bind-now', flags_twice),
    ('pt-dynamic-twice-94', 'a decoy PT_DYNAMIC (empty table) before the real one', two_pt_dynamic),
    ('p-offset-decoy-94', "PT_DYNAMIC's p_offset at a decoy table (DF_BIND_NOW, nothing needed) past the loaded bytes", p_offset_decoy),
    ('p-offset-decoy', 'the same decoy without the renamed node, so the file runs', p_offset_decoy_loads),
    ('no-pt-dynamic-94', 'PT_DYNAMIC turned into PT_NULL: .dynamic is only in the section headers', no_pt_dynamic),
    ('shentsize-0-94', 'e_shentsize 0: the section headers cannot be read', shentsize_0),
    ('shdrs-garbage-94', 'the section header table overwritten with garbage', shdrs_garbage),
    ('shdrs-truncated-94', 'the file cut inside the section header table', shdrs_truncated),
]


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, env={**os.environ, **(env or {})}, timeout=20)
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')


def verdict(path):
    rel = './' + path
    code, out, err = run([LDSO, '--list', rel])
    needed = re.findall(r'^\s+(\S+) => ', out, re.M)
    errors = [l.strip() for l in (out + err).splitlines() if 'not found' in l or 'error' in l.lower() or 'no dynamic section' in l]
    _, _, dbg = run([LDSO, '--list', rel], {'LD_DEBUG': 'versions'})
    checked = re.findall(r"checking for version `([^']+)' in file (\S+) \[\d+\] required by file " + re.escape(rel) + r' ', dbg)
    v = {
        'listExit': code,
        'needed': needed,
        'errors': errors,
        'versionsChecked': [{'version': n, 'file': os.path.basename(f)} for n, f in checked],
        'refused': any('not found' in l or 'no dynamic section' in l or 'error' in l.lower() for l in errors),
        'lazy': None,
    }
    if not v['refused']:
        # Our own hello.c build: safe to run. "(lazy)" after its name means ld.so binds lazily.
        rc, out2, err2 = run([os.path.abspath(path)], {'LD_DEBUG': 'reloc'})
        m = re.search(r'relocation processing: ' + re.escape(os.path.abspath(path)) + r'( \(lazy\))?$', err2, re.M)
        v['runExit'] = rc
        v['lazy'] = None if m is None else m.group(1) is not None
    return v


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    src = open(SRC, 'rb').read()
    os.makedirs(OUT, exist_ok=True)
    verdicts = {'source': SRC, 'loader': run([LDSO, '--version'])[1].splitlines()[0], 'files': {}}
    for name, what, fn in [('original', 'the corpus file itself', lambda e: None)] + REWRITES:
        e = Elf(src)
        fn(e)
        path = f'{OUT}/{name}'
        with open(path, 'wb') as f:
            f.write(e.b)
        os.chmod(path, 0o755)
        verdicts['files'][name] = {'rewrite': what, **verdict(path)}
        print(name, json.dumps(verdicts['files'][name]))
    os.remove(f'{OUT}/original')
    verdicts['files']['original']['path'] = SRC
    with open(f'{OUT}/verdicts.json', 'w') as f:
        json.dump(verdicts, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
