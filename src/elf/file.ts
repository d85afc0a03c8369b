import { Memo } from '../util/memo.js';
import { BinspectError } from '../errors.js';
import { type ByteSource, memorySource } from '../bytes/source.js';
import { readCString } from '../bytes/strings.js';
import { vaddrToOffset } from './address.js';
import {
  DT_FLAGS, DT_FLAGS_1, DT_GNU_HASH, DT_HASH, DT_MIPS_SYMTABNO, DT_NEEDED, DT_RPATH, DT_RUNPATH, DT_SONAME, DT_STRSZ,
  DT_STRTAB, DT_SYMENT, DT_SYMTAB, DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM, DT_VERSYM, EM_ALPHA, EM_MIPS,
  EM_S390, NT_FDO_PACKAGING_METADATA, NT_GNU_ABI_TAG, NT_GNU_BUILD_ID, NT_GNU_PROPERTY_TYPE_0, NT_GO_BUILD_ID, PN_XNUM,
  PT_DYNAMIC, PT_GNU_PROPERTY, PT_INTERP, PT_NOTE, SHN_XINDEX, SHT_DYNAMIC, SHT_DYNSYM, SHT_NOBITS, SHT_NOTE,
} from './constants.js';
import { type Dyn, dynSize, readDynamic } from './dynamic.js';
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
 * Everything is found without section headers where the format allows: the dynamic table through
 * PT_DYNAMIC, tables it points to through PT_LOAD address translation, the dynamic symbol count
 * through DT_HASH or DT_GNU_HASH. Section headers are a fallback.
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

  constructor(readonly source: ByteSource, limits: Partial<ElfLimits> = {}) {
    if (!source || typeof source.read !== 'function') throw new TypeError('ElfFile needs a ByteSource');
    this.limits = { ...DEFAULT_ELF_LIMITS, ...limits };
    this.header = readElfHeader(source);
  }

  /** An ElfFile over bytes in memory (zero-copy). */
  static fromBytes(bytes: Uint8Array, limits: Partial<ElfLimits> = {}): ElfFile {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('ElfFile.fromBytes needs a Uint8Array');
    return new ElfFile(memorySource(bytes), limits);
  }

  private cached<T>(key: string, fn: () => T): T {
    return this.memo.get(key, fn);
  }

  private get wide(): boolean {
    return this.header.class === 64;
  }

  /** Section header 0, which holds the extended counts (gABI "Extended numbering"), or null without section headers. */
  get section0(): Shdr | null {
    return this.cached('section0', () => (this.header.e_shoff === 0 ? null : readSectionHeader(this.source, this.header, 0)));
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
    return (this.phdrsHot ??= this.cached('phdrs', () => (this.header.e_phoff === 0 ? [] : readProgramHeaders(this.source, this.header, this.phnum))));
  }

  /** Section headers in file order ([] when e_shoff is 0). */
  get sectionHeaders(): Shdr[] {
    return this.cached('shdrs', () => readSectionHeaders(this.source, this.header, this.shnum));
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
   * Throws `TRUNCATED` when a segment's file image or the section header table passes the end
   * of the file: such a file has lost bytes, and nothing read from it may be taken as complete.
   */
  checkExtent(): void {
    if (this.extentChecked) return; // every query calls this: no closure on the way
    this.cached('extent', () => {
      for (const p of this.programHeaders) {
        if (p.p_filesz > 0 && p.p_offset + p.p_filesz > this.source.size) {
          throw new BinspectError('TRUNCATED', 'elf', `${this.wide ? 'Elf64' : 'Elf32'}_Phdr[${p.index}]`, p.p_offset,
            `segment ends at 0x${(p.p_offset + p.p_filesz).toString(16)}, past the end of the ${this.source.size}-byte file`);
        }
      }
      const shEnd = this.header.e_shoff + this.shnum * this.header.e_shentsize;
      if (this.header.e_shoff !== 0 && shEnd > this.source.size) {
        throw new BinspectError('TRUNCATED', 'elf', 'section header table', this.header.e_shoff,
          `ends at 0x${shEnd.toString(16)}, past the end of the ${this.source.size}-byte file`);
      }
      return true;
    });
    this.extentChecked = true;
  }

  /** PT_INTERP's path, or null without PT_INTERP. */
  get interpreter(): string | null {
    return this.cached('interp', () => {
      const p = this.segments(PT_INTERP)[0];
      if (!p) return null;
      return readCString(this.source, p.p_offset, p.p_offset + p.p_filesz, this.limits.maxStringLength,
        { format: 'elf', structure: 'PT_INTERP' });
    });
  }

  /**
   * The dynamic table up to DT_NULL, found through PT_DYNAMIC (SHT_DYNAMIC section as a fallback
   * when there is no PT_DYNAMIC); null when the file has neither.
   */
  get dynamic(): Dyn[] | null {
    if (this.dynamicHot === undefined) this.dynamicHot = this.cached('dynamic', () => {
      const p = this.segments(PT_DYNAMIC)[0];
      if (p) return readDynamic(this.source, this.header, p.p_offset, p.p_filesz, this.limits.maxDynamicEntries);
      if (this.programHeaders.length > 0 && this.header.e_shoff === 0) return null;
      const s = this.sectionHeaders.find((x) => x.sh_type === SHT_DYNAMIC);
      if (!s || s.sh_type === SHT_NOBITS) return null;
      return readDynamic(this.source, this.header, s.sh_offset, s.sh_size, this.limits.maxDynamicEntries);
    });
    return this.dynamicHot;
  }

  /** d_val of the first entry with `tag`, or null. */
  dynValue(tag: number): bigint | null {
    return this.dynEntry(tag)?.d_val ?? null;
  }

  /** d_val of every entry with `tag`, in table order. */
  dynValues(tag: number): bigint[] {
    const out: bigint[] = [];
    for (const d of this.dynamic ?? []) if (d.d_tag === tag) out.push(d.d_val);
    return out;
  }

  /** The first entry with `tag`, or null (a plain loop: this runs several times per file). */
  private dynEntry(tag: number): Dyn | null {
    const dyn = this.dynamic;
    if (dyn !== null) for (const d of dyn) if (d.d_tag === tag) return d;
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
    if (this.dynstrHot === undefined) this.dynstrHot = this.cached('dynstr', () => {
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

  private dynStrings(tag: number, what: string): string[] {
    return this.cached(what, () => this.dynValues(tag).map((v) => this.dynString(Number(v), what)));
  }

  /** DT_NEEDED names in table order. */
  get needed(): string[] {
    return this.dynStrings(DT_NEEDED, 'DT_NEEDED');
  }
  /** DT_SONAME, or null. */
  get soname(): string | null {
    return this.dynStrings(DT_SONAME, 'DT_SONAME')[0] ?? null;
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
    return this.cached('dynsym', () => {
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
    return this.cached('nsyms', () => {
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
      const s = this.sectionHeaders.find((x) => x.sh_type === SHT_DYNSYM && x.sh_addr === addr && x.sh_entsize === tab.entsize);
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
    return whole ? this.cached('dynsymWhole', () => symbolFields(this.source, this.header, tab.offset, tab.entsize, n, true))
      : symbolFields(this.source, this.header, tab.offset, tab.entsize, n, false);
  }

  /** A dynamic symbol's name. */
  symbolName(s: Sym): string {
    return this.dynString(s.st_name, 'st_name');
  }

  /** The DT_VERSYM table (one entry per dynamic symbol), or null without DT_VERSYM. */
  get versym(): Versym | null {
    return this.cached('versym', () => {
      const addr = this.dynValue(DT_VERSYM);
      if (addr === null) return null;
      const n = this.dynamicSymbolCount ?? 0;
      return readVersym(this.source, this.header, this.offsetOf(addr, n * 2, 'DT_VERSYM'), n);
    });
  }

  /** The DT_VERNEED chain ([] without DT_VERNEED). */
  get verneed(): Verneed[] {
    return (this.verneedHot ??= this.cached('verneed', () => {
      const addr = this.dynValue(DT_VERNEED);
      if (addr === null) return [];
      const num = this.dynValue(DT_VERNEEDNUM);
      return readVerneed(this.source, this.header, this.offsetOf(addr, 16, 'DT_VERNEED'), num === null ? null : Number(num),
        this.limits.maxVersionEntries, (o) => this.dynString(o, 'vna_name'));
    }));
  }

  /** The DT_VERDEF chain ([] without DT_VERDEF). */
  get verdef(): Verdef[] {
    return this.cached('verdef', () => {
      const addr = this.dynValue(DT_VERDEF);
      if (addr === null) return [];
      const num = this.dynValue(DT_VERDEFNUM);
      return readVerdef(this.source, this.header, this.offsetOf(addr, 20, 'DT_VERDEF'), num === null ? null : Number(num),
        this.limits.maxVersionEntries, (o) => this.dynString(o, 'vda_name'));
    });
  }

  /**
   * All notes: from PT_NOTE segments (and a PT_GNU_PROPERTY outside them); from SHT_NOTE sections
   * when the file has no program headers.
   */
  get notes(): Note[] {
    return (this.notesHot ??= this.cached('notes', () => {
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
    return (this.propsHot ??= this.cached('props', () => this.notes
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

  /** Size in bytes of one dynamic entry for this class. */
  get dynEntrySize(): number {
    return dynSize(this.header.class);
  }
}
