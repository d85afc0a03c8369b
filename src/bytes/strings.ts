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

/** Bytes each decoded string costs beyond its length: what one more entry adds to a report. */
export const STRING_ENTRY_COST = 64;

/**
 * A cap on the text one report decodes: every string read from a source (its bytes plus
 * {@link STRING_ENTRY_COST}) is charged, so a file whose tables name one long string many times
 * (20,000 DT_NEEDED entries of one 64 KiB string) cannot make a report, or the time spent on it,
 * grow beyond the cap. Past it, reads throw `LIMIT`.
 */
class StringBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

const budgets = new WeakMap<ByteSource, StringBudget>();

/**
 * From now on, strings read from `src` by {@link readCString} may total at most `maxBytes` bytes
 * (with {@link STRING_ENTRY_COST} per string): one budget per report, shared by every structure and
 * every fat slice read from that source.
 */
export function limitStrings(src: ByteSource, maxBytes: number): void {
  budgets.set(src, new StringBudget(maxBytes));
}

/** Strings read from `part` (a window of `whole`, such as a fat slice) draw on `whole`'s budget. */
export function shareStringBudget(whole: ByteSource, part: ByteSource): void {
  const b = budgets.get(whole);
  if (b !== undefined) budgets.set(part, b);
}

/**
 * Reads the NUL-terminated string at file offset `offset`, which must lie in `[offset, end)`
 * (`end` = end of the string table, a file offset). Reads grow from 64 bytes, doubling, so a
 * string costs about its own length in I/O. Decoded as UTF-8 (invalid bytes become U+FFFD).
 * Throws `OUT_OF_BOUNDS` if `offset` is outside the table, `TRUNCATED` if no NUL is found before
 * `end`, `LIMIT` if the string is longer than `maxLength` bytes or the source's string budget
 * ({@link limitStrings}) is spent.
 */
export function readCString(src: ByteSource, offset: number, end: number, maxLength: number, where: Where): string {
  const bytes = readCStringBytes(src, offset, end, maxLength, where);
  return interned.text(bytes, bytes.length);
}

/**
 * The bytes of the NUL-terminated string at `offset` (NUL excluded), undecoded: for callers that
 * only compare names, so most never become strings. The same bounds, limits, budget and errors as
 * {@link readCString}; the view is valid as long as the source's reads are.
 */
export function readCStringBytes(src: ByteSource, offset: number, end: number, maxLength: number, where: Where): Uint8Array {
  const budget = budgets.get(src);
  if (budget !== undefined && budget.used >= budget.limit) throw overBudget(budget, where, offset);
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
    if (nul >= 0) {
      if (budget !== undefined && (budget.used += nul + STRING_ENTRY_COST) > budget.limit) throw overBudget(budget, where, offset);
      return bytes.subarray(0, nul);
    }
    if (n >= maxLength + 1) {
      throw new BinspectError('LIMIT', where.format, where.structure, offset, `string longer than ${maxLength} bytes`);
    }
    if (offset + n >= end) {
      throw new BinspectError('TRUNCATED', where.format, where.structure, offset, 'string has no terminating NUL');
    }
    want *= 4;
  }
}

/**
 * Counts a string of `length` bytes at `offset` that a caller found in bytes it already holds
 * against the source's string budget ({@link limitStrings}), as {@link readCString} counts its
 * own. Throws `LIMIT` when the budget is spent.
 */
export function chargeString(src: ByteSource, length: number, where: Where, offset: number): void {
  const budget = budgets.get(src);
  if (budget !== undefined && (budget.used += length + STRING_ENTRY_COST) > budget.limit) throw overBudget(budget, where, offset);
}

function overBudget(b: StringBudget, where: Where, offset: number): BinspectError {
  return new BinspectError('LIMIT', where.format, where.structure, offset,
    `more than ${b.limit} bytes of strings decoded for one report (limits.maxStringBytes)`);
}
