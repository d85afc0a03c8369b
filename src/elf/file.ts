import { mergeLimits } from '../util/limits.js';
import { Memo } from '../util/memo.js';
import { type Anomaly, AnomalyLog, BinspectError } from '../errors.js';
import { type ByteSource, bytesSource, checkedSource } from '../bytes/source.js';
import { readCString, readCStringBytes } from '../bytes/strings.js';
import { loadSegmentAt, vaddrToOffset } from './address.js';
import {
  DT_FLAGS, DT_FLAGS_1, DT_GNU_HASH, DT_HASH, DT_MIPS_SYMTABNO, DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME, DT_STRSZ,
  DT_STRTAB, DT_SYMENT, DT_SYMTAB, DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM, DT_VERSYM, EM_ALPHA, EM_MIPS,
  EM_S390, NT_FDO_PACKAGING_METADATA, NT_GNU_ABI_TAG, NT_GNU_BUILD_ID, NT_GNU_PROPERTY_TYPE_0, NT_GO_BUILD_ID, PN_XNUM,
  PT_DYNAMIC, PT_GNU_PROPERTY, PT_GNU_RELRO, PT_GNU_STACK, PT_INTERP, PT_NOTE, SHN_XINDEX, SHT_DYNAMIC, SHT_DYNSYM,
  SHT_GNU_verneed, SHT_NOBITS, SHT_NOTE, DT, nameOf,
} from './constants.js';
import { type Dyn, DT_LAST_WINS, dynSize, readDynamic, readDynamicTable } from './dynamic.js';
import { symbolCountFromGnuHash, symbolCountFromHash } from './hash.js';
import { type ElfHeader, readElfHeader } from './header.js';
import { DEFAULT_ELF_LIMITS, type ElfLimits } from './limits.js';
import { type Note, readNotes } from './note.js';
import { type Phdr, readProgramHeaders } from './phdr.js';
import { type GnuProperty, readGnuProperties } from './property.js';
import { type Shdr, readSectionHeader, readSectionHeaders } from './shdr.js';
import { readSymbol, type Sym, type SymbolFields, symbolFields, symSize } from './symbol.js';
import { readVerdef, type Verdef } from './verdef.js';
import { readVerneed, type Verneed } from './verneed.js';
import { readVersym, type Versym } from './versym.js';


/**
 * Segment types the loader takes one of, and which: the kernel reads the first PT_INTERP
 * (fs/binfmt_elf.c); glibc keeps the last PT_DYNAMIC and PT_GNU_RELRO and both the kernel and glibc
 * the last PT_GNU_STACK (elf/rtld.c, elf/dl-load.c).
 */
const SINGLE_SEGMENTS: ReadonlyArray<readonly [number, string, 'first' | 'last']> = [
  [PT_INTERP, 'PT_INTERP', 'first'],
  [PT_DYNAMIC, 'PT_DYNAMIC', 'last'],
  [PT_GNU_STACK, 'PT_GNU_STACK', 'last'],
  [PT_GNU_RELRO, 'PT_GNU_RELRO', 'last'],
];

/** NT_GNU_ABI_TAG descriptor: OS code (0 Linux, 1 Hurd, 2 Solaris, 3 FreeBSD) and minimum kernel ABI. */
export interface GnuAbiTag {
  os: number;
  major: number;
  minor: number;
  patch: number;
}

/**
 * A lazy, read-only view of one ELF file (gABI; GNU extensions per the LSB and the Linux
 * Extensions to gABI). Only the ELF header is decoded by the constructor; every other structure is
 * read from the `ByteSource` the first time it is asked for, then cached (errors too).
 *
 * Structures are read as the loader reads them (docs/loader.md): the dynamic table through the
 * last PT_DYNAMIC, at its p_vaddr translated through PT_LOAD; of a repeated DT_* tag the last
 * entry; version chains by their links, not their counts; tables the dynamic section points to
 * through PT_LOAD address translation; the dynamic symbol count through DT_HASH or DT_GNU_HASH.
 * Section headers, which the loader never reads, serve only a file without program headers and as
 * a cheap symbol count; a broken section header table loses nothing else. Where the file holds a
 * second view that disagrees, {@link anomalies} records it.
 *
 * Throws only `BinspectError` (constructor: `BAD_MAGIC`, `UNSUPPORTED`, `TRUNCATED`; getters: any
 * code), and `TypeError` for bad arguments.
 */
export class ElfFile {
  readonly header: ElfHeader;
  readonly limits: ElfLimits;
  private readonly memo = new Memo();
  // The structures every query asks for, kept out of the memo's map once decoded (no closure per
  // access on the hot path); a structure that failed stays undefined here and rethrows from the memo.
  private phdrsHot: Phdr[] | undefined;
  private dynamicHot: Dyn[] | null | undefined;
  private dynstrHot: { offset: number; end: number } | null | undefined;
  private verneedHot: Verneed[] | undefined;
  private notesHot: Note[] | undefined;
  private propsHot: GnuProperty[] | undefined;
  private extentChecked = false;
  private readonly log = new AnomalyLog();

  constructor(readonly source: ByteSource, limits: Partial<ElfLimits> = {}) {
    checkedSource(source, 'ElfFile');
    this.limits = mergeLimits(DEFAULT_ELF_LIMITS, limits, 'ElfFile');
    this.header = readElfHeader(source);
  }

  /** An ElfFile over bytes in memory (zero-copy). */
  static fromBytes(bytes: Uint8Array, limits: Partial<ElfLimits> = {}): ElfFile {
    return new ElfFile(bytesSource(bytes, 'ElfFile.fromBytes'), limits);
  }

  private get wide(): boolean {
    return this.header.class === 64;
  }

  /** Section header 0, which holds the extended counts (gABI "Extended numbering"), or null without section headers. */
  get section0(): Shdr | null {
    return this.memo.get('section0', () => (this.header.e_shoff === 0 ? null : readSectionHeader(this.source, this.header, 0)));
  }

  /** Number of program headers: e_phnum, or section 0's sh_info when e_phnum is PN_XNUM. */
  get phnum(): number {
    const n = this.header.e_phnum === PN_XNUM ? (this.section0?.sh_info ?? PN_XNUM) : this.header.e_phnum;
    if (n > this.limits.maxProgramHeaders) {
      throw new BinspectError('LIMIT', 'elf', 'e_phnum', this.header.class === 64 ? 56 : 44, `${n} program headers`);
    }
    return n;
  }

  /** Number of section headers: e_shnum, or section 0's sh_size when e_shnum is 0 and e_shoff is not. */
  get shnum(): number {
    if (this.header.e_shoff === 0) return 0;
    const n = this.header.e_shnum === 0 ? (this.section0?.sh_size ?? 0) : this.header.e_shnum;
    if (n > this.limits.maxSections) {
      throw new BinspectError('LIMIT', 'elf', 'e_shnum', this.header.class === 64 ? 60 : 48, `${n} sections`);
    }
    return n;
  }

  /** Index of the section-name string table: e_shstrndx, or section 0's sh_link when it is SHN_XINDEX. */
  get shstrndx(): number {
    return this.header.e_shstrndx === SHN_XINDEX ? (this.section0?.sh_link ?? 0) : this.header.e_shstrndx;
  }

  /** Program headers in file order ([] when there are none). */
  get programHeaders(): Phdr[] {
    return (this.phdrsHot ??= this.memo.get('phdrs', () => (this.header.e_phoff === 0 ? [] : readProgramHeaders(this.source, this.header, this.phnum))));
  }

  /** Section headers in file order ([] when e_shoff is 0). */
  get sectionHeaders(): Shdr[] {
    return this.memo.get('shdrs', () => readSectionHeaders(this.source, this.header, this.shnum));
  }

  /** A section's name from the e_shstrndx string table. */
  sectionName(s: Shdr): string {
    const tab = this.sectionHeaders[this.shstrndx];
    if (!tab) throw new BinspectError('OUT_OF_BOUNDS', 'elf', 'e_shstrndx', null, `no section ${this.shstrndx}`);
    return readCString(this.source, tab.sh_offset + s.sh_name, tab.sh_offset + tab.sh_size, this.limits.maxStringLength,
      { format: 'elf', structure: 'sh_name' });
  }

  /** Program headers of type `p_type`. */
  segments(p_type: number): Phdr[] {
    return this.programHeaders.filter((p) => p.p_type === p_type);
  }

  /**
   * The last program header of type `p_type`, or null: the one glibc's loops over the program
   * headers keep for PT_DYNAMIC, PT_GNU_STACK and PT_GNU_RELRO (elf/rtld.c, elf/dl-load.c), and
   * the Linux kernel for PT_GNU_STACK (fs/binfmt_elf.c).
   */
  lastSegment(p_type: number): Phdr | null {
    const ph = this.programHeaders;
    for (let i = ph.length - 1; i >= 0; i--) if (ph[i]!.p_type === p_type) return ph[i]!;
    return null;
  }

  /** The section headers, or null when they cannot be read (recorded as `SECTION_HEADERS_INVALID`): for optional uses. */
  /**
   * The section headers, [] without a table (e_shoff 0), or null when the table is invalid (an
   * anomaly `SECTION_HEADERS_INVALID` records why): the loader never reads them, so the queries
   * that can do without them take an invalid table for none. A failed read propagates.
   */
  readableSections(): Shdr[] | null {
    if (this.header.e_shoff === 0) return [];
    try {
      return this.sectionHeaders;
    } catch (e) {
      // A read that failed (I/O, a file that shrank) is no property of the table: it propagates.
      if (!(e instanceof BinspectError) || e.format === 'bytes') throw e;
      this.log.add('SECTION_HEADERS_INVALID', 'section header table', this.header.e_shoff, e.message);
      return null;
    }
  }

  /**
   * Throws `TRUNCATED` when a segment's file image passes the end of the file: such a file has lost
   * bytes, and nothing read from it may be taken as complete. A section header table past the end
   * is only an anomaly (`SECTION_HEADERS_INVALID`): the loader never reads it.
   */
  checkExtent(): void {
    if (this.extentChecked) return; // every query calls this: no closure on the way
    this.memo.get('extent', () => {
      for (const p of this.programHeaders) {
        if (p.p_filesz > 0 && p.p_offset + p.p_filesz > this.source.size) {
          throw new BinspectError('TRUNCATED', 'elf', `${this.wide ? 'Elf64' : 'Elf32'}_Phdr[${p.index}]`, p.p_offset,
            `segment ends at 0x${(p.p_offset + p.p_filesz).toString(16)}, past the end of the ${this.source.size}-byte file`);
        }
      }
      return true;
    });
    this.extentChecked = true;
  }

  /**
   * The first PT_INTERP's path, read at its p_offset (the Linux kernel reads the first PT_INTERP from
   * the file, fs/binfmt_elf.c), or null without PT_INTERP.
   */
  get interpreter(): string | null {
    return this.memo.get('interp', () => {
      const p = this.segments(PT_INTERP)[0];
      if (!p) return null;
      return readCString(this.source, p.p_offset, p.p_offset + p.p_filesz, this.limits.maxStringLength,
        { format: 'elf', structure: 'PT_INTERP' });
    });
  }

  /**
   * The dynamic table up to DT_NULL as the loader reads it: at the last PT_DYNAMIC's p_vaddr in
   * the loaded image (glibc sets `l_ld` from p_vaddr for each PT_DYNAMIC in turn, elf/rtld.c and
   * elf/dl-load.c), read from the file bytes the PT_LOAD segment maps there, to DT_NULL; null
   * without PT_DYNAMIC. A file without program headers (not loadable) is read through its
   * SHT_DYNAMIC section. Throws `OUT_OF_BOUNDS` when no PT_LOAD maps p_vaddr.
   */
  get dynamic(): Dyn[] | null {
    if (this.dynamicHot === undefined) this.dynamicHot = this.memo.get('dynamic', () => {
      if (this.programHeaders.length > 0) {
        const p = this.lastSegment(PT_DYNAMIC);
        return p === null ? null : this.loadedDynamic(p);
      }
      if (this.header.e_shoff === 0) return null;
      const s = this.sectionHeaders.find((x) => x.sh_type === SHT_DYNAMIC);
      if (!s || s.sh_type === SHT_NOBITS) return null;
      return readDynamic(this.source, this.header, s.sh_offset, s.sh_size, this.limits.maxDynamicEntries);
    });
    return this.dynamicHot;
  }

  /** The dynamic table PT_DYNAMIC `p` gives the loader (see {@link dynamic}); records where p_offset or the size disagree. */
  private loadedDynamic(p: Phdr): Dyn[] {
    const name = `${this.wide ? 'Elf64' : 'Elf32'}_Phdr[${p.index}]`;
    const load = loadSegmentAt(this.programHeaders, p.p_vaddr);
    if (load === null) {
      throw new BinspectError('OUT_OF_BOUNDS', 'elf', name, null, `PT_DYNAMIC p_vaddr 0x${p.p_vaddr.toString(16)} is in no PT_LOAD segment`);
    }
    const rel = Number(p.p_vaddr - load.p_vaddr);
    if (rel >= load.p_filesz) {
      // The table lies in the segment's zero-filled part: the loader meets DT_NULL at once. A
      // PT_DYNAMIC without file bytes (separate debug files) says so itself.
      if (p.p_filesz > 0) this.log.add('DYNAMIC_OFFSET_MISMATCH', name, p.p_offset,
        `PT_DYNAMIC p_vaddr 0x${p.p_vaddr.toString(16)} is in the zero-filled part of PT_LOAD [${load.index}]: the loader sees an empty table`);
      return [];
    }
    const offset = load.p_offset + rel;
    if (offset !== p.p_offset) {
      this.log.add('DYNAMIC_OFFSET_MISMATCH', name, p.p_offset,
        `PT_DYNAMIC p_offset 0x${p.p_offset.toString(16)}, but its p_vaddr 0x${p.p_vaddr.toString(16)} maps file offset 0x${offset.toString(16)} (read there, as the loader does)`);
    }
    const t = readDynamicTable(this.source, this.header, offset, p.p_filesz, load.p_offset + load.p_filesz, this.limits.maxDynamicEntries);
    if (!t.terminated && !(load.memsz > load.p_filesz)) {
      this.log.add('DYNAMIC_UNTERMINATED', name, offset, 'no DT_NULL before the end of the PT_LOAD segment that holds the table');
    }
    return t.entries;
  }

  /** d_val of the last entry with `tag` (the one glibc keeps in `l_info[tag]`), or null. */
  dynValue(tag: number): bigint | null {
    return this.dynEntry(tag)?.d_val ?? null;
  }

  /** d_val of every entry with `tag`, in table order. */
  dynValues(tag: number): bigint[] {
    const out: bigint[] = [];
    for (const d of this.dynamic ?? []) if (d.d_tag === tag) out.push(d.d_val);
    return out;
  }

  /** The last entry with `tag`, or null (a plain loop: this runs several times per file). */
  private dynEntry(tag: number): Dyn | null {
    const dyn = this.dynamic;
    if (dyn !== null) for (let i = dyn.length - 1; i >= 0; i--) if (dyn[i]!.d_tag === tag) return dyn[i]!;
    return null;
  }

  /**
   * File offset of the virtual address range `[addr, addr + length)`. Throws `OUT_OF_BOUNDS`
   * (structure `what`) when no PT_LOAD maps it from file bytes.
   */
  offsetOf(addr: bigint, length: number, what: string): number {
    const off = vaddrToOffset(this.programHeaders, this.programHeaders.length ? [] : this.sectionHeaders, addr, length);
    if (off === null) {
      throw new BinspectError('OUT_OF_BOUNDS', 'elf', what, null, `address 0x${addr.toString(16)} (+${length}) is not in any PT_LOAD file image`);
    }
    return off;
  }

  /** The dynamic string table as a file-offset range [offset, end), or null without DT_STRTAB. */
  get dynamicStringTable(): { offset: number; end: number } | null {
    if (this.dynstrHot === undefined) this.dynstrHot = this.memo.get('dynstr', () => {
      const addr = this.dynValue(DT_STRTAB);
      if (addr === null) return null;
      const sz = this.dynValue(DT_STRSZ);
      const size = sz === null ? 1 : Number(sz > BigInt(this.source.size) ? BigInt(this.source.size) : sz);
      const offset = this.offsetOf(addr, 1, 'DT_STRTAB');
      return { offset, end: Math.min(offset + Math.max(size, 1), this.source.size) };
    });
    return this.dynstrHot;
  }

  /** The string at offset `off` of the dynamic string table (DT_STRTAB, bounded by DT_STRSZ). */
  dynString(off: number, what = 'DT_STRTAB'): string {
    const t = this.dynamicStringTable;
    if (!t) throw new BinspectError('OUT_OF_BOUNDS', 'elf', what, null, 'no DT_STRTAB');
    return readCString(this.source, t.offset + off, t.end, this.limits.maxStringLength, { format: 'elf', structure: what });
  }

  /** The bytes of the DT_STRTAB string at `off`, undecoded (for names only compared); the same errors as {@link dynString}. */
  dynStringBytes(off: number, what = 'DT_STRTAB'): Uint8Array {
    const t = this.dynamicStringTable;
    if (!t) throw new BinspectError('OUT_OF_BOUNDS', 'elf', what, null, 'no DT_STRTAB');
    return readCStringBytes(this.source, t.offset + off, t.end, this.limits.maxStringLength, { format: 'elf', structure: what });
  }

  private dynStrings(tag: number, what: string): string[] {
    return this.memo.get(what, () => this.dynValues(tag).map((v) => this.dynString(Number(v), what)));
  }

  /** DT_NEEDED names in table order. */
  get needed(): string[] {
    return this.dynStrings(DT_NEEDED, 'DT_NEEDED');
  }
  /** DT_SONAME (the last one, as glibc keeps it), or null. */
  get soname(): string | null {
    return this.memo.get('DT_SONAME', () => {
      const v = this.dynValue(DT_SONAME);
      return v === null ? null : this.dynString(Number(v), 'DT_SONAME');
    });
  }
  /** Each DT_RPATH entry exactly as stored (not split on ':'). */
  get rpath(): string[] {
    return this.dynStrings(DT_RPATH, 'DT_RPATH');
  }
  /** Each DT_RUNPATH entry exactly as stored. */
  get runpath(): string[] {
    return this.dynStrings(DT_RUNPATH, 'DT_RUNPATH');
  }
  /** DT_FLAGS (0 when absent; only its low 32 bits carry flags). */
  get flags(): number {
    return this.dynWord(DT_FLAGS);
  }
  /** DT_FLAGS_1 (0 when absent). */
  get flags1(): number {
    return this.dynWord(DT_FLAGS_1);
  }

  private dynWord(tag: number): number {
    const d = this.dynEntry(tag);
    if (!d) return 0;
    return Number.isNaN(d.val) ? Number(d.d_val & 0xffffffffn) : d.val % 0x100000000;
  }

  /** File offset of the dynamic symbol table (DT_SYMTAB), or null. */
  get dynamicSymbolTable(): { offset: number; entsize: number } | null {
    return this.memo.get('dynsym', () => {
      const addr = this.dynValue(DT_SYMTAB);
      if (addr === null) return null;
      const ent = Number(this.dynValue(DT_SYMENT) ?? BigInt(symSize(this.header.class)));
      if (ent < symSize(this.header.class) || ent > 1024) {
        throw new BinspectError('UNSUPPORTED', 'elf', 'DT_SYMENT', null, `symbol entry size ${ent}`);
      }
      return { offset: this.offsetOf(addr, 0, 'DT_SYMTAB'), entsize: ent };
    });
  }

  /**
   * Number of dynamic symbols: DT_HASH's nchain; else DT_MIPS_SYMTABNO on MIPS; else the
   * SHT_DYNSYM section at DT_SYMTAB's address (cheap when section headers exist); else a walk of
   * DT_GNU_HASH. Null when the file has no dynamic symbol table.
   */
  get dynamicSymbolCount(): number | null {
    return this.memo.get('nsyms', () => {
      const n = this.countSymbols();
      if (n !== null && n > this.limits.maxSymbols) {
        throw new BinspectError('LIMIT', 'elf', 'dynamic symbol count', null, `${n} > ${this.limits.maxSymbols}`);
      }
      return n;
    });
  }

  private countSymbols(): number | null {
    const tab = this.dynamicSymbolTable;
    if (!tab) return null;
    const hash = this.dynValue(DT_HASH);
    if (hash !== null) {
      const m = this.header.e_machine;
      const word = this.wide && (m === EM_S390 || m === EM_ALPHA) ? 8 : 4;
      return symbolCountFromHash(this.source, this.header, this.offsetOf(hash, 2 * word, 'DT_HASH'), word);
    }
    const mips = this.dynValue(DT_MIPS_SYMTABNO);
    if (mips !== null && this.header.e_machine === EM_MIPS) return Number(mips & 0xffffffffn);
    if (this.header.e_shoff !== 0) {
      const addr = this.dynValue(DT_SYMTAB);
      const s = this.readableSections()?.find((x) => x.sh_type === SHT_DYNSYM && x.sh_addr === addr && x.sh_entsize === tab.entsize);
      if (s) return Math.floor(s.sh_size / tab.entsize);
    }
    const gnu = this.dynValue(DT_GNU_HASH);
    if (gnu !== null) {
      return symbolCountFromGnuHash(this.source, this.header, this.offsetOf(gnu, 16, 'DT_GNU_HASH'), this.limits.maxSymbols);
    }
    throw new BinspectError('UNSUPPORTED', 'elf', 'DT_SYMTAB', null, 'no DT_HASH, DT_GNU_HASH or SHT_DYNSYM gives the symbol count');
  }

  /** Dynamic symbol `i` (0 <= i < dynamicSymbolCount). */
  dynamicSymbol(i: number): Sym {
    const tab = this.dynamicSymbolTable;
    const n = this.dynamicSymbolCount;
    if (!tab || n === null || !(i >= 0 && i < n)) throw new TypeError(`no dynamic symbol ${i}`);
    return readSymbol(this.source, this.header, tab.offset, tab.entsize, i);
  }

  /**
   * The dynamic symbol table's version-relevant fields without an object per symbol; `whole` reads
   * the table as one range (a walk of every entry), else entry by entry. Null without a table.
   */
  dynamicSymbolFields(whole: boolean): SymbolFields | null {
    const tab = this.dynamicSymbolTable;
    const n = this.dynamicSymbolCount;
    if (!tab || n === null) return null;
    return whole ? this.memo.get('dynsymWhole', () => symbolFields(this.source, this.header, tab.offset, tab.entsize, n, true))
      : symbolFields(this.source, this.header, tab.offset, tab.entsize, n, false);
  }

  /** A dynamic symbol's name. */
  symbolName(s: Sym): string {
    return this.dynString(s.st_name, 'st_name');
  }

  /** The DT_VERSYM table (one entry per dynamic symbol), or null without DT_VERSYM. */
  get versym(): Versym | null {
    return this.memo.get('versym', () => {
      const addr = this.dynValue(DT_VERSYM);
      if (addr === null) return null;
      const n = this.dynamicSymbolCount ?? 0;
      return readVersym(this.source, this.header, this.offsetOf(addr, n * 2, 'DT_VERSYM'), n);
    });
  }

  /** The DT_VERNEED chain ([] without DT_VERNEED). */
  get verneed(): Verneed[] {
    return (this.verneedHot ??= this.memo.get('verneed', () => {
      const addr = this.dynValue(DT_VERNEED);
      if (addr === null) return [];
      const num = this.dynValue(DT_VERNEEDNUM);
      return readVerneed(this.source, this.header, this.offsetOf(addr, 16, 'DT_VERNEED'), num === null ? null : Number(num),
        this.limits.maxVersionEntries, (o) => this.dynString(o, 'vna_name'), this.anomaly);
    }));
  }

  /** The DT_VERDEF chain ([] without DT_VERDEF). */
  get verdef(): Verdef[] {
    return this.memo.get('verdef', () => {
      const addr = this.dynValue(DT_VERDEF);
      if (addr === null) return [];
      const num = this.dynValue(DT_VERDEFNUM);
      return readVerdef(this.source, this.header, this.offsetOf(addr, 20, 'DT_VERDEF'), num === null ? null : Number(num),
        this.limits.maxVersionEntries, (o) => this.dynString(o, 'vda_name'), this.anomaly);
    });
  }

  /**
   * All notes: from PT_NOTE segments (and a PT_GNU_PROPERTY outside them); from SHT_NOTE sections
   * when the file has no program headers.
   */
  get notes(): Note[] {
    return (this.notesHot ??= this.memo.get('notes', () => {
      const out: Note[] = [];
      const ranges: Array<[number, number, number]> = [];
      const phdrs = this.programHeaders;
      if (phdrs.length > 0) {
        const notes = phdrs.filter((p) => p.p_type === PT_NOTE || p.p_type === PT_GNU_PROPERTY);
        // A PT_GNU_PROPERTY (or any note segment) inside another note segment is read once, whatever the order.
        for (const p of notes) {
          const inside = notes.some((q) => q !== p && q.p_offset <= p.p_offset && p.p_offset + p.p_filesz <= q.p_offset + q.p_filesz &&
            (q.p_filesz > p.p_filesz || (q.p_filesz === p.p_filesz && q.index < p.index)));
          if (!inside) ranges.push([p.p_offset, p.p_filesz, p.align]);
        }
      } else {
        for (const s of this.sectionHeaders) {
          if (s.sh_type === SHT_NOTE) ranges.push([s.sh_offset, s.sh_size, Number(s.sh_addralign)]);
        }
      }
      for (const [o, s, a] of ranges) {
        out.push(...readNotes(this.source, this.header, o, s, a, this.limits.maxNotes - out.length));
      }
      return out;
    }));
  }

  private note(owner: string, type: number): Note | null {
    return this.notes.find((n) => n.name === owner && n.n_type === type) ?? null;
  }

  /** Properties of every NT_GNU_PROPERTY_TYPE_0 note, decoded for this e_machine. */
  get gnuProperties(): GnuProperty[] {
    return (this.propsHot ??= this.memo.get('props', () => this.notes
      .filter((n) => n.name === 'GNU' && n.n_type === NT_GNU_PROPERTY_TYPE_0)
      .flatMap((n) => readGnuProperties(n.desc, this.header.class, this.header.e_machine))));
  }

  /** NT_GNU_BUILD_ID as lowercase hex, or null. */
  get buildId(): string | null {
    const n = this.note('GNU', NT_GNU_BUILD_ID);
    return n ? Array.from(n.desc.bytes, (b) => b.toString(16).padStart(2, '0')).join('') : null;
  }

  /** NT_GNU_ABI_TAG, or null. */
  get abiTag(): GnuAbiTag | null {
    const n = this.note('GNU', NT_GNU_ABI_TAG);
    if (!n || n.desc.length < 16) return null;
    return { os: n.desc.u32(0), major: n.desc.u32(4), minor: n.desc.u32(8), patch: n.desc.u32(12) };
  }

  /** Go's build ID (note owner "Go", type 4), or null. */
  get goBuildId(): string | null {
    const n = this.note('Go', NT_GO_BUILD_ID);
    return n ? new TextDecoder().decode(n.desc.bytes).replace(/\0+$/, '') : null;
  }

  /** `.note.package` (owner "FDO", type 0xcafe1a7e): the packaging metadata JSON text, or null. */
  get packageMetadata(): string | null {
    const n = this.note('FDO', NT_FDO_PACKAGING_METADATA);
    return n ? new TextDecoder().decode(n.desc.bytes).replace(/\0+$/, '') : null;
  }

  /** Notes owned by another system's ident: `OpenBSD`, `NetBSD`, `FreeBSD`, `Android`. */
  hasNoteOwner(owner: string): boolean {
    return this.notes.some((n) => n.name === owner);
  }

  private readonly anomaly = (code: string, structure: string, offset: number | null, message: string): void =>
    this.log.add(code, structure, offset, message);

  /**
   * Loader-relevant oddities that did not stop an answer (docs/loader.md lists the codes): a
   * second PT_DYNAMIC, PT_INTERP, PT_GNU_STACK or PT_GNU_RELRO; a repeated DT_* tag the loader
   * keeps one of; PT_DYNAMIC's p_offset not where its p_vaddr maps; a dynamic table without DT_NULL;
   * a version count that disagrees with its chain; a section header table that cannot be read or
   * whose .dynamic, .dynstr or .gnu.version_r disagrees with what PT_DYNAMIC gives the loader.
   * Reads the program headers, the dynamic table, the version chains and the section headers.
   * Throws like {@link checkExtent}; a structure that cannot be read is left to the fields that use it.
   */
  get anomalies(): Anomaly[] {
    return this.memo.get('anomalies', () => {
      this.checkExtent();
      const ph = this.programHeaders;
      const phdr = this.wide ? 'Elf64_Phdr' : 'Elf32_Phdr';
      for (const [type, name, keep] of SINGLE_SEGMENTS) {
        const list = ph.filter((p) => p.p_type === type);
        if (list.length < 2) continue;
        const used = keep === 'first' ? list[0]! : list[list.length - 1]!;
        for (const p of list) {
          if (p === used) continue;
          this.log.add(`DUPLICATE_${name}`, `${phdr}[${p.index}]`, null,
            `${list.length} ${name} program headers; the loader uses the ${keep} (${phdr}[${used.index}])`);
        }
      }
      const dyn = this.attempt(() => this.dynamic);
      if (dyn) {
        const last = new Map<number, Dyn>();
        for (const d of dyn) if (DT_LAST_WINS.has(d.d_tag)) last.set(d.d_tag, d);
        for (const d of dyn) {
          const kept = last.get(d.d_tag);
          if (kept === undefined || kept === d) continue;
          const tag = `DT_${nameOf(DT, d.d_tag) ?? d.d_tag}`;
          this.log.add('DUPLICATE_DT_TAG', `${this.wide ? 'Elf64' : 'Elf32'}_Dyn[${d.index}]`, d.offset,
            `${tag} repeated; the loader keeps the last (entry ${kept.index}, 0x${kept.d_val.toString(16)}; this one 0x${d.d_val.toString(16)})`);
        }
        this.attempt(() => this.verneed);
        this.attempt(() => this.verdef);
      }
      if (ph.length > 0) this.crossCheckSections(dyn);
      return this.log.list.slice();
    });
  }

  /** `f()`, or null when it throws a BinspectError of the file's content (that error belongs to the fields that need the structure); a failed read propagates. */
  private attempt<T>(f: () => T): T | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof BinspectError && e.format !== 'bytes') return null;
      throw e;
    }
  }

  /** Compares the section view of the dynamic data with the segment view the loader uses. */
  private crossCheckSections(dyn: Dyn[] | null): void {
    const shdrs = this.readableSections();
    if (!shdrs || shdrs.length === 0) return;
    const shdr = this.wide ? 'Elf64_Shdr' : 'Elf32_Shdr';
    const sec = shdrs.find((x) => x.sh_type === SHT_DYNAMIC);
    const p = this.lastSegment(PT_DYNAMIC);
    if (sec && p === null) {
      this.log.add('DYNAMIC_SECTION_ONLY', `${shdr}[${sec.index}]`, sec.sh_offset,
        'an SHT_DYNAMIC section but no PT_DYNAMIC: the loader sees no dynamic section');
      return;
    }
    if (!sec || p === null || dyn === null) return;
    const mismatch = (s: { index: number; sh_offset: number }, what: string): void =>
      this.log.add('SECTION_SEGMENT_MISMATCH', `${shdr}[${s.index}]`, s.sh_offset, what);
    if (sec.sh_addr !== p.p_vaddr) {
      mismatch(sec, `.dynamic at address 0x${sec.sh_addr.toString(16)}, PT_DYNAMIC at 0x${p.p_vaddr.toString(16)}`);
    }
    const strtab = this.dynValue(DT_STRTAB);
    const str = shdrs[sec.sh_link];
    if (strtab !== null && str && str.sh_type !== SHT_NOBITS && str.sh_addr !== strtab) {
      mismatch(str, `.dynamic's string table section at 0x${str.sh_addr.toString(16)}, DT_STRTAB 0x${strtab.toString(16)}`);
    }
    const vn = this.dynValue(DT_VERNEED);
    const vsec = shdrs.find((x) => x.sh_type === SHT_GNU_verneed);
    if (vsec && vn !== null && vsec.sh_addr !== vn) {
      mismatch(vsec, `SHT_GNU_verneed at 0x${vsec.sh_addr.toString(16)}, DT_VERNEED 0x${vn.toString(16)}`);
    }
  }

  /** Size in bytes of one dynamic entry for this class. */
  get dynEntrySize(): number {
    return dynSize(this.header.class);
  }
}
