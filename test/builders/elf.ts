/**
 * A small builder of minimal ELF files, assembled byte by byte from the gABI and LSB layouts
 * (ELF header, program headers, dynamic table, dynamic strings and symbols, SysV and GNU hash
 * tables, .gnu.version, Verneed/Vernaux, Verdef/Verdaux, notes, optional section headers).
 *
 * Layout: ELF header at 0, program headers right after it, then every table in a fixed order,
 * then (optionally) .shstrtab and the section header table. One PT_LOAD maps the whole file at
 * vaddr = base + offset, so every DT_* address translates back to its file offset.
 *
 * `buildElf()` returns the bytes together with the offset of every structure it wrote and small
 * poke helpers, so a test can corrupt any field afterwards.
 *
 * Nothing here imports binspect: expectations must come from what the builder wrote.
 */

export const PT = {
  NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6,
  GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553,
} as const;
export const PF = { X: 1, W: 2, R: 4 } as const;
export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;
export const EM = { I386: 3, MIPS: 8, PPC64: 21, S390: 22, ARM: 40, X86_64: 62, AARCH64: 183, RISCV: 243 } as const;
export const DT = {
  NULL: 0, NEEDED: 1, HASH: 4, STRTAB: 5, SYMTAB: 6, STRSZ: 10, SYMENT: 11, SONAME: 14, RPATH: 15,
  BIND_NOW: 24, RUNPATH: 29, FLAGS: 30, GNU_HASH: 0x6ffffef5, VERSYM: 0x6ffffff0, FLAGS_1: 0x6ffffffb,
  VERDEF: 0x6ffffffc, VERDEFNUM: 0x6ffffffd, VERNEED: 0x6ffffffe, VERNEEDNUM: 0x6fffffff,
} as const;
export const DF_BIND_NOW = 0x8;
export const DF_1_NOW = 0x1;
export const DF_1_PIE = 0x08000000;
export const SHT = { NULL: 0, PROGBITS: 1, STRTAB: 3, DYNAMIC: 6, NOTE: 7, NOBITS: 8, DYNSYM: 11 } as const;
export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2 } as const;
export const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2 } as const;
export const VERSYM_HIDDEN = 0x8000;
export const VER_FLG_BASE = 0x1;
export const VER_FLG_WEAK = 0x2;
export const NT_GNU_ABI_TAG = 1;
export const NT_GNU_BUILD_ID = 3;
export const NT_GNU_PROPERTY_TYPE_0 = 5;
export const GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000;
export const GNU_PROPERTY_X86_FEATURE_1_AND = 0xc0000002;
export const GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;
export const GNU_PROPERTY_STACK_SIZE = 1;

export interface SymSpec {
  name: string;
  /** STB_* (default GLOBAL). */
  bind?: number;
  /** STT_* (default FUNC). */
  type?: number;
  /** st_shndx (default 0 = SHN_UNDEF). */
  shndx?: number;
  value?: bigint;
  size?: bigint;
  other?: number;
  /** Raw .gnu.version entry for this symbol (index | VERSYM_HIDDEN); default 1 (global). */
  versym?: number;
}

export interface VernauxSpec {
  name: string;
  /** vna_other: the versym index symbols use. */
  other: number;
  flags?: number;
}
export interface VerneedSpec {
  file: string;
  aux: VernauxSpec[];
}
export interface VerdefSpec {
  ndx: number;
  flags?: number;
  /** First name is the version itself, the others its parents (Verdaux chain). */
  names: string[];
}

export interface NoteSpec {
  name: string;
  type: number;
  desc: Uint8Array;
}

export interface PhdrSpec {
  type: number;
  flags?: number;
  offset?: number;
  vaddr?: bigint;
  filesz?: number;
  memsz?: bigint;
  align?: bigint;
}

export interface ShdrSpec {
  name: string;
  type: number;
  flags?: bigint;
  addr?: bigint;
  offset?: number;
  size?: number;
  link?: number;
  info?: number;
  addralign?: bigint;
  entsize?: number;
}

export interface ElfSpec {
  class: 32 | 64;
  endian: 'little' | 'big';
  type?: number;
  machine?: number;
  osabi?: number;
  /** Virtual address of file offset 0 (default 0x10000). */
  base?: bigint;
  /** Emit program headers (default true). */
  phdrs?: boolean;
  interp?: string;
  /** Emit a dynamic table even when nothing else asks for one. */
  dynamic?: boolean;
  needed?: string[];
  soname?: string;
  rpath?: string[];
  runpath?: string[];
  flags?: number;
  flags1?: number;
  bindNow?: boolean;
  /** Dynamic symbols after the null symbol 0. */
  symbols?: SymSpec[];
  /** 'sysv' (DT_HASH), 'gnu' (DT_GNU_HASH), 'both', or 'none' (default 'sysv' when there are symbols). */
  hash?: 'sysv' | 'gnu' | 'both' | 'none';
  /** GNU hash: buckets (default 1), symoffset (default 1), bloom words (default 1), bloom shift (default 6). */
  gnuHash?: { nbuckets?: number; symoffset?: number; bloomSize?: number; bloomShift?: number };
  /** Emit .gnu.version even without version tables. */
  versym?: boolean;
  verneed?: VerneedSpec[];
  verdef?: VerdefSpec[];
  /** Notes in one PT_NOTE per alignment (4 or 8). */
  notes?: NoteSpec[];
  notes8?: NoteSpec[];
  /** Also emit PT_GNU_PROPERTY covering the 8-aligned note segment. */
  gnuPropertySegment?: boolean;
  /** Emit PT_GNU_STACK with these p_flags. */
  stack?: number;
  /** Emit PT_GNU_RELRO (covering the dynamic table). */
  relro?: boolean;
  /** Extra dynamic entries, appended before DT_NULL. */
  extraDyn?: Array<[number, bigint]>;
  /** Extra program headers (appended after the generated ones). */
  extraPhdrs?: PhdrSpec[];
  /** Sections after the null section 0 (a .shstrtab is appended and e_shstrndx set to it). */
  sections?: ShdrSpec[];
  /** Fields of section 0 (extended numbering). */
  section0?: { size?: number; link?: number; info?: number };
  entry?: bigint;
}

export interface Offsets {
  phdrs: number;
  /** File offset of each program header, in table order, with its p_type. */
  phdr: Array<{ type: number; offset: number }>;
  interp: number | null;
  dynstr: number | null;
  dynstrSize: number;
  /** Offset of each string inside the dynamic string table. */
  strings: Map<string, number>;
  dynsym: number | null;
  hash: number | null;
  gnuHash: number | null;
  versym: number | null;
  verneed: Array<{ offset: number; aux: number[] }>;
  verdef: Array<{ offset: number; aux: number[] }>;
  /** Each note's header offset and descriptor offset. */
  notes: Array<{ offset: number; desc: number; align: 4 | 8 }>;
  noteSegment4: { offset: number; size: number } | null;
  noteSegment8: { offset: number; size: number } | null;
  dynamic: number | null;
  /** File offset of every dynamic entry, in table order (DT_NULL last). */
  dyn: Array<{ tag: number; offset: number }>;
  shdrs: number | null;
  shstrtab: number | null;
}

export interface ElfImage {
  bytes: Uint8Array;
  class: 32 | 64;
  le: boolean;
  base: bigint;
  off: Offsets;
  /** Final symbol order (index 0 is the null symbol ''). */
  symbolOrder: string[];
  /** Virtual address of a file offset. */
  addr(offset: number): bigint;
  u8(offset: number, v: number): void;
  u16(offset: number, v: number): void;
  u32(offset: number, v: number): void;
  u64(offset: number, v: bigint): void;
  /** A class-sized field (4 or 8 bytes). */
  word(offset: number, v: bigint | number): void;
  read32(offset: number): number;
  /** Offset of the first dynamic entry with `tag` (throws when absent). */
  dynEntry(tag: number): number;
  /** Sets d_val of the first dynamic entry with `tag`. */
  setDyn(tag: number, v: bigint | number): void;
  /** Field offsets of the ELF header for this class. */
  ehdr: EhdrFields;
  /** A copy of the first `n` bytes. */
  truncated(n: number): Uint8Array;
}

export interface EhdrFields {
  e_type: number; e_machine: number; e_version: number; e_entry: number; e_phoff: number; e_shoff: number;
  e_flags: number; e_ehsize: number; e_phentsize: number; e_phnum: number; e_shentsize: number; e_shnum: number;
  e_shstrndx: number;
}

export function ehdrFields(cls: 32 | 64): EhdrFields {
  const w = cls === 64 ? 8 : 4;
  const phoff = 24 + w;
  const shoff = phoff + w;
  const flags = shoff + w;
  return {
    e_type: 16, e_machine: 18, e_version: 20, e_entry: 24, e_phoff: phoff, e_shoff: shoff, e_flags: flags,
    e_ehsize: flags + 4, e_phentsize: flags + 6, e_phnum: flags + 8, e_shentsize: flags + 10, e_shnum: flags + 12,
    e_shstrndx: flags + 14,
  };
}

export const ehdrSize = (cls: 32 | 64): number => (cls === 64 ? 64 : 52);
export const phdrSize = (cls: 32 | 64): number => (cls === 64 ? 56 : 32);
export const shdrSize = (cls: 32 | 64): number => (cls === 64 ? 64 : 40);
export const symSize = (cls: 32 | 64): number => (cls === 64 ? 24 : 16);
export const dynSize = (cls: 32 | 64): number => (cls === 64 ? 16 : 8);

/** SysV ELF hash (gABI "Hash Table"; also vna_hash / vd_hash). */
export function elfHash(name: string): number {
  let h = 0;
  for (const c of Buffer.from(name, 'utf8')) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h >>> 0;
}

/** GNU hash (dl_new_hash: h = h * 33 + c, from 5381). */
export function gnuHash(name: string): number {
  let h = 5381;
  for (const c of Buffer.from(name, 'utf8')) h = (Math.imul(h, 33) + c) >>> 0;
  return h >>> 0;
}

/** A growable little/big-endian byte writer. */
class Writer {
  buf = new Uint8Array(256);
  len = 0;
  constructor(readonly le: boolean, readonly cls: 32 | 64) {}
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  get dv(): DataView {
    return new DataView(this.buf.buffer, 0, this.buf.length);
  }
  align(a: number): number {
    while (this.len % a !== 0) this.u8(0);
    return this.len;
  }
  reserve(n: number): number {
    this.ensure(n);
    const at = this.len;
    this.len += n;
    return at;
  }
  bytes(b: Uint8Array): number {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
    return at;
  }
  u8(v: number): number {
    const at = this.reserve(1);
    this.buf[at] = v & 0xff;
    return at;
  }
  u16(v: number): number {
    const at = this.reserve(2);
    this.dv.setUint16(at, v, this.le);
    return at;
  }
  u32(v: number): number {
    const at = this.reserve(4);
    this.dv.setUint32(at, v >>> 0, this.le);
    return at;
  }
  u64(v: bigint): number {
    const at = this.reserve(8);
    this.dv.setBigUint64(at, BigInt.asUintN(64, v), this.le);
    return at;
  }
  word(v: bigint | number): number {
    return this.cls === 64 ? this.u64(BigInt(v)) : this.u32(Number(BigInt.asUintN(32, BigInt(v))));
  }
  putU16(at: number, v: number): void {
    this.dv.setUint16(at, v, this.le);
  }
  putU32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, this.le);
  }
  putWord(at: number, v: bigint | number): void {
    if (this.cls === 64) this.dv.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), this.le);
    else this.dv.setUint32(at, Number(BigInt.asUintN(32, BigInt(v))), this.le);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** The descriptor of an NT_GNU_PROPERTY_TYPE_0 note: (pr_type, pr_datasz, data padded to 8 or 4). */
export function propertyDesc(cls: 32 | 64, endian: 'little' | 'big', props: Array<{ type: number; data: Uint8Array }>): Uint8Array {
  const w = new Writer(endian === 'little', cls);
  for (const p of props) {
    w.u32(p.type);
    w.u32(p.data.length);
    w.bytes(p.data);
    w.align(cls === 64 ? 8 : 4);
  }
  return w.result();
}

/** A u32 in the given byte order (property data, ABI tag words). */
export function u32Bytes(endian: 'little' | 'big', ...values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint32(i * 4, v >>> 0, endian === 'little'));
  return b;
}

/** NT_GNU_ABI_TAG note: os (0 Linux), major, minor, patch. */
export function abiTagNote(endian: 'little' | 'big', os: number, major = 3, minor = 2, patch = 0): NoteSpec {
  return { name: 'GNU', type: NT_GNU_ABI_TAG, desc: u32Bytes(endian, os, major, minor, patch) };
}

export function buildIdNote(hex: string): NoteSpec {
  return { name: 'GNU', type: NT_GNU_BUILD_ID, desc: Uint8Array.from(Buffer.from(hex, 'hex')) };
}

function writeNotes(w: Writer, notes: NoteSpec[], align: 4 | 8, out: Offsets['notes']): void {
  for (const n of notes) {
    const at = w.align(align);
    const name = Buffer.from(n.name + '\0', 'latin1');
    w.u32(name.length);
    w.u32(n.desc.length);
    w.u32(n.type);
    w.bytes(name);
    const desc = w.align(align);
    w.bytes(n.desc);
    w.align(align);
    out.push({ offset: at, desc, align });
  }
}

export function buildElf(spec: ElfSpec): ElfImage {
  const cls = spec.class;
  const le = spec.endian === 'little';
  const wide = cls === 64;
  const base = spec.base ?? 0x10000n;
  const w = new Writer(le, cls);
  const addr = (o: number): bigint => base + BigInt(o);
  const off: Offsets = {
    phdrs: 0, phdr: [], interp: null, dynstr: null, dynstrSize: 0, strings: new Map(), dynsym: null, hash: null,
    gnuHash: null, versym: null, verneed: [], verdef: [], notes: [], noteSegment4: null, noteSegment8: null, dynamic: null,
    dyn: [], shdrs: null, shstrtab: null,
  };

  const symbols = spec.symbols ?? [];
  const hashKind = spec.hash ?? (symbols.length > 0 ? 'sysv' : 'none');
  const verneed = spec.verneed ?? [];
  const verdef = spec.verdef ?? [];
  const withVersym = spec.versym || verneed.length > 0 || verdef.length > 0;
  const wantDynamic = spec.dynamic || (spec.needed?.length ?? 0) > 0 || spec.soname !== undefined ||
    (spec.rpath?.length ?? 0) > 0 || (spec.runpath?.length ?? 0) > 0 || symbols.length > 0 || withVersym ||
    spec.flags !== undefined || spec.flags1 !== undefined || spec.bindNow || (spec.extraDyn?.length ?? 0) > 0;
  const notes4 = spec.notes ?? [];
  const notes8 = spec.notes8 ?? [];
  const withPhdrs = spec.phdrs ?? true;

  // Program header list (contents filled at the end).
  const phTypes: number[] = [];
  if (withPhdrs) {
    phTypes.push(PT.LOAD);
    if (spec.interp !== undefined) phTypes.push(PT.INTERP);
    if (wantDynamic) phTypes.push(PT.DYNAMIC);
    if (notes4.length) phTypes.push(PT.NOTE);
    if (notes8.length) phTypes.push(PT.NOTE);
    if (notes8.length && spec.gnuPropertySegment) phTypes.push(PT.GNU_PROPERTY);
    if (spec.stack !== undefined) phTypes.push(PT.GNU_STACK);
    if (spec.relro) phTypes.push(PT.GNU_RELRO);
    for (const p of spec.extraPhdrs ?? []) phTypes.push(p.type);
  }

  // ELF header.
  w.reserve(ehdrSize(cls));
  const phoff = withPhdrs ? w.align(8) : 0;
  off.phdrs = phoff;
  if (withPhdrs) {
    for (const t of phTypes) off.phdr.push({ type: t, offset: w.reserve(phdrSize(cls)) });
  }

  // PT_INTERP.
  let interpSize = 0;
  if (spec.interp !== undefined) {
    const b = Buffer.from(spec.interp + '\0', 'utf8');
    off.interp = w.bytes(b);
    interpSize = b.length;
  }

  // Dynamic string table.
  const strs: string[] = [];
  const addStr = (s: string): void => {
    if (!strs.includes(s)) strs.push(s);
  };
  for (const s of spec.needed ?? []) addStr(s);
  if (spec.soname !== undefined) addStr(spec.soname);
  for (const s of spec.rpath ?? []) addStr(s);
  for (const s of spec.runpath ?? []) addStr(s);
  for (const s of symbols) addStr(s.name);
  for (const v of verneed) {
    addStr(v.file);
    for (const a of v.aux) addStr(a.name);
  }
  for (const d of verdef) for (const n of d.names) addStr(n);
  if (wantDynamic) {
    off.dynstr = w.u8(0);
    off.strings.set('', 0);
    for (const s of strs) {
      if (s === '') continue;
      const at = w.bytes(Buffer.from(s + '\0', 'utf8'));
      off.strings.set(s, at - off.dynstr);
    }
    off.dynstrSize = w.len - off.dynstr;
  }
  const str = (s: string): number => off.strings.get(s)!;

  // Symbol order: with a GNU hash of several buckets, symbols from symoffset on are sorted by bucket.
  const gh = { nbuckets: 1, symoffset: 1, bloomSize: 1, bloomShift: 6, ...spec.gnuHash };
  let order = symbols.slice();
  if ((hashKind === 'gnu' || hashKind === 'both') && gh.nbuckets > 0) {
    const head = order.slice(0, Math.max(0, gh.symoffset - 1));
    const tail = order.slice(Math.max(0, gh.symoffset - 1));
    tail.sort((a, b) => (gnuHash(a.name) % gh.nbuckets) - (gnuHash(b.name) % gh.nbuckets));
    order = [...head, ...tail];
  }
  const nsyms = order.length + (symbols.length > 0 || withVersym ? 1 : 0);

  // Dynamic symbols.
  if (symbols.length > 0) {
    off.dynsym = w.align(8);
    w.reserve(symSize(cls)); // null symbol
    for (const s of order) {
      const info = ((s.bind ?? STB.GLOBAL) << 4) | (s.type ?? STT.FUNC);
      if (wide) {
        w.u32(str(s.name)); w.u8(info); w.u8(s.other ?? 0); w.u16(s.shndx ?? 0); w.u64(s.value ?? 0n); w.u64(s.size ?? 0n);
      } else {
        w.u32(str(s.name)); w.u32(Number(s.value ?? 0n)); w.u32(Number(s.size ?? 0n)); w.u8(info); w.u8(s.other ?? 0); w.u16(s.shndx ?? 0);
      }
    }
  }

  // SysV hash: nbucket, nchain, bucket[], chain[].
  if (hashKind === 'sysv' || hashKind === 'both') {
    off.hash = w.align(4);
    const nbucket = Math.max(1, Math.min(nsyms, 3));
    const names = ['', ...order.map((s) => s.name)];
    const bucket = new Array<number>(nbucket).fill(0);
    const chain = new Array<number>(nsyms).fill(0);
    for (let i = 1; i < nsyms; i++) {
      const b = elfHash(names[i]!) % nbucket;
      chain[i] = bucket[b]!;
      bucket[b] = i;
    }
    w.u32(nbucket); w.u32(nsyms);
    for (const b of bucket) w.u32(b);
    for (const c of chain) w.u32(c);
  }

  // GNU hash: nbuckets, symoffset, bloom_size, bloom_shift, bloom[], buckets[], chain[].
  if (hashKind === 'gnu' || hashKind === 'both') {
    off.gnuHash = w.align(8);
    const names = ['', ...order.map((s) => s.name)];
    const C = cls;
    const bloom = new Array<bigint>(gh.bloomSize).fill(0n);
    const buckets = new Array<number>(gh.nbuckets).fill(0);
    const chain: number[] = [];
    for (let i = gh.symoffset; i < nsyms; i++) {
      const h = gnuHash(names[i]!);
      if (gh.bloomSize > 0) {
        const word = Math.floor(h / C) % gh.bloomSize;
        bloom[word] = bloom[word]! | (1n << BigInt(h % C)) | (1n << BigInt((h >>> gh.bloomShift) % C));
      }
      const b = h % gh.nbuckets;
      if (buckets[b] === 0) buckets[b] = i;
      const last = i + 1 >= nsyms || gnuHash(names[i + 1]!) % gh.nbuckets !== b;
      chain.push(((h & ~1) | (last ? 1 : 0)) >>> 0);
    }
    w.u32(gh.nbuckets); w.u32(gh.symoffset); w.u32(gh.bloomSize); w.u32(gh.bloomShift);
    for (const b of bloom) w.word(b);
    for (const b of buckets) w.u32(b);
    for (const c of chain) w.u32(c);
  }

  // .gnu.version: one Elf_Half per symbol.
  if (withVersym) {
    off.versym = w.align(2);
    w.u16(0);
    for (const s of order) w.u16(s.versym ?? 1);
  }

  // .gnu.version_r: Verneed (16 bytes) followed by its Vernaux (16 bytes each).
  if (verneed.length) {
    w.align(4);
    verneed.forEach((v, i) => {
      const at = w.len;
      const last = i === verneed.length - 1;
      w.u16(1); w.u16(v.aux.length); w.u32(str(v.file)); w.u32(v.aux.length ? 16 : 0);
      w.u32(last ? 0 : 16 + 16 * v.aux.length);
      const aux: number[] = [];
      v.aux.forEach((a, j) => {
        aux.push(w.u32(elfHash(a.name)));
        w.u16(a.flags ?? 0); w.u16(a.other); w.u32(str(a.name)); w.u32(j === v.aux.length - 1 ? 0 : 16);
      });
      off.verneed.push({ offset: at, aux });
    });
  }

  // .gnu.version_d: Verdef (20 bytes) followed by its Verdaux (8 bytes each).
  if (verdef.length) {
    w.align(4);
    verdef.forEach((d, i) => {
      const at = w.len;
      const last = i === verdef.length - 1;
      w.u16(1); w.u16(d.flags ?? 0); w.u16(d.ndx); w.u16(d.names.length); w.u32(elfHash(d.names[0] ?? ''));
      w.u32(d.names.length ? 20 : 0); w.u32(last ? 0 : 20 + 8 * d.names.length);
      const aux: number[] = [];
      d.names.forEach((n, j) => {
        aux.push(w.u32(str(n)));
        w.u32(j === d.names.length - 1 ? 0 : 8);
      });
      off.verdef.push({ offset: at, aux });
    });
  }

  // Notes.
  if (notes4.length) {
    const start = w.align(4);
    writeNotes(w, notes4, 4, off.notes);
    off.noteSegment4 = { offset: start, size: w.len - start };
  }
  if (notes8.length) {
    const start = w.align(8);
    writeNotes(w, notes8, 8, off.notes);
    off.noteSegment8 = { offset: start, size: w.len - start };
  }

  // Dynamic table.
  let dynEnd = 0;
  if (wantDynamic) {
    off.dynamic = w.align(8);
    const put = (tag: number, v: bigint | number): void => {
      off.dyn.push({ tag, offset: w.len });
      w.word(tag);
      w.word(v);
    };
    for (const n of spec.needed ?? []) put(DT.NEEDED, str(n));
    if (spec.soname !== undefined) put(DT.SONAME, str(spec.soname));
    for (const s of spec.rpath ?? []) put(DT.RPATH, str(s));
    for (const s of spec.runpath ?? []) put(DT.RUNPATH, str(s));
    put(DT.STRTAB, addr(off.dynstr!));
    put(DT.STRSZ, off.dynstrSize);
    if (off.dynsym !== null) {
      put(DT.SYMTAB, addr(off.dynsym));
      put(DT.SYMENT, symSize(cls));
    }
    if (off.hash !== null) put(DT.HASH, addr(off.hash));
    if (off.gnuHash !== null) put(DT.GNU_HASH, addr(off.gnuHash));
    if (off.versym !== null) put(DT.VERSYM, addr(off.versym));
    if (off.verneed.length) {
      put(DT.VERNEED, addr(off.verneed[0]!.offset));
      put(DT.VERNEEDNUM, off.verneed.length);
    }
    if (off.verdef.length) {
      put(DT.VERDEF, addr(off.verdef[0]!.offset));
      put(DT.VERDEFNUM, off.verdef.length);
    }
    if (spec.flags !== undefined) put(DT.FLAGS, spec.flags);
    if (spec.flags1 !== undefined) put(DT.FLAGS_1, spec.flags1);
    if (spec.bindNow) put(DT.BIND_NOW, 0);
    for (const [t, v] of spec.extraDyn ?? []) put(t, v);
    put(DT.NULL, 0);
    dynEnd = w.len;
  }

  // Sections (optional): data of the sections is the caller's business; we write .shstrtab and the table.
  let shnum = 0;
  let shstrndx = 0;
  if (spec.sections) {
    const names = [...spec.sections.map((s) => s.name), '.shstrtab'];
    const nameOff: number[] = [];
    off.shstrtab = w.u8(0);
    for (const n of names) {
      nameOff.push(w.len - off.shstrtab);
      w.bytes(Buffer.from(n + '\0', 'latin1'));
    }
    const shstrSize = w.len - off.shstrtab;
    off.shdrs = w.align(8);
    const all: ShdrSpec[] = [
      { name: '', type: SHT.NULL, size: spec.section0?.size ?? 0, link: spec.section0?.link ?? 0, info: spec.section0?.info ?? 0 },
      ...spec.sections,
      { name: '.shstrtab', type: SHT.STRTAB, offset: off.shstrtab, size: shstrSize, addralign: 1n },
    ];
    all.forEach((s, i) => {
      const name = i === 0 ? 0 : nameOff[i - 1]!;
      if (wide) {
        w.u32(name); w.u32(s.type); w.u64(s.flags ?? 0n); w.u64(s.addr ?? 0n); w.u64(BigInt(s.offset ?? 0));
        w.u64(BigInt(s.size ?? 0)); w.u32(s.link ?? 0); w.u32(s.info ?? 0); w.u64(s.addralign ?? 0n); w.u64(BigInt(s.entsize ?? 0));
      } else {
        w.u32(name); w.u32(s.type); w.u32(Number(s.flags ?? 0n)); w.u32(Number(s.addr ?? 0n)); w.u32(s.offset ?? 0);
        w.u32(s.size ?? 0); w.u32(s.link ?? 0); w.u32(s.info ?? 0); w.u32(Number(s.addralign ?? 0n)); w.u32(s.entsize ?? 0);
      }
    });
    shnum = all.length;
    shstrndx = all.length - 1;
  }

  const total = w.len;

  // Program headers.
  const writePhdr = (at: number, p: Required<PhdrSpec>): void => {
    const save = w.len;
    w.len = at;
    if (wide) {
      w.u32(p.type); w.u32(p.flags); w.u64(BigInt(p.offset)); w.u64(p.vaddr); w.u64(p.vaddr); w.u64(BigInt(p.filesz));
      w.u64(p.memsz); w.u64(p.align);
    } else {
      w.u32(p.type); w.u32(p.offset); w.u32(Number(p.vaddr)); w.u32(Number(p.vaddr)); w.u32(p.filesz); w.u32(Number(p.memsz));
      w.u32(p.flags); w.u32(Number(p.align));
    }
    w.len = save;
  };
  const seg = (type: number, o: number, size: number, flags: number, align: bigint): Required<PhdrSpec> => ({
    type, flags, offset: o, vaddr: addr(o), filesz: size, memsz: BigInt(size), align,
  });
  if (withPhdrs) {
    let i = 0;
    const next = (): number => off.phdr[i++]!.offset;
    writePhdr(next(), seg(PT.LOAD, 0, total, PF.R | PF.W | PF.X, 0x1000n));
    if (spec.interp !== undefined) writePhdr(next(), seg(PT.INTERP, off.interp!, interpSize, PF.R, 1n));
    if (wantDynamic) writePhdr(next(), seg(PT.DYNAMIC, off.dynamic!, dynEnd - off.dynamic!, PF.R | PF.W, 8n));
    if (notes4.length) writePhdr(next(), seg(PT.NOTE, off.noteSegment4!.offset, off.noteSegment4!.size, PF.R, 4n));
    if (notes8.length) writePhdr(next(), seg(PT.NOTE, off.noteSegment8!.offset, off.noteSegment8!.size, PF.R, 8n));
    if (notes8.length && spec.gnuPropertySegment) {
      writePhdr(next(), seg(PT.GNU_PROPERTY, off.noteSegment8!.offset, off.noteSegment8!.size, PF.R, 8n));
    }
    if (spec.stack !== undefined) writePhdr(next(), { ...seg(PT.GNU_STACK, 0, 0, spec.stack, 16n), vaddr: 0n });
    if (spec.relro) writePhdr(next(), seg(PT.GNU_RELRO, off.dynamic ?? 0, wantDynamic ? dynEnd - off.dynamic! : 0, PF.R, 1n));
    for (const p of spec.extraPhdrs ?? []) {
      const o = p.offset ?? 0;
      writePhdr(next(), {
        type: p.type, flags: p.flags ?? PF.R, offset: o, vaddr: p.vaddr ?? addr(o), filesz: p.filesz ?? 0,
        memsz: p.memsz ?? BigInt(p.filesz ?? 0), align: p.align ?? 1n,
      });
    }
  }

  // ELF header.
  const f = ehdrFields(cls);
  const save = w.len;
  w.len = 0;
  w.bytes(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, le ? 1 : 2, 1, spec.osabi ?? 0));
  w.len = f.e_type;
  w.u16(spec.type ?? ET.EXEC);
  w.u16(spec.machine ?? (wide ? EM.X86_64 : EM.I386));
  w.u32(1);
  w.word(spec.entry ?? base);
  w.word(phoff);
  w.word(off.shdrs ?? 0);
  w.u32(0);
  w.u16(ehdrSize(cls));
  w.u16(phdrSize(cls));
  w.u16(off.phdr.length);
  w.u16(shdrSize(cls));
  w.u16(shnum);
  w.u16(shstrndx);
  w.len = save;

  const bytes = w.result();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const image: ElfImage = {
    bytes, class: cls, le, base, off, symbolOrder: ['', ...order.map((s) => s.name)],
    addr,
    u8: (o, v) => dv.setUint8(o, v),
    u16: (o, v) => dv.setUint16(o, v, le),
    u32: (o, v) => dv.setUint32(o, v >>> 0, le),
    u64: (o, v) => dv.setBigUint64(o, BigInt.asUintN(64, v), le),
    word: (o, v) => (wide ? dv.setBigUint64(o, BigInt.asUintN(64, BigInt(v)), le)
      : dv.setUint32(o, Number(BigInt.asUintN(32, BigInt(v))), le)),
    read32: (o) => dv.getUint32(o, le),
    dynEntry(tag) {
      const e = off.dyn.find((d) => d.tag === tag);
      if (!e) throw new Error(`builder: no dynamic entry ${tag}`);
      return e.offset;
    },
    setDyn(tag, v) {
      image.word(image.dynEntry(tag) + (wide ? 8 : 4), v);
    },
    ehdr: f,
    truncated: (n) => bytes.slice(0, n),
  };
  return image;
}

/** Every combination of class and byte order, for `describe.each`. */
export const LAYOUTS: Array<{ class: 32 | 64; endian: 'little' | 'big' }> = [
  { class: 64, endian: 'little' },
  { class: 64, endian: 'big' },
  { class: 32, endian: 'little' },
  { class: 32, endian: 'big' },
];

/** Runs `fn` and returns what it threw (fails when it returns normally). */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception, none was thrown');
}
