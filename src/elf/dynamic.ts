import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { DT_NULL } from './constants.js';
import type { ElfHeader } from './header.js';

/**
 * One dynamic entry (gABI "Dynamic Section"). `d_tag` as a number (tags above 2^53 lose precision
 * and match no known tag); `d_val` is the d_un union as a bigint: an address (d_ptr) or a value.
 */
export interface Dyn {
  index: number;
  d_tag: number;
  d_val: bigint;
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
    const tag = h.class === 64 ? Number(table.u64(at)) : table.u32(at);
    if (tag === DT_NULL) break;
    if (i >= maxEntries) {
      throw new BinspectError('LIMIT', 'elf', `${name}[${i}]`, offset + at, `more than ${maxEntries} dynamic entries`);
    }
    out.push({ index: i, d_tag: tag, d_val: table.addr(at + es / 2, h.class === 64) });
  }
  return out;
}
