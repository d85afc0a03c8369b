import { BinspectError } from '../errors.js';
import type { ByteView } from '../bytes/view.js';

/** A LEB128 number longer than this many bytes is refused (10 bytes carry 64 bits). */
const MAX_LEB_BYTES = 10;

/**
 * A read position in one DWARF section's bytes (a {@link ByteView}: every read bounds-checked,
 * errors naming the section and the file offset — for a decompressed section, the offset of the
 * section). Reads advance the position.
 */
export class Cursor {
  constructor(readonly v: ByteView, public pos = 0) {}

  get atEnd(): boolean {
    return this.pos >= this.v.length;
  }

  private fail(code: 'OUT_OF_BOUNDS' | 'LIMIT', detail: string): never {
    throw new BinspectError(code, this.v.where.format, this.v.where.structure, this.v.base + this.pos, detail);
  }

  u8(): number {
    return this.v.u8(this.pos++);
  }
  u16(): number {
    const x = this.v.u16(this.pos);
    this.pos += 2;
    return x;
  }
  u32(): number {
    const x = this.v.u32(this.pos);
    this.pos += 4;
    return x;
  }
  /** A 64-bit offset or length as a number (`OUT_OF_BOUNDS` above 2^53). */
  u64(): number {
    const x = this.v.u64n(this.pos);
    this.pos += 8;
    return x;
  }
  /** An unsigned integer of `n` bytes (1-4, or 8 as {@link u64}). */
  uint(n: number): number {
    if (n === 1) return this.u8();
    if (n === 2) return this.u16();
    if (n === 4) return this.u32();
    if (n === 8) return this.u64();
    if (n === 3) {
      const b = [this.u8(), this.u8(), this.u8()];
      return this.v.littleEndian ? b[0]! | (b[1]! << 8) | (b[2]! << 16) : (b[0]! << 16) | (b[1]! << 8) | b[2]!;
    }
    return this.fail('OUT_OF_BOUNDS', `no ${n}-byte integer`);
  }
  /** An offset of the unit's offset size (4 in 32-bit DWARF, 8 in 64-bit). */
  offset(size: 4 | 8): number {
    return size === 8 ? this.u64() : this.u32();
  }

  /** An unsigned LEB128 number (§7.6); `LIMIT` past 10 bytes or 2^53. */
  uleb(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_LEB_BYTES; i++) {
      const b = this.u8();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) return this.fail('LIMIT', 'LEB128 value above 2^53');
        return value;
      }
      scale *= 128;
    }
    return this.fail('LIMIT', `LEB128 number longer than ${MAX_LEB_BYTES} bytes`);
  }
  /** A signed LEB128 number, skipped (binspect reads no signed value). */
  skipSleb(): void {
    for (let i = 0; i < MAX_LEB_BYTES; i++) if ((this.u8() & 0x80) === 0) return;
    this.fail('LIMIT', `LEB128 number longer than ${MAX_LEB_BYTES} bytes`);
  }
  /** Moves past `n` bytes, which must be inside the section. */
  skip(n: number): void {
    if (!(n >= 0 && this.pos + n <= this.v.length)) this.fail('OUT_OF_BOUNDS', `${n} bytes pass the end of the section`);
    this.pos += n;
  }
  /** The NUL-terminated bytes at the position (NUL excluded); moves past the NUL. */
  cstring(): Uint8Array {
    const b = this.v.bytes;
    const nul = this.pos < b.length ? b.indexOf(0, this.pos) : -1;
    if (nul < 0) return this.fail('OUT_OF_BOUNDS', 'string without a terminating NUL');
    const s = b.subarray(this.pos, nul);
    this.pos = nul + 1;
    return s;
  }
}
