import { BinspectError } from '../errors.js';
import type { ByteSource } from './source.js';
import type { Where } from './view.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/** `bytes` up to its first NUL (or whole) as ISO-8859-1 text: fixed-size name fields (note owners, section and segment names). */
export function latin1Name(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return latin1.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/** Strings of up to this many bytes are interned. */
const INTERN_MAX_BYTES = 64;
/** Interned strings kept (the table is cleared when full, so memory stays bounded). */
const INTERN_MAX_ENTRIES = 8192;

/**
 * Decoded short strings by content. A fleet repeats the same few names in every file
 * (`libc.so.6`, `GLIBC_2.34`, `GNU`): a hash and a byte compare cost a third of a UTF-8 decode,
 * and the files' reports share one string each. Identical bytes always give the identical text.
 */
class Interner {
  private readonly table = new Map<number, { bytes: Uint8Array; text: string }>();

  /** `bytes[0, end)` as UTF-8 text (invalid bytes become U+FFFD). */
  text(bytes: Uint8Array, end: number): string {
    if (end > INTERN_MAX_BYTES) return utf8.decode(bytes.subarray(0, end));
    let hash = end;
    for (let i = 0; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    const e = this.table.get(hash);
    if (e !== undefined && e.bytes.length === end) {
      let i = 0;
      while (i < end && e.bytes[i] === bytes[i]) i++;
      if (i === end) return e.text;
    }
    const text = utf8.decode(bytes.subarray(0, end));
    if (this.table.size >= INTERN_MAX_ENTRIES) this.table.clear();
    this.table.set(hash, { bytes: bytes.slice(0, end), text });
    return text;
  }
}

const interned = new Interner();

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
    if (nul >= 0) return interned.text(bytes, nul);
    if (n >= maxLength + 1) {
      throw new BinspectError('LIMIT', where.format, where.structure, offset, `string longer than ${maxLength} bytes`);
    }
    if (offset + n >= end) {
      throw new BinspectError('TRUNCATED', where.format, where.structure, offset, 'string has no terminating NUL');
    }
    want *= 4;
  }
}
