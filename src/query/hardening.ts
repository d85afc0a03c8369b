import { BinspectError } from '../errors.js';
import { type ByteView, view } from '../bytes/view.js';
import {
  DF_TEXTREL, DT_GNU_HASH, DT_STRSZ, DT_TEXTREL, ET_DYN, ET_EXEC, SHN_UNDEF, SHF_ALLOC, SHF_EXECINSTR, SHT_DYNSYM, SHT_NOBITS, SHT_PROGBITS, SHT_SYMTAB,
} from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import type { Shdr } from '../elf/shdr.js';
import type { MachOFile } from '../macho/file.js';
import type { PeFile } from '../pe/file.js';
import { chargeString } from '../bytes/strings.js';
import { readSymbolTable, type SymbolTable } from '../elf/symtab.js';
import { classifyFortify, FORTIFY_LENGTHS, type Fortify, GLIBC_FORTIFIED } from './fortify.js';

/** Cap on the section-name string table read at once (a real one is a few hundred bytes). */
const MAX_SHSTRTAB = 1 << 20;

/** Per-file results shared by the hardening getters (several fields read the same tables). */
const cache = new WeakMap<ElfFile, Map<string, unknown>>();
function once<T>(e: ElfFile, key: string, fn: () => T): T {
  let m = cache.get(e);
  if (!m) cache.set(e, (m = new Map()));
  if (m.has(key)) {
    const v = m.get(key) as { v?: T; e?: unknown };
    if ('e' in v) throw v.e;
    return v.v as T;
  }
  try {
    const v = fn();
    m.set(key, { v });
    return v;
  } catch (err) {
    m.set(key, { e: err });
    throw err;
  }
}

/** A section header with its name. */
export interface NamedSection {
  shdr: Shdr;
  name: string;
}

const latin1 = new TextDecoder('latin1');

/**
 * Every section with its name, the section-name table read with one view; [] without section
 * headers (e_shoff 0) or with an invalid table. Throws `TRUNCATED` / `LIMIT` / `OUT_OF_BOUNDS` for a broken table.
 */
export function namedSections(e: ElfFile): NamedSection[] {
  return once(e, 'sections', () => {
    // An invalid section header table (an anomaly says so) is taken for none, as the loader takes it.
    const shdrs = e.readableSections() ?? [];
    if (shdrs.length === 0) return [];
    const tab = shdrs[e.shstrndx];
    if (!tab || tab.sh_type === SHT_NOBITS) {
      throw new BinspectError('OUT_OF_BOUNDS', 'elf', 'e_shstrndx', null, `no section-name table at index ${e.shstrndx}`);
    }
    if (tab.sh_size > MAX_SHSTRTAB) {
      throw new BinspectError('LIMIT', 'elf', 'e_shstrndx', tab.sh_offset, `a ${tab.sh_size}-byte section-name table`);
    }
    const names = view(e.source, tab.sh_offset, tab.sh_size, e.header.littleEndian, { format: 'elf', structure: '.shstrtab' }).bytes;
    return shdrs.map((shdr) => {
      const at = shdr.sh_name;
      const end = at < names.length ? names.indexOf(0, at) : -1;
      return { shdr, name: at < names.length ? latin1.decode(names.subarray(at, end < 0 ? names.length : end)) : '' };
    });
  });
}

/** The first section named `name` that occupies file space, or null. */
export function sectionNamed(e: ElfFile, name: string): Shdr | null {
  return namedSections(e).find((s) => s.name === name && s.shdr.sh_type !== SHT_NOBITS)?.shdr ?? null;
}

/** A symbol table section (`SHT_SYMTAB` / `SHT_DYNSYM`) with its sh_link string table, or null. */
function tableBySection(e: ElfFile, type: number, label: string): SymbolTable | null {
  const shdrs = e.readableSections() ?? [];
  const s = shdrs.find((x) => x.sh_type === type);
  if (!s) return null;
  const str = shdrs[s.sh_link];
  if (!str) throw new BinspectError('OUT_OF_BOUNDS', 'elf', `${label} sh_link`, null, `no section ${s.sh_link}`);
  return readSymbolTable(e.source, e.header, label, s.sh_offset, s.sh_size, s.sh_entsize, str.sh_offset, str.sh_size, e.limits.maxSymbols);
}

/** `.symtab` (the static symbol table `strip` removes), or null. */
export function staticSymbols(e: ElfFile): SymbolTable | null {
  return once(e, 'symtab', () => tableBySection(e, SHT_SYMTAB, '.symtab'));
}

/**
 * The dynamic symbols: the loader's table (DT_SYMTAB, counted through DT_HASH or DT_GNU_HASH,
 * names in DT_STRTAB/DT_STRSZ), which the report's other fields read already; the `.dynsym`
 * section when there is no dynamic table. Null when there is neither.
 */
export function dynamicSymbols(e: ElfFile): SymbolTable | null {
  return once(e, 'dynsym', () => {
    e.checkExtent();
    const tab = e.dynamic === null ? null : e.dynamicSymbolTable;
    if (tab === null) return tableBySection(e, SHT_DYNSYM, '.dynsym');
    const n = e.dynamicSymbolCount;
    const str = e.dynamicStringTable;
    if (n === null || !str) return null;
    const strsz = Math.min(str.end - str.offset, Number(e.dynValue(DT_STRSZ) ?? BigInt(str.end - str.offset)));
    return readSymbolTable(e.source, e.header, 'DT_SYMTAB', tab.offset, n * tab.entsize, tab.entsize, str.offset, strsz, e.limits.maxSymbols);
  });
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** checksec 2.6: a symbol whose name contains one of these marks a stack protector. */
const CANARY_MARKS = ['__stack_chk_fail', '__stack_chk_guard', '__intel_security_cookie'].map(ascii);

/** Start offsets of `needle` in `hay`. */
function occurrences(hay: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  const first = needle[0]!;
  for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) out.push(i);
  }
  return out;
}

/**
 * True when some symbol's name contains a canary mark. The marks are looked for in the string
 * table first, so a file without one reads no symbol entries; a symbol names a mark when its
 * st_name lies between the start of that NUL-terminated string and the mark.
 */
function hasCanarySymbol(t: SymbolTable): boolean {
  const spans: Array<[number, number]> = [];
  for (const mark of CANARY_MARKS) {
    for (const p of occurrences(t.strings, mark)) {
      let lo = p;
      while (lo > 0 && t.strings[lo - 1] !== 0) lo--;
      spans.push([lo, p]);
    }
  }
  if (spans.length === 0) return false;
  for (let i = 0; i < t.count; i++) {
    const at = t.nameOffset(i);
    for (const [lo, hi] of spans) if (at >= lo && at <= hi) return true;
  }
  return false;
}

/**
 * The dynamic symbols as a GNU hash table orders them (DT_GNU_HASH; layout from binutils/glibc):
 * entries below `symoffset` are not hashed (the imports, which a link leaves undefined), the others
 * are found by name. The checksec columns read them this way so that a file exporting many
 * symbols (node, a compiler) costs its imports and a few hash probes, not its whole string table.
 */
interface HashedSymbols {
  /**
   * Visits each entry in [1, symoffset) (the imports, and any other unhashed entry) in table order
   * with its name as `bytes[start, end)`, undecoded (most names are only compared) and, when the
   * string table is small enough to be read whole, uncopied; `visit` returns true to stop. Names
   * are bounds-checked and counted against the string budget as `dynString` counts them.
   */
  eachImport(visit: (i: number, bytes: Uint8Array, start: number, end: number) => boolean): void;
  /** Whether some entry in [1, symoffset) is undefined (`SHN_UNDEF`): the file imports symbols. */
  imported: boolean;
  /** The indices of every entry named `name` (the same name can be defined at several versions). */
  lookup(name: Probe): readonly number[];
}

/** A name to look up, with its GNU hash (`h = h * 33 + c` from 5381). */
interface Probe {
  name: string;
  bytes: Uint8Array;
  hash: number;
}

const enc = new TextEncoder();
function probe(name: string): Probe {
  const bytes = enc.encode(name);
  let hash = 5381;
  for (const c of bytes) hash = (Math.imul(hash, 33) + c) >>> 0;
  return { name, bytes, hash };
}

function hashedSymbols(e: ElfFile): HashedSymbols | null {
  return once(e, 'gnuhash', () => {
    e.checkExtent();
    if (e.dynamic === null) return null;
    const tab = e.dynamicSymbolTable;
    const gnu = e.dynValue(DT_GNU_HASH);
    const str = e.dynamicStringTable;
    if (tab === null || gnu === null || str === null) return null;
    const h = e.header;
    const le = h.littleEndian;
    const hashAt = e.offsetOf(gnu, 16, 'DT_GNU_HASH');
    const hdr = view(e.source, hashAt, 16, le, { format: 'elf', structure: 'DT_GNU_HASH' });
    const nbuckets = hdr.u32(0);
    const symoffset = hdr.u32(4);
    const bloomSize = hdr.u32(8);
    const shift = hdr.u32(12);
    const word = h.class / 8;
    const n = e.limits.maxSymbols; // the chain walk's bound: the entries themselves end it (bit 0)
    if (symoffset > n || nbuckets === 0 || bloomSize === 0 || nbuckets > e.limits.maxSymbols || bloomSize > e.limits.maxSymbols) return null;
    const bloomAt = hashAt + 16;
    const bucketsAt = bloomAt + bloomSize * word;
    const bucket = (k: number): number => view(e.source, bucketsAt + k * 4, 4, le, { format: 'elf', structure: 'DT_GNU_HASH buckets' }).u32(0);
    // A table of a few buckets may hash nothing at all (every bucket 0: a link that exports no
    // symbol keeps its imports at and past symoffset): then the whole table is read instead.
    if (nbuckets <= 1024) {
      const all = view(e.source, bucketsAt, nbuckets * 4, le, { format: 'elf', structure: 'DT_GNU_HASH buckets' });
      let any = false;
      for (let k = 0; k < nbuckets && !any; k++) any = all.u32(k * 4) !== 0;
      if (!any) return null;
    }
    const chainAt = bucketsAt + nbuckets * 4;
    const stName = (i: number): number =>
      view(e.source, tab.offset + i * tab.entsize, 4, le, { format: 'elf', structure: 'DT_SYMTAB' }).u32(0);
    const named = (i: number, name: Uint8Array): boolean => {
      const at = str.offset + stName(i);
      if (at + name.length >= str.end) return false;
      const b = view(e.source, at, name.length + 1, le, { format: 'elf', structure: 'DT_STRTAB' }).bytes;
      for (let k = 0; k < name.length; k++) if (b[k] !== name[k]) return false;
      return b[name.length] === 0;
    };
    let imported = false;
    const ents = symoffset > 1 ? view(e.source, tab.offset, symoffset * tab.entsize, le, { format: 'elf', structure: 'DT_SYMTAB' }) : null;
    if (ents) for (let i = 1; i < symoffset && !imported; i++) imported = ents.u16(i * tab.entsize + (h.class === 64 ? 6 : 14)) === SHN_UNDEF;
    // The string table read whole (one read) when small, names then found in place; else one read per name.
    const strSize = str.end - str.offset;
    let whole: Uint8Array | null = null;
    const where = { format: 'elf', structure: 'st_name' } as const;
    const maxName = e.limits.maxStringLength;
    const eachImport = (visit: (i: number, bytes: Uint8Array, start: number, end: number) => boolean): void => {
      if (!ents) return;
      if (strSize <= WHOLE_STRTAB) whole ??= view(e.source, str.offset, strSize, le, { format: 'elf', structure: 'DT_STRTAB' }).bytes;
      for (let i = 1; i < symoffset; i++) {
        const off = ents.u32(i * tab.entsize);
        if (whole === null) {
          const b = e.dynStringBytes(off, 'st_name');
          if (visit(i, b, 0, b.length)) return;
          continue;
        }
        if (off >= whole.length) {
          throw new BinspectError('OUT_OF_BOUNDS', 'elf', 'st_name', str.offset + off, `string offset 0x${off.toString(16)} is outside its table`);
        }
        const end = whole.subarray(off, Math.min(whole.length, off + maxName + 1)).indexOf(0);
        if (end < 0) {
          if (off + maxName + 1 <= whole.length) throw new BinspectError('LIMIT', 'elf', 'st_name', str.offset + off, `string longer than ${maxName} bytes`);
          throw new BinspectError('TRUNCATED', 'elf', 'st_name', str.offset + off, 'string has no terminating NUL');
        }
        chargeString(e.source, end, where, str.offset + off);
        if (visit(i, whole, off, off + end)) return;
      }
    };
    // The Bloom filter rejects most probes (fortify probes 159 names): read whole once when small.
    let bloom: ByteView | null = null;
    const bloomWhole = bloomSize * word <= BLOOM_WHOLE;
    return {
      eachImport,
      imported,
      lookup({ bytes, hash }) {
        const bits = word * 8;
        const k = Math.floor(hash / bits) % bloomSize;
        const v = bloomWhole ? (bloom ??= view(e.source, bloomAt, bloomSize * word, le, BLOOM)) : view(e.source, bloomAt + k * word, word, le, BLOOM);
        const at = bloomWhole ? k * word : 0;
        if (!bloomBit(v, at, word, hash % bits) || !bloomBit(v, at, word, (hash >>> shift) % bits)) return NONE;
        const first = bucket(hash % nbuckets);
        if (first < symoffset) return NONE;
        const out: number[] = [];
        for (let i = first; i < n; i++) {
          const c = view(e.source, chainAt + (i - symoffset) * 4, 4, le, { format: 'elf', structure: 'DT_GNU_HASH chain' }).u32(0);
          if (((c ^ hash) >>> 1) === 0 && named(i, bytes)) out.push(i);
          if (c & 1) break;
        }
        return out;
      },
    };
  });
}

const BLOOM = { format: 'elf', structure: 'DT_GNU_HASH bloom' } as const;
/** What a lookup that finds nothing returns (shared: most of the fortify probes miss). */
const NONE: readonly number[] = Object.freeze([]);

/** A dynamic string table read whole up to this many bytes (a program's is a few KiB). */
const WHOLE_STRTAB = 256 * 1024;

/** Whether `b[start, end)` contains `mark`. */
function containsAt(b: Uint8Array, start: number, end: number, mark: Uint8Array): boolean {
  const first = mark[0]!;
  for (let i = b.indexOf(first, start); i >= 0 && i + mark.length <= end; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < mark.length && b[i + k] === mark[k]) k++;
    if (k === mark.length) return true;
  }
  return false;
}

/** A Bloom filter read whole up to this many bytes (a program's is a few words; libLLVM's 32 KiB). */
const BLOOM_WHOLE = 64 * 1024;

/** Bit `bit` of the Bloom word (32 or 64 bits, the file's byte order) at `at` in `v`. */
function bloomBit(v: ByteView, at: number, word: number, bit: number): boolean {
  if (word === 4) return ((v.u32(at) >>> bit) & 1) === 1;
  const low = v.littleEndian ? at : at + 4;
  return ((v.u32(bit < 32 ? low : (v.littleEndian ? at + 4 : at)) >>> (bit & 31)) & 1) === 1;
}

/** The canary marks' exact names, looked up among the defined (hashed) dynamic symbols. */
const CANARY_NAMES = ['__stack_chk_fail', '__stack_chk_guard', '__intel_security_cookie'].map(probe);
/** The shortest mark: a shorter name contains none. */
const MIN_MARK = Math.min(...CANARY_MARKS.map((m) => m.length));

/** Whether the file imports symbols: an undefined entry in its dynamic symbol table (a static PIE has none). */
export function importsSymbols(e: ElfFile): boolean {
  const hs = hashedSymbols(e);
  if (hs !== null) return hs.imported;
  const dyn = dynamicSymbols(e);
  if (dyn === null) return false;
  for (let i = 1; i < dyn.count; i++) if (dyn.shndx(i) === SHN_UNDEF) return true;
  return false;
}

/** Whether the dynamic symbols show a stack protector: an import whose name contains a mark, or a defined symbol named one. */
function dynamicCanary(e: ElfFile): boolean {
  const hs = hashedSymbols(e);
  if (hs !== null) {
    let found = false;
    hs.eachImport((_, b, start, end) => (found = end - start >= MIN_MARK && CANARY_MARKS.some((m) => containsAt(b, start, end, m))));
    return found || CANARY_NAMES.some((m) => hs.lookup(m).length > 0);
  }
  const dyn = dynamicSymbols(e);
  return dyn !== null && hasCanarySymbol(dyn);
}

/**
 * `features.canary` (ELF), as checksec 2.6: a `.dynsym` or `.symtab` symbol, defined or not, whose
 * name contains `__stack_chk_fail`, `__stack_chk_guard` or `__intel_security_cookie`. Null when no
 * symbol table can tell ({@link canaryUnknown}).
 */
export function elfCanary(e: ElfFile): boolean | null {
  // Linked files only, as the feature table's row says: an object file (ET_REL, an archive's
  // member) or a core dump does not apply, and its .symtab is not read for it.
  const t = e.header.e_type;
  if (t !== ET_EXEC && t !== ET_DYN) return null;
  if (canarySource(e) !== null) return true;
  return canaryUnknown(e) ? null : false;
}

/**
 * True when no symbol table can show the stack protector: the file imports no symbol and has no
 * `.symtab` (a stripped static file: the check is inlined, and nothing names it).
 */
export function canaryUnknown(e: ElfFile): boolean {
  return canarySource(e) === null && !importsSymbols(e) && staticSymbols(e) === null;
}

/** The table whose symbol shows the stack protector: `dynsym` first, then `symtab`; null when neither does. */
export function canarySource(e: ElfFile): 'dynsym' | 'symtab' | null {
  return once(e, 'canary', () => {
    if (dynamicCanary(e)) return 'dynsym';
    // A file that imports symbols calls the C library's __stack_chk_fail through them; its .symtab
    // (megabytes of names in an unstripped program) is read only when it imports none (static).
    if (importsSymbols(e)) return null;
    const st = staticSymbols(e);
    return st !== null && hasCanarySymbol(st) ? 'symtab' : null;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The names a defined (exported) symbol has when it counts for checksec: each plain name and its
 * checked `__NAME_chk` form as glibc exports them (and `____longjmp_chk`). Other spellings that
 * checksec's underscore stripping would also count (`_memcpy`) are found among the imports only.
 */
const FORTIFY_PROBES: readonly Probe[] = [...GLIBC_FORTIFIED.flatMap((f) => [probe(f), probe(`__${f}_chk`)]), probe('____longjmp_chk')];

/** The length of the name at `at` in `s` without its leading underscores and any `@version` (it ends at a NUL or the end of `s`). */
function bareLength(s: Uint8Array, at: number): number {
  let a = at;
  while (s[a] === 0x5f) a++;
  let b = a;
  while (b < s.length && s[b] !== 0 && s[b] !== 0x40) b++;
  return b - a;
}

/**
 * `features.fortify` (ELF): the dynamic symbols classified as checksec 2.6 counts them
 * ({@link classifyFortify}). Null for a file that imports no symbol (static: the fortified
 * functions it calls are linked in, and nothing names them).
 */
export function elfFortify(e: ElfFile): Fortify | null {
  if (!importsSymbols(e)) return null;
  const hs = hashedSymbols(e);
  if (hs !== null) {
    // Only names whose length without leading underscores and @version is a candidate's are decoded.
    const found: Array<[number, string]> = [];
    hs.eachImport((i, b, start, end) => {
      if (FORTIFY_LENGTHS.has(bareLength(b, start))) found.push([i, latin1.decode(b.subarray(start, end))]);
      return false;
    });
    for (const p of FORTIFY_PROBES) for (const i of hs.lookup(p)) found.push([i, p.name]);
    found.sort((x, y) => x[0] - y[0]);
    return classifyFortify(found.map(([, n]) => n));
  }
  const t = dynamicSymbols(e);
  const names: string[] = [];
  if (t) {
    const s = t.strings;
    for (let i = 1; i < t.count; i++) {
      // Only names whose length without leading underscores and @version is a candidate's are decoded.
      const at = t.nameOffset(i);
      if (at >= s.length || !FORTIFY_LENGTHS.has(bareLength(s, at))) continue;
      names.push(latin1.decode(t.nameBytes(i)));
    }
  }
  return classifyFortify(names);
}

/** `features.textrel`: DT_TEXTREL, or DF_TEXTREL in DT_FLAGS; null without a dynamic section. */
export function elfTextrel(e: ElfFile): boolean | null {
  e.checkExtent();
  const dyn = e.dynamic;
  if (dyn === null) return null;
  return dyn.some((d) => d.d_tag === DT_TEXTREL) || (e.flags & DF_TEXTREL) !== 0;
}

/** `stripped`: no `.symtab` section (a file without section headers has none). */
export function elfStripped(e: ElfFile): boolean {
  return !namedSections(e).some((s) => s.shdr.sh_type === SHT_SYMTAB);
}

/** DWARF sections that carry the debugging information entries. */
const DWARF_INFO = new Set(['.debug_info', '.zdebug_info']);

/** `debugInfo`: a `.debug_info` (or compressed `.zdebug_info`) section with bytes in the file. */
export function elfDebugInfo(e: ElfFile): boolean {
  return namedSections(e).some((s) => DWARF_INFO.has(s.name) && s.shdr.sh_type === SHT_PROGBITS && s.shdr.sh_size > 0);
}

/**
 * `debugOnly`: a separate debug file (`objcopy --only-keep-debug`, the files under
 * /usr/lib/debug): DWARF present and every executable allocated section `SHT_NOBITS`.
 */
export function elfDebugOnly(e: ElfFile): boolean {
  const code = namedSections(e).filter((s) => (s.shdr.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) === (SHF_ALLOC | SHF_EXECINSTR));
  return elfDebugInfo(e) && code.length > 0 && code.every((s) => s.shdr.sh_type === SHT_NOBITS);
}

/** Where a separate debug file is looked for (GDB "Separate Debug Files"). */
export interface DebugLink {
  /** `.gnu_debuglink` file name, or null. */
  file: string | null;
  /** Its CRC-32 as 8 lowercase hex digits, or null. */
  crc: string | null;
  /** `.gnu_debugaltlink` (dwz) file name, or null. */
  altFile: string | null;
  /** The build-id path `.build-id/xx/rest.debug` under a debug directory, or null without NT_GNU_BUILD_ID. */
  buildIdPath: string | null;
}

/** `debugLink`: `.gnu_debuglink` name and CRC, `.gnu_debugaltlink` name, build-id path; null when the file names none of them. */
export function elfDebugLink(e: ElfFile): DebugLink | null {
  const text = (s: Shdr | null): { name: string; end: number; v: ReturnType<typeof view> } | null => {
    if (!s) return null;
    const v = view(e.source, s.sh_offset, Math.min(s.sh_size, e.limits.maxStringLength + 8), e.header.littleEndian,
      { format: 'elf', structure: 'debug link' });
    const nul = v.bytes.indexOf(0);
    if (nul < 0) throw new BinspectError('OUT_OF_BOUNDS', 'elf', 'debug link', s.sh_offset, 'file name without NUL');
    return { name: utf8.decode(v.bytes.subarray(0, nul)), end: nul, v };
  };
  const link = text(sectionNamed(e, '.gnu_debuglink'));
  const alt = text(sectionNamed(e, '.gnu_debugaltlink'));
  const id = e.buildId;
  if (!link && !alt && !id) return null;
  let crc: string | null = null;
  if (link) {
    const at = (link.end + 4) & ~3; // the CRC follows the name, 4-byte aligned
    crc = link.v.u32(at).toString(16).padStart(8, '0');
  }
  return {
    file: link?.name ?? null, crc, altFile: alt?.name ?? null,
    buildIdPath: id && id.length > 2 ? `.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug` : null,
  };
}

/** A Mach-O or PE import name that marks a stack protector: it contains `__stack_chk_fail` or `__stack_chk_guard`. */
const otherCanary = (name: string): boolean => name.includes('__stack_chk_fail') || name.includes('__stack_chk_guard');

/**
 * `features.canary` (Mach-O): an undefined symbol of LC_SYMTAB naming the stack protector
 * (`___stack_chk_fail`, `___stack_chk_guard`, imported from libSystem). Null without LC_SYMTAB.
 */
export function machoCanary(m: MachOFile): boolean | null {
  if (!m.symtab) return null;
  return m.undefinedSymbols.some((s) => otherCanary(s.name));
}

/** `features.fortify` (Mach-O): the undefined symbols classified as for ELF (`___memcpy_chk` fortified, `_memcpy` not). Null without LC_SYMTAB. */
export function machoFortify(m: MachOFile): Fortify | null {
  if (!m.symtab) return null;
  return classifyFortify(m.undefinedSymbols.map((s) => s.name));
}

/**
 * `features.canary` (PE): `/GS` — the load configuration's SecurityCookie set (MSVC), or an
 * imported `__stack_chk_fail` (MinGW's GCC with `-fstack-protector`, from libssp). Null for a
 * bare COFF object.
 */
export function peCanary(f: PeFile): boolean | null {
  if (f.format !== 'pe') return null;
  if ((f.loadConfig?.SecurityCookie ?? 0n) !== 0n) return true;
  return f.imports.some((d) => d.functions.some((x) => x.name !== null && otherCanary(x.name)));
}
