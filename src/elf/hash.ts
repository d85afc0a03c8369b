import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * Dynamic symbol count from a SysV hash table (gABI "Hash Table"): `nchain`. The table's words are
 * 4 bytes, except 8 on 64-bit s390 and Alpha (`wordSize`).
 */
export function symbolCountFromHash(src: ByteSource, h: ElfHeader, offset: number, wordSize: 4 | 8): number {
  const v = view(src, offset, 2 * wordSize, h.littleEndian, { format: 'elf', structure: 'DT_HASH' });
  return wordSize === 8 ? v.u64n(8) : v.u32(4);
}

/**
 * Dynamic symbol count from a GNU hash table (`DT_GNU_HASH`; layout from binutils/glibc:
 * nbuckets, symoffset, bloom_size, bloom_shift, bloom[bloom_size] of class-sized words,
 * buckets[nbuckets], chain[]): the highest bucket start, followed along its chain to the entry
 * with bit 0 set, plus one. Bounded by `maxSymbols` steps; throws `LIMIT`, `TRUNCATED` or
 * `OUT_OF_BOUNDS` on a malformed table.
 */
export function symbolCountFromGnuHash(src: ByteSource, h: ElfHeader, offset: number, maxSymbols: number): number {
  const where = { format: 'elf' as const, structure: 'DT_GNU_HASH' };
  const hdr = view(src, offset, 16, h.littleEndian, where);
  const nbuckets = hdr.u32(0);
  const symoffset = hdr.u32(4);
  const bloomSize = hdr.u32(8);
  const bucketsAt = offset + 16 + bloomSize * (h.class / 8);
  if (nbuckets > maxSymbols) {
    throw new BinspectError('LIMIT', 'elf', 'DT_GNU_HASH', offset, `nbuckets ${nbuckets} > ${maxSymbols}`);
  }
  const buckets = view(src, bucketsAt, nbuckets * 4, h.littleEndian, { format: 'elf', structure: 'DT_GNU_HASH buckets' });
  let max = 0;
  for (let i = 0; i < nbuckets; i++) max = Math.max(max, buckets.u32(i * 4));
  if (max === 0) return symoffset;
  if (max < symoffset) {
    throw new BinspectError('OUT_OF_BOUNDS', 'elf', 'DT_GNU_HASH buckets', bucketsAt, `bucket ${max} < symoffset ${symoffset}`);
  }
  const chainAt = bucketsAt + nbuckets * 4;
  for (let i = max; ; i++) {
    if (i - max > maxSymbols) {
      throw new BinspectError('LIMIT', 'elf', 'DT_GNU_HASH chain', chainAt, `chain longer than ${maxSymbols}`);
    }
    const at = chainAt + (i - symoffset) * 4;
    const c = view(src, at, 4, h.littleEndian, { format: 'elf', structure: 'DT_GNU_HASH chain' }).u32(0);
    if ((c & 1) !== 0) return i + 1;
  }
}
