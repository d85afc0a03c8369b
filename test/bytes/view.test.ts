import { describe, expect, it } from 'vitest';
import { BinspectError, memorySource } from '../../src/index.js';
import { ByteView, view } from '../../src/bytes/view.js';
import { caught } from '../builders/elf.js';

const where = { format: 'elf' as const, structure: 'Test' };
const BYTES = Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00);

describe('ByteView', () => {
  it('reads u8/u16/u32/u64 little-endian', () => {
    const v = new ByteView(BYTES, 100, true, where);
    expect(v.length).toBe(16);
    expect(v.u8(1)).toBe(0x02);
    expect(v.u16(0)).toBe(0x0201);
    expect(v.u32(0)).toBe(0x04030201);
    expect(v.u64(0)).toBe(0x0807060504030201n);
    expect(v.u32(8)).toBe(0xffffffff);
  });

  it('reads u8/u16/u32/u64 big-endian', () => {
    const v = new ByteView(BYTES, 0, false, where);
    expect(v.u16(0)).toBe(0x0102);
    expect(v.u32(0)).toBe(0x01020304);
    expect(v.u64(0)).toBe(0x0102030405060708n);
  });

  it('u64n accepts 2^53 - 1 and refuses 2^53 with OUT_OF_BOUNDS at base + at', () => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 2n ** 53n - 1n, true);
    dv.setBigUint64(8, 2n ** 53n, true);
    const v = new ByteView(b, 0x1000, true, where);
    expect(v.u64n(0)).toBe(Number.MAX_SAFE_INTEGER);
    const e = caught(() => v.u64n(8)) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.offset).toBe(0x1008);
    expect(e.structure).toBe('Test');
  });

  it('word and addr follow the class', () => {
    const v = new ByteView(BYTES, 0, true, where);
    expect(v.word(0, false)).toBe(0x04030201);
    expect(v.word(8, true)).toBe(Number.MAX_SAFE_INTEGER);
    expect((caught(() => v.word(0, true)) as BinspectError).code).toBe('OUT_OF_BOUNDS');
    expect(v.addr(8, true)).toBe(0x001fffffffffffffn);
    expect(v.addr(8, false)).toBe(0xffffffffn);
  });

  it('every read past either end is OUT_OF_BOUNDS with the absolute offset', () => {
    const v = new ByteView(BYTES.subarray(0, 8), 50, true, where);
    for (const [fn, at] of [[() => v.u8(8), 58], [() => v.u16(7), 57], [() => v.u32(5), 55], [() => v.u64(1), 51],
      [() => v.u8(-1), 49], [() => v.u32(Number.NaN), Number.NaN]] as Array<[() => unknown, number]>) {
      const e = caught(fn) as BinspectError;
      expect(e).toBeInstanceOf(BinspectError);
      expect(e.code).toBe('OUT_OF_BOUNDS');
      expect(e.offset).toEqual(at);
    }
  });

  it('sub shares the bytes, rebases offsets and renames the structure', () => {
    const v = new ByteView(BYTES, 10, true, where);
    const s = v.sub(4, 4, 'Inner');
    expect(s.base).toBe(14);
    expect(s.u32(0)).toBe(0x08070605);
    expect(s.bytes.buffer).toBe(BYTES.buffer);
    const e = caught(() => s.u8(4)) as BinspectError;
    expect(e.offset).toBe(18);
    expect(e.structure).toBe('Inner');
    expect((caught(() => v.sub(10, 8, 'X')) as BinspectError).code).toBe('OUT_OF_BOUNDS');
  });
});

describe('view()', () => {
  it('is zero-copy over a memory source', () => {
    const buf = new Uint8Array(64);
    const v = view(memorySource(buf), 8, 16, true, where);
    expect(v.bytes.buffer).toBe(buf.buffer);
    expect(v.bytes.byteOffset).toBe(8);
    buf[8] = 0x42;
    expect(v.u8(0)).toBe(0x42);
  });

  it('TRUNCATED when the range is not wholly inside the file', () => {
    const src = memorySource(new Uint8Array(32));
    expect(view(src, 16, 16, true, where).length).toBe(16);
    for (const [o, n] of [[17, 16], [32, 1], [0, 33], [-1, 4], [0, -1]]) {
      const e = caught(() => view(src, o!, n!, true, where)) as BinspectError;
      expect(e.code).toBe('TRUNCATED');
    }
    const e = caught(() => view(src, 2 ** 60, 4, true, where)) as BinspectError;
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBeNull();
    expect((caught(() => view(src, 1.5, 4, true, where)) as BinspectError).code).toBe('TRUNCATED');
    expect(view(src, 32, 0, true, where).length).toBe(0);
  });
});
