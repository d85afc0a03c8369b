import { describe, expect, it } from 'vitest';
import { BinspectError, memorySource } from '../../src/index.js';
import { ByteView, ChainWindow, view } from '../../src/bytes/view.js';
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

describe('ChainWindow', () => {
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const reads: Array<[number, number]> = [];
  const src = { size: bytes.length, read: (o: number, n: number) => (reads.push([o, n]), bytes.subarray(o, o + n)) };

  it('one window answers nearby structures; a structure outside it opens the next', () => {
    reads.length = 0;
    const w = new ChainWindow(src, true, 64);
    const a = w.cover(10, 16, where);
    expect(a.u8(10 - a.base)).toBe(10);
    const b = w.cover(40, 16, where);
    expect(b).toBe(a); // inside [10, 74)
    expect(b.u8(55 - b.base)).toBe(55);
    const c = w.cover(70, 16, where); // passes the window's end
    expect(c).not.toBe(a);
    expect(c.u8(85 - c.base)).toBe(85);
    const d = w.cover(5, 4, where); // before the window
    expect(d.u8(0)).toBe(5);
    expect(reads).toEqual([[10, 64], [70, 64], [5, 64]]);
  });

  it('a structure passing the end of the file is TRUNCATED at its own offset; the window never passes it', () => {
    const w = new ChainWindow(src, true, 64);
    expect(w.cover(280, 20, where).length).toBe(20);
    const e = caught(() => w.cover(290, 16, { format: 'elf', structure: 'Elf_Vernaux' })) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect([e.code, e.structure, e.offset]).toEqual(['TRUNCATED', 'Elf_Vernaux', 290]);
    for (const bad of [-1, Number.NaN, 2 ** 60]) expect((caught(() => w.cover(bad, 16, where)) as BinspectError).code).toBe('TRUNCATED');
  });
});
