import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';
import { symSize } from './symbol.js';

/**
 * A whole symbol table and its string table, each read with one view (the entries when first
 * needed) (gABI "Symbol Table"):
 * `.symtab`/`.dynsym` by section, or the dynamic symbols through DT_SYMTAB/DT_STRTAB. Names are
 * NUL-terminated byte strings inside `strings`; entries are decoded on access.
 */
export class SymbolTable {
  private readonly wide: boolean;
  private entries: ByteView | null = null;
  constructor(
    /** Reads the entries (on first use: a check that finds nothing in the strings reads none). */
    private readonly load: () => ByteView,
    readonly count: number,
    private readonly entsize: number,
    /** The linked string table's bytes. */
    readonly strings: Uint8Array,
    h: ElfHeader,
  ) {
    this.wide = h.class === 64;
  }

  /** st_name of entry `i`: an offset into {@link strings}. */
  private get table(): ByteView {
    return (this.entries ??= this.load());
  }

  nameOffset(i: number): number {
    return this.table.u32(i * this.entsize);
  }

  /** st_shndx of entry `i` (0 = SHN_UNDEF: an undefined symbol). */
  shndx(i: number): number {
    return this.table.u16(i * this.entsize + (this.wide ? 6 : 14));
  }

  /** The name bytes of entry `i` (up to its NUL or the end of the string table; empty when st_name is past it). */
  nameBytes(i: number): Uint8Array {
    const at = this.nameOffset(i);
    if (at >= this.strings.length) return this.strings.subarray(0, 0);
    const nul = this.strings.indexOf(0, at);
    return this.strings.subarray(at, nul < 0 ? this.strings.length : nul);
  }
}

/**
 * Reads a symbol table of `size` bytes at file offset `offset` (entries `entsize` apart, at least
 * the class's Elf_Sym size) and its string table of `strSize` bytes at `strOffset`. Throws
 * `UNSUPPORTED` for a bad entsize, `LIMIT` past `maxSymbols` entries, `TRUNCATED` when either
 * table passes the end of the file.
 */
export function readSymbolTable(
  src: ByteSource, h: ElfHeader, name: string, offset: number, size: number, entsize: number,
  strOffset: number, strSize: number, maxSymbols: number,
): SymbolTable {
  if (entsize < symSize(h.class) || entsize > 1024) {
    throw new BinspectError('UNSUPPORTED', 'elf', name, offset, `symbol entry size ${entsize}`);
  }
  const count = Math.floor(size / entsize);
  if (count > maxSymbols) throw new BinspectError('LIMIT', 'elf', name, offset, `${count} symbols > ${maxSymbols}`);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + count * entsize > src.size) {
    throw new BinspectError('TRUNCATED', 'elf', name, offset, `${count} symbols of ${entsize} bytes pass the end of the file`);
  }
  const strings = view(src, strOffset, strSize, h.littleEndian, { format: 'elf', structure: `${name} strings` }).bytes;
  return new SymbolTable(() => view(src, offset, count * entsize, h.littleEndian, { format: 'elf', structure: name }), count, entsize, strings, h);
}
