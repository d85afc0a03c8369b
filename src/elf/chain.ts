import { BinspectError } from '../errors.js';

/**
 * Walks a chain of structures linked by relative offsets (vn_next, vna_next, vd_next, vda_next):
 * calls `visit(offset)` for each structure, which returns the byte delta to the next one (0 ends
 * the chain, as ld.so's version check does). Throws `LOOP` when an offset repeats and `LIMIT` after
 * `max` structures. `expected` (DT_VERNEEDNUM, vn_cnt ...) must equal the chain length when given:
 * a mismatch means the table is corrupt (`TRUNCATED` when the chain is shorter, `LIMIT` when longer).
 * With `wrap32` (ELFCLASS32), a delta of 2^31 or more moves backwards, as the 32-bit address
 * arithmetic of a 32-bit loader does — which is how a chain can loop.
 */
export function walkChain(
  start: number, structure: string, max: number, expected: number | null, wrap32: boolean,
  visit: (offset: number, i: number) => number,
): number {
  const seen = new Set<number>();
  let at = start;
  for (let i = 0; ; i++) {
    if (seen.has(at)) throw new BinspectError('LOOP', 'elf', `${structure}[${i}]`, at, 'chain revisits an entry');
    if (i >= max) throw new BinspectError('LIMIT', 'elf', `${structure}[${i}]`, at, `chain longer than ${max}`);
    if (expected !== null && i >= expected) {
      throw new BinspectError('LIMIT', 'elf', `${structure}[${i}]`, at, `chain longer than its count ${expected}`);
    }
    seen.add(at);
    const delta = visit(at, i);
    if (delta === 0) {
      if (expected !== null && i + 1 < expected) {
        throw new BinspectError('TRUNCATED', 'elf', `${structure}[${i}]`, at, `chain ends after ${i + 1} of ${expected} entries`);
      }
      return i + 1;
    }
    at += wrap32 ? delta | 0 : delta;
  }
}
