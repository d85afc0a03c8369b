import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * One program header (gABI "Program Header"). `p_offset`, `p_filesz` are file offset / bytes;
 * `p_vaddr`, `p_paddr`, `p_memsz`, `p_align` are address-space values (bigint, decoded when read).
 * `vaddr`, `align` and `memsz` give the same values as exact numbers, or NaN above 2^53 (hot paths).
 */
export class Phdr {
  constructor(
    readonly index: number,
    readonly p_type: number,
    readonly p_flags: number,
    readonly p_offset: number,
    readonly p_filesz: number,
    /** p_vaddr as an exact number, NaN when it exceeds 2^53. */
    readonly vaddr: number,
    /** p_align as an exact number, NaN when it exceeds 2^53. */
    readonly align: number,
    /** p_memsz as an exact number, NaN when it exceeds 2^53. */
    readonly memsz: number,
    private readonly raw: ByteView,
    /** Offset of this entry in `raw`. */
    private readonly at: number,
    private readonly wide: boolean,
  ) {}
  get p_vaddr(): bigint {
    return this.raw.addr(this.at + (this.wide ? 16 : 8), this.wide);
  }
  get p_paddr(): bigint {
    return this.raw.addr(this.at + (this.wide ? 24 : 12), this.wide);
  }
  get p_memsz(): bigint {
    return this.raw.addr(this.at + (this.wide ? 40 : 20), this.wide);
  }
  get p_align(): bigint {
    return this.raw.addr(this.at + (this.wide ? 48 : 28), this.wide);
  }
  /** The spec's fields as a plain object (bigint addresses). */
  toJSON(): Record<string, number | string> {
    return {
      index: this.index, p_type: this.p_type, p_flags: this.p_flags, p_offset: this.p_offset, p_vaddr: `0x${this.p_vaddr.toString(16)}`,
      p_paddr: `0x${this.p_paddr.toString(16)}`, p_filesz: this.p_filesz, p_memsz: `0x${this.p_memsz.toString(16)}`, p_align: `0x${this.p_align.toString(16)}`,
    };
  }
}

/** Size of Elf32_Phdr / Elf64_Phdr. */
export const phdrSize = (cls: 32 | 64): number => (cls === 64 ? 56 : 32);

/**
 * Reads `count` program headers from `e_phoff`. Throws `UNSUPPORTED` when e_phentsize is smaller
 * than the structure, `TRUNCATED` when the table passes the end of the file.
 */
export function readProgramHeaders(src: ByteSource, h: ElfHeader, count: number): Phdr[] {
  if (count === 0) return [];
  const size = phdrSize(h.class);
  const name = h.class === 64 ? 'Elf64_Phdr' : 'Elf32_Phdr';
  if (h.e_phentsize < size) {
    throw new BinspectError('UNSUPPORTED', 'elf', name, h.class === 64 ? 54 : 42, `e_phentsize ${h.e_phentsize} < ${size}`);
  }
  const table = view(src, h.e_phoff, count * h.e_phentsize, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
  const out: Phdr[] = [];
  for (let i = 0; i < count; i++) {
    // Fields are read straight from the table (no sub-view per entry: this runs for every file);
    // an error still names the entry.
    const at = i * h.e_phentsize;
    try {
      if (h.class === 64) {
        out.push(new Phdr(i, table.u32(at), table.u32(at + 4), table.u64n(at + 8), table.u64n(at + 32), table.u64safe(at + 16),
          table.u64safe(at + 48), table.u64safe(at + 40), table, at, true));
      } else {
        out.push(new Phdr(i, table.u32(at), table.u32(at + 24), table.u32(at + 4), table.u32(at + 16), table.u32(at + 8),
          table.u32(at + 28), table.u32(at + 20), table, at, false));
      }
    } catch (e) {
      throw e instanceof BinspectError ? new BinspectError(e.code, 'elf', `${name}[${i}]`, e.offset, e.message.replace(/^.*?: /, '')) : e;
    }
  }
  return out;
}
