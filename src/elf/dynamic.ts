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
  toJSON(): { index: number; d_tag: number; d_val: string } {
    return { index: this.index, d_tag: this.d_tag, d_val: `0x${this.d_val.toString(16)}` };
  }
}

export const dynSize = (cls: 32 | 64): number => (cls === 64 ? 16 : 8);

/**
 * Reads dynamic entries from `[offset, offset + size)` (file offset, bytes) up to and excluding the
 * first DT_NULL. Throws `TRUNCATED` when the range passes the end of the file and `LIMIT` when more
 * than `maxEntries` entries precede DT_NULL.
 */
export function readDynamic(src: ByteSource, h: ElfHeader, offset: number, size: number, maxEntries: number): Dyn[] {
  const es = dynSize(h.class);
  const name = h.class === 64 ? 'Elf64_Dyn' : 'Elf32_Dyn';
  const count = Math.floor(size / es);
  const table = view(src, offset, count * es, h.littleEndian, { format: 'elf', structure: `${name}[${count}]` });
  const out: Dyn[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * es;
    const wide = h.class === 64;
    const tag = wide ? table.u64safe(at) : table.u32(at);
    if (tag === DT_NULL) break;
    if (i >= maxEntries) {
      throw new BinspectError('LIMIT', 'elf', `${name}[${i}]`, offset + at, `more than ${maxEntries} dynamic entries`);
    }
    const v = at + es / 2;
    out.push(new Dyn(i, tag, wide ? table.u64safe(v) : table.u32(v), table, v, wide));
  }
  return out;
}
