import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { type ByteView, view } from '../bytes/view.js';
import { DT_NULL } from './constants.js';
import type { ElfHeader } from './header.js';

/**
 * One dynamic entry (gABI "Dynamic Section"). `d_tag` as a number (tags above 2^53 become NaN and
 * match no known tag); `d_val` is the d_un union as a bigint (an address, d_ptr, or a value),
 * decoded when read; `val` is the same as an exact number, or NaN above 2^53.
 */
export class Dyn {
  constructor(
    readonly index: number,
    readonly d_tag: number,
    readonly val: number,
    private readonly raw: ByteView,
    private readonly at: number,
    private readonly wide: boolean,
  ) {}
  get d_val(): bigint {
    return this.raw.addr(this.at, this.wide);
  }
  /** File offset of this entry (its d_tag). */
  get offset(): number {
    return this.raw.base + this.at - (this.wide ? 8 : 4);
  }
  toJSON(): { index: number; d_tag: number; d_val: string } {
    return { index: this.index, d_tag: this.d_tag, d_val: `0x${this.d_val.toString(16)}` };
  }
}

export const dynSize = (cls: 32 | 64): number => (cls === 64 ? 16 : 8);

/** A dynamic table as read: its entries before DT_NULL, and whether a DT_NULL was met. */
export interface DynamicTable {
  entries: Dyn[];
  /** False when the range ended before any DT_NULL. */
  terminated: boolean;
}

/**
 * Reads dynamic entries from file offset `offset` up to and excluding the first DT_NULL, as
 * glibc's `elf_get_dynamic_info` (elf/get-dynamic-info.h) walks the table: by DT_NULL, not by a
 * size. The first `hint` bytes (PT_DYNAMIC's p_filesz, or the section's size) are read at once;
 * when they hold no DT_NULL, the walk goes on in 4 KiB steps up to file offset `end` (the end of
 * the loaded bytes that hold the table). Throws `TRUNCATED` when the first range passes the end of
 * the file and `LIMIT` when more than `maxEntries` entries precede DT_NULL.
 */
export function readDynamicTable(src: ByteSource, h: ElfHeader, offset: number, hint: number, end: number, maxEntries: number): DynamicTable {
  const es = dynSize(h.class);
  const name = h.class === 64 ? 'Elf64_Dyn' : 'Elf32_Dyn';
  const wide = h.class === 64;
  const out: Dyn[] = [];
  let from = offset;
  let count = Math.floor(Math.min(hint, Math.max(end - offset, 0)) / es);
  if (count === 0 && end - offset >= es) count = 1;
  for (;;) {
    const table = view(src, from, count * es, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
    for (let i = 0; i < count; i++) {
      const at = i * es;
      const tag = wide ? table.u64safe(at) : table.u32(at);
      if (tag === DT_NULL) return { entries: out, terminated: true };
      const index = out.length;
      if (index >= maxEntries) {
        throw new BinspectError('LIMIT', 'elf', `${name}[${index}]`, from + at, `more than ${maxEntries} dynamic entries`);
      }
      const v = at + es / 2;
      out.push(new Dyn(index, tag, wide ? table.u64safe(v) : table.u32(v), table, v, wide));
    }
    from += count * es;
    count = Math.min(Math.floor((Math.min(end, src.size) - from) / es), 4096 / es);
    if (count <= 0) return { entries: out, terminated: false };
  }
}

/**
 * Reads dynamic entries from `[offset, offset + size)` (file offset, bytes) up to and excluding the
 * first DT_NULL. Throws `TRUNCATED` when the range passes the end of the file and `LIMIT` when more
 * than `maxEntries` entries precede DT_NULL.
 */
export function readDynamic(src: ByteSource, h: ElfHeader, offset: number, size: number, maxEntries: number): Dyn[] {
  const es = dynSize(h.class);
  const bytes = Math.floor(size / es) * es;
  if (bytes === 0) return [];
  return readDynamicTable(src, h, offset, bytes, offset + bytes, maxEntries).entries;
}

/**
 * Tags of which glibc keeps one entry, the last (`l_info[tag]` is overwritten in
 * elf/get-dynamic-info.h), among those a report reads: a second one is an anomaly. DT_NEEDED,
 * DT_AUXILIARY and DT_FILTER are read as lists (elf/dl-deps.c) and may repeat.
 */
export const DT_LAST_WINS: ReadonlySet<number> = new Set([
  4, 5, 6, 10, 11, 14, 15, 29, 30, 0x6ffffef5, 0x6ffffff0, 0x6ffffffb, 0x6ffffffc, 0x6ffffffd, 0x6ffffffe, 0x6fffffff,
]);
