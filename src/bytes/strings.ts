import { BinspectError } from '../errors.js';
import type { ByteSource } from './source.js';
import type { Where } from './view.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Reads the NUL-terminated string at file offset `offset`, which must lie in `[offset, end)`
 * (`end` = end of the string table, a file offset). Reads grow from 64 bytes, doubling, so a
 * string costs about its own length in I/O. Decoded as UTF-8 (invalid bytes become U+FFFD).
 * Throws `OUT_OF_BOUNDS` if `offset` is outside the table, `TRUNCATED` if no NUL is found before
 * `end`, `LIMIT` if the string is longer than `maxLength` bytes.
 */
export function readCString(src: ByteSource, offset: number, end: number, maxLength: number, where: Where): string {
  end = Math.min(end, src.size);
  if (!(offset >= 0 && offset < end)) {
    throw new BinspectError('OUT_OF_BOUNDS', where.format, where.structure, offset,
      `string offset 0x${offset.toString(16)} is outside its table (ends at 0x${end.toString(16)})`);
  }
  let want = 64;
  for (;;) {
    const n = Math.min(want, end - offset, maxLength + 1);
    const bytes = src.read(offset, n);
    const nul = bytes.indexOf(0);
    if (nul >= 0) return utf8.decode(bytes.subarray(0, nul));
    if (n >= maxLength + 1) {
      throw new BinspectError('LIMIT', where.format, where.structure, offset, `string longer than ${maxLength} bytes`);
    }
    if (offset + n >= end) {
      throw new BinspectError('TRUNCATED', where.format, where.structure, offset, 'string has no terminating NUL');
    }
    want *= 4;
  }
}
