/**
 * The fair baseline of the scan benchmark: a plain, single-threaded Node reader of the bench's
 * question, written for the bench and sharing no code with binspect. Per ELF file of a list it
 * opens the file, reads only the ranges the question needs through 4 KiB positioned-read windows
 * (ELF header, program headers, PT_INTERP, the notes, PT_DYNAMIC, the DT_NEEDED strings, the
 * Verneed chain and its strings), decodes them with a DataView and prints one text line:
 *   path machine class endian type linkage needed=a,b versions=file:V|V;... floor=2.34
 *   pie nx relro bindNow bti pac ibt shstk isa
 * and checksec's columns of `features`: canary (a dynamic symbol naming __stack_chk_fail,
 * __stack_chk_guard or __intel_security_cookie), the fortified and fortifiable counts (glibc's
 * `*_chk` functions), TEXTREL — reading every dynamic symbol and its name (the symbol count from
 * DT_GNU_HASH, else DT_HASH).
 * Both classes and byte orders; no report objects, no bounds beyond what a careful script keeps.
 * Usage: node plain.js LIST   (prints the lines on stdout and "read N bytes in M reads" on stderr)
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

const WIN = 4096;
const WINDOWS = 4;
/** A few 4 KiB windows of the current file, replaced round robin. */
const bufs = Array.from({ length: WINDOWS }, () => Buffer.alloc(WIN));
const views = bufs.map((b) => new DataView(b.buffer, b.byteOffset, WIN));
const winOffs = new Array<number>(WINDOWS).fill(-1);
const winLens = new Array<number>(WINDOWS).fill(0);
let next = 0;
let win = bufs[0]!;
let dv = views[0]!;
let fd = -1;
let bytes = 0;
let reads = 0;

/** Offset into `win` (made current, with `dv`) of n bytes at file offset off (n <= WIN), or -1 past the end of the file. */
function at(off: number, n: number): number {
  for (let k = 0; k < WINDOWS; k++) {
    const o = winOffs[k]!;
    if (o >= 0 && off >= o && off + n <= o + winLens[k]!) {
      win = bufs[k]!;
      dv = views[k]!;
      return off - o;
    }
  }
  let start = off - (off % WIN);
  if (off + n > start + WIN) start = off;
  const k = next;
  next = (next + 1) % WINDOWS;
  win = bufs[k]!;
  dv = views[k]!;
  const got = readSync(fd, win, 0, WIN, start);
  reads++;
  bytes += got;
  winOffs[k] = start;
  winLens[k] = got;
  return off + n <= start + got ? off - start : -1;
}

let le = true;
let is64 = true;
const u16 = (o: number): number => dv.getUint16(o, le);
const u32 = (o: number): number => dv.getUint32(o, le);
const word = (o: number): number => (is64 ? Number(dv.getBigUint64(o, le)) : dv.getUint32(o, le));

const latin1 = new TextDecoder('latin1');
function cstr(off: number): string {
  const i0 = at(off, 1);
  if (i0 < 0) return '';
  const nul = win.indexOf(0, i0);
  if (nul >= 0) return latin1.decode(win.subarray(i0, nul));
  let s = '';
  for (let k = 0; k < 4096; k++) {
    const i = at(off + k, 1);
    if (i < 0 || win[i] === 0) return s;
    s += String.fromCharCode(win[i]!);
  }
  return s;
}

interface Load { off: number; vaddr: number; filesz: number }
const v2o = (loads: Load[], a: number): number => {
  for (const l of loads) if (a >= l.vaddr && a < l.vaddr + l.filesz) return l.off + (a - l.vaddr);
  return -1;
};

const cmpVer = (a: string, b: string): number => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};
const MARKERS: Record<string, string> = { GLIBC_ABI_DT_RELR: '2.36', GLIBC_ABI_GNU2_TLS: '2.43', GLIBC_ABI_DT_X86_64_PLT: '2.43' };
const TYPES: Record<number, string> = { 1: 'relocatable', 2: 'executable', 3: 'shared-library', 4: 'core' };
const ISA = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4'];
/** glibc's fortified functions (the `__NAME_chk` it exports), as in src/query/fortify.ts's source, glibc 2.36's Versions files. */
const FORTIFIED = ('asprintf confstr dprintf explicit_bzero fdelt fgets fgets_unlocked fgetws fgetws_unlocked fprintf fread fread_unlocked '
  + 'fwprintf getcwd getdomainname getgroups gethostname getlogin_r gets getwd longjmp mbsnrtowcs mbsrtowcs mbstowcs memcpy memmove '
  + 'mempcpy memset obstack_printf obstack_vprintf poll ppoll pread64 pread printf ptsname_r read readlink readlinkat realpath recv '
  + 'recvfrom snprintf sprintf stpcpy stpncpy strcat strcpy strncat strncpy swprintf syslog ttyname_r vasprintf vdprintf vfprintf '
  + 'vfwprintf vprintf vsnprintf vsprintf vswprintf vsyslog vwprintf wcpcpy wcpncpy wcrtomb wcscat wcscpy wcsncat wcsncpy wcsnrtombs '
  + 'wcsrtombs wcstombs wctomb wmemcpy wmemmove wmempcpy wmemset wprintf').split(' ');
const CHECKED = new Set(FORTIFIED.map((f) => `${f}_chk`));
const PLAIN = new Set(FORTIFIED);

/** `n` bytes at file offset `off` in one read into a buffer of their own (fewer at the end of the file). */
function whole(off: number, n: number): Uint8Array {
  const b = Buffer.allocUnsafe(n);
  const got = n > 0 ? readSync(fd, b, 0, n, off) : 0;
  reads++;
  bytes += got;
  return b.subarray(0, got);
}

/** The number of dynamic symbols: from DT_GNU_HASH (the highest bucket's chain end), else DT_HASH's nchain. */
function symbolCount(gnuHash: number, hash: number): number {
  if (gnuHash >= 0) {
    const hd = at(gnuHash, 16);
    if (hd < 0) return 0;
    const nbuckets = u32(hd);
    const symoffset = u32(hd + 4);
    const bloom = u32(hd + 8);
    const buckets = gnuHash + 16 + bloom * (is64 ? 8 : 4);
    let max = 0;
    for (let b = 0; b < nbuckets && b < 1 << 20; b++) {
      const k = at(buckets + b * 4, 4);
      if (k < 0) return 0;
      max = Math.max(max, u32(k));
    }
    if (max < symoffset) return symoffset;
    const chain = buckets + nbuckets * 4;
    for (let i = max; i < 1 << 24; i++) {
      const c = at(chain + (i - symoffset) * 4, 4);
      if (c < 0 || u32(c) & 1) return i + 1;
    }
    return 0;
  }
  if (hash >= 0) {
    const hd = at(hash, 8);
    return hd < 0 ? 0 : u32(hd + 4);
  }
  return 0;
}

function one(path: string): string | null {
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  reads++;
  winOffs.fill(-1);
  try {
    const h = at(0, 64);
    if (h < 0 || dv.getUint32(h, false) !== 0x7f454c46) return null;
    is64 = win[h + 4] === 2;
    le = win[h + 5] === 1;
    const eType = u16(h + 16);
    const machine = u16(h + 18);
    const phoff = is64 ? word(h + 32) : u32(h + 28);
    const phentsize = u16(h + (is64 ? 54 : 42));
    const phnum = u16(h + (is64 ? 56 : 44));
    const loads: Load[] = [];
    let interp = '';
    let dyn = -1;
    let dynSz = 0;
    let stackX: boolean | null = null;
    let relro = false;
    const notes: Array<[number, number]> = [];
    for (let i = 0; i < phnum && i < 256; i++) {
      const p = at(phoff + i * phentsize, is64 ? 56 : 32);
      if (p < 0) return `${path} truncated`;
      const type = u32(p);
      const flags = is64 ? u32(p + 4) : u32(p + 24);
      const off = is64 ? word(p + 8) : u32(p + 4);
      const vaddr = is64 ? word(p + 16) : u32(p + 8);
      const filesz = is64 ? word(p + 32) : u32(p + 16);
      if (type === 1) loads.push({ off, vaddr, filesz });
      else if (type === 2) { dyn = vaddr; dynSz = filesz; }
      else if (type === 3) interp = cstr(off);
      else if (type === 4) notes.push([off, filesz]);
      else if (type === 0x6474e551) stackX = (flags & 1) !== 0;
      else if (type === 0x6474e552) relro = true;
    }
    // GNU property notes: AArch64 / x86 feature bits and the x86 ISA level.
    let feature = 0;
    let isa = 0;
    const align = is64 ? 8 : 4;
    for (const [off, size] of notes) {
      for (let o = 0; o + 12 <= size;) {
        const n = at(off + o, 12);
        if (n < 0) break;
        const namesz = u32(n);
        const descsz = u32(n + 4);
        const type = u32(n + 8);
        const nameAl = (namesz + 3) & ~3;
        if (type === 5 && namesz === 4) {
          const d0 = off + o + 12 + nameAl;
          for (let q = 0; q + 8 <= descsz;) {
            const pr = at(d0 + q, 12);
            if (pr < 0) break;
            const prType = u32(pr);
            const prSz = u32(pr + 4);
            if (prType === 0xc0000000 || prType === 0xc0000002) feature = u32(pr + 8);
            if (prType === 0xc0008002) isa = u32(pr + 8);
            q += 8 + ((prSz + align - 1) & ~(align - 1));
          }
          o += 12 + nameAl + ((descsz + align - 1) & ~(align - 1));
        } else {
          o += 12 + nameAl + ((descsz + 3) & ~3);
        }
      }
    }
    const needed: number[] = [];
    let strtab = -1;
    let verneed = -1;
    let flags = 0;
    let flags1 = 0;
    let bindNow = false;
    let textrel = false;
    let symtab = -1;
    let gnuHash = -1;
    let sysvHash = -1;
    let strsz = 0;
    const dynOff = dyn >= 0 ? v2o(loads, dyn) : -1;
    const ent = is64 ? 16 : 8;
    for (let o = 0; dynOff >= 0 && o + ent <= dynSz; o += ent) {
      const d = at(dynOff + o, ent);
      if (d < 0) break;
      const tag = word(d);
      const val = word(d + ent / 2);
      if (tag === 0) break;
      if (tag === 1) needed.push(val);
      else if (tag === 5) strtab = val;
      else if (tag === 0x6ffffffe) verneed = val;
      else if (tag === 30) flags = val;
      else if (tag === 0x6ffffffb) flags1 = val;
      else if (tag === 24) bindNow = true;
      else if (tag === 22) textrel = true;
      else if (tag === 6) symtab = val;
      else if (tag === 0x6ffffef5) gnuHash = val;
      else if (tag === 4) sysvHash = val;
      else if (tag === 10) strsz = val;
    }
    const so = strtab >= 0 ? v2o(loads, strtab) : -1;
    const names = so >= 0 ? needed.map((n) => cstr(so + n)) : [];
    const versions: string[] = [];
    let floor = '';
    let vo = verneed >= 0 ? v2o(loads, verneed) : -1;
    for (let i = 0; vo >= 0 && so >= 0 && i < 256; i++) {
      const vn = at(vo, 16);
      if (vn < 0) break;
      const file = u32(vn + 4);
      const aux = u32(vn + 8);
      const next = u32(vn + 12);
      const vs: string[] = [];
      for (let ao = vo + aux, j = 0; j < 256; j++) {
        const va = at(ao, 16);
        if (va < 0) break;
        const name = u32(va + 8);
        const anext = u32(va + 12);
        const v = cstr(so + name);
        vs.push(v);
        const m = /^GLIBC_([0-9]+(\.[0-9]+)*)$/.exec(v);
        const f = m ? m[1]! : MARKERS[v];
        if (f && (!floor || cmpVer(f, floor) > 0)) floor = f;
        if (!anext) break;
        ao += anext;
      }
      versions.push(`${cstr(so + file)}:${vs.join('|')}`);
      if (!next) break;
      vo += next;
    }
    // checksec's columns: every dynamic symbol's name.
    let canary = false;
    let fortified = 0;
    let fortifiable = 0;
    const sym = symtab >= 0 ? v2o(loads, symtab) : -1;
    if (sym >= 0 && so >= 0) {
      const n = symbolCount(gnuHash >= 0 ? v2o(loads, gnuHash) : -1, sysvHash >= 0 ? v2o(loads, sysvHash) : -1);
      const size = is64 ? 24 : 16;
      // The symbol table and its strings each read whole, in one read (the windows serve small reads).
      const syms = whole(sym, Math.min(n, 1 << 22) * size);
      const strs = whole(so, Math.min(strsz, 1 << 28));
      const sv = new DataView(syms.buffer, syms.byteOffset, syms.length);
      for (let i = 1; i < n && (i + 1) * size <= syms.length; i++) {
        const st = sv.getUint32(i * size, le);
        const end = strs.indexOf(0, st);
        const name = st < strs.length && end >= 0 ? latin1.decode(strs.subarray(st, end)) : '';
        if (!canary && (name.includes('__stack_chk_fail') || name.includes('__stack_chk_guard') || name.includes('__intel_security_cookie'))) canary = true;
        let a = 0;
        while (name.charCodeAt(a) === 0x5f) a++;
        const bare = name.slice(a);
        if (CHECKED.has(bare)) fortified++;
        else if (PLAIN.has(bare)) fortifiable++;
      }
    }
    const pie = eType === 3 && (flags1 & 0x08000000) !== 0;
    const linkage = eType === 1 || eType === 4 ? '-' : interp ? 'dynamic' : dyn < 0 ? 'static' : pie ? 'static-pie' : eType === 3 || needed.length ? 'dynamic' : 'static';
    const now = bindNow || (flags & 8) !== 0 || (flags1 & 1) !== 0;
    const aarch64 = machine === 183;
    const x86 = machine === 62 || machine === 3;
    const feats = [
      `pie=${eType === 2 ? 'no' : pie ? 'yes' : '-'}`,
      `nx=${stackX === null ? '-' : stackX ? 'no' : 'yes'}`,
      `relro=${relro ? (now ? 'full' : 'partial') : 'none'}`,
      `bindNow=${dyn < 0 ? '-' : now ? 'yes' : 'no'}`,
      aarch64 ? `bti=${feature & 1 ? 'yes' : 'no'} pac=${feature & 2 ? 'yes' : 'no'}` : '',
      x86 ? `ibt=${feature & 1 ? 'yes' : 'no'} shstk=${feature & 2 ? 'yes' : 'no'}` : '',
      machine === 62 ? `isa=${ISA.filter((_, i) => isa & (1 << i)).join(',')}` : '',
      `canary=${canary ? 'yes' : 'no'} fortified=${fortified} fortifiable=${fortifiable}`,
      `textrel=${dyn < 0 ? '-' : textrel || (flags & 4) !== 0 ? 'yes' : 'no'}`,
    ].filter(Boolean);
    return `${path} ${machine} ${is64 ? 64 : 32} ${le ? 'le' : 'be'} ${pie ? 'pie-executable' : TYPES[eType] ?? eType} ${linkage} needed=${names.join(',')} versions=${versions.join(';')} floor=${floor || '-'} ${feats.join(' ')}`;
  } finally {
    closeSync(fd);
    reads++;
  }
}

const list = readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean);
let out = '';
for (const p of list) {
  const line = one(p);
  if (line !== null) out += `${line}\n`;
  if (out.length > 1 << 16) {
    writeSync(1, out);
    out = '';
  }
}
writeSync(1, out);
process.stderr.write(`plain: ${list.length} files, read ${bytes} bytes in ${reads} reads\n`);
