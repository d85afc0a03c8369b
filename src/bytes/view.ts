import { BinspectError, type FormatName } from '../errors.js';
import type { ByteSource } from './source.js';

/** Context for errors: which format and which structure a read belongs to. */
export interface Where {
  format: FormatName;
  structure: string;
}

/**
 * A bounds-checked, endian-aware reader over one range of a file. Offsets given to its methods are
 * relative to the start of the range; errors report the absolute file offset (`base + at`).
 */
export class ByteView {
  constructor(
    readonly bytes: Uint8Array,
    /** File offset of `bytes[0]`. */
    readonly base: number,
    readonly littleEndian: boolean,
    readonly where: Where,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  private check(at: number, n: number): void {
    if (!(at >= 0 && at + n <= this.bytes.length)) {
      throw new BinspectError('OUT_OF_BOUNDS', this.where.format, this.where.structure, this.base + at,
        `read of ${n} bytes at +${at} passes the end of a ${this.bytes.length}-byte structure`);
    }
  }

  // Decoded by hand from the bytes (no DataView per view): the hot path makes many small views.
  u8(at: number): number {
    this.check(at, 1);
    return this.bytes[at]!;
  }
  u16(at: number): number {
    this.check(at, 2);
    const b = this.bytes;
    return this.littleEndian ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.word32(at);
  }
  /** The high and low 32-bit halves of the 64-bit field at `at` (one bounds check). */
  private hi(at: number): number {
    this.check(at, 8);
    return this.word32(this.littleEndian ? at + 4 : at);
  }
  private lo(at: number): number {
    return this.word32(this.littleEndian ? at : at + 4);
  }
  /** u32 without the bounds check: callers have checked the whole field. */
  private word32(at: number): number {
    const b = this.bytes;
    return this.littleEndian
      ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000
      : b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }
  /** Unsigned 64-bit value as a bigint (addresses). */
  u64(at: number): bigint {
    const hi = this.hi(at);
    const lo = this.lo(at);
    return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
  }
  /**
   * Unsigned 64-bit file offset or size as a number; values above 2^53 - 1 cannot be a real
   * offset or size and throw `OUT_OF_BOUNDS` (docs/architecture.md).
   */
  u64n(at: number): number {
    const hi = this.hi(at);
    const lo = this.lo(at);
    if (hi >= 0x200000) {
      throw new BinspectError('OUT_OF_BOUNDS', this.where.format, this.where.structure, this.base + at,
        `64-bit offset or size 0x${((BigInt(hi) << 32n) | BigInt(lo)).toString(16)} exceeds 2^53`);
    }
    return hi * 0x100000000 + lo;
  }
  /**
   * Unsigned 64-bit value as an exact number when below 2^53, else NaN: for hot paths that compare
   * addresses without allocating a bigint (NaN compares false with everything).
   */
  u64safe(at: number): number {
    const hi = this.hi(at);
    return hi >= 0x200000 ? NaN : hi * 0x100000000 + this.lo(at);
  }
  /** A class-sized offset/size field: u32 when `wide` is false, else `u64n`. */
  word(at: number, wide: boolean): number {
    return wide ? this.u64n(at) : this.u32(at);
  }
  /** A class-sized address field as a bigint. */
  addr(at: number, wide: boolean): bigint {
    return wide ? this.u64(at) : BigInt(this.u32(at));
  }
  /** A sub-range view sharing the same bytes. */
  sub(at: number, length: number, structure: string): ByteView {
    this.check(at, length);
    return new ByteView(this.bytes.subarray(at, at + length), this.base + at, this.littleEndian,
      { format: this.where.format, structure });
  }
}

/**
 * A view of `[offset, offset + length)` of `src`. Throws `TRUNCATED` (format and structure from
 * `where`, offset = `offset`) when the range is not wholly inside the file.
 */
export function view(src: ByteSource, offset: number, length: number, littleEndian: boolean, where: Where): ByteView {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 ||
      offset + length > src.size) {
    throw new BinspectError('TRUNCATED', where.format, where.structure, Number.isSafeInteger(offset) ? offset : null,
      `needs ${length} bytes at 0x${offset.toString(16)} but the file has ${src.size}`);
  }
  return new ByteView(src.read(offset, length), offset, littleEndian, where);
}

/**
 * Views of small structures that a chain places near one another (Verneed/Vernaux,
 * Verdef/Verdaux): one view over a window of `span` bytes answers every structure inside it, so a
 * chain of N entries costs about one view and one read, not N.
 */
export class ChainWindow {
  private v: ByteView | null = null;

  constructor(private readonly src: ByteSource, private readonly littleEndian: boolean, private readonly span = 128) {}

  /**
   * A view that holds `[offset, offset + length)` (a file offset and bytes): read the structure's
   * fields at `offset - v.base + k`. Throws like {@link view} (`TRUNCATED`, named by `where`) when
   * the structure is not wholly inside the file.
   */
  cover(offset: number, length: number, where: Where): ByteView {
    const v = this.v;
    if (v !== null && offset >= v.base && offset + length <= v.base + v.length) return v;
    const n = Math.min(Math.max(this.span, length), this.src.size - offset);
    if (!(n >= length)) return view(this.src, offset, length, this.littleEndian, where);
    return (this.v = view(this.src, offset, n, this.littleEndian, where));
  }
}
