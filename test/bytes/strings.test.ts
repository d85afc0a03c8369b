import { describe, expect, it } from 'vitest';
import { BinspectError, memorySource, type ByteSource } from '../../src/index.js';
import { readCString } from '../../src/bytes/strings.js';
import { caught } from '../builders/elf.js';

const where = { format: 'elf' as const, structure: 'Str' };

function counting(bytes: Uint8Array): ByteSource & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return { size: bytes.length, reads, read: (o, n) => (reads.push([o, n]), bytes.subarray(o, o + n)) };
}

describe('readCString', () => {
  const table = new TextEncoder().encode('\0libc.so.6\0h\u00e9llo\0\0');
  const src = memorySource(table);

  it('reads NUL-terminated strings inside the table, UTF-8 decoded', () => {
    expect(readCString(src, 1, table.length, 100, where)).toBe('libc.so.6');
    expect(readCString(src, 6, table.length, 100, where)).toBe('so.6');
    expect(readCString(src, 11, table.length, 100, where)).toBe('h\u00e9llo');
    expect(readCString(src, 0, table.length, 100, where)).toBe('');
  });

  it('strings whose bytes hash alike stay distinct, whatever was read before (interned decoding)', () => {
    // "Aa" and "BB" have the same 31-based hash; so do "AaAa", "BBBB", "AaBB" and "BBAa".
    const words = ['Aa', 'BB', 'AaAa', 'BBBB', 'AaBB', 'BBAa', 'Aa', 'BBBB', 'a\u00e9', 'a\u00e9'];
    for (let round = 0; round < 3; round++) {
      for (const w of words) {
        const bytes = new TextEncoder().encode(`${w}\0`);
        expect(readCString(memorySource(bytes), 0, bytes.length, 100, where)).toBe(w);
      }
    }
    // Invalid UTF-8 and its valid look-alike, both ways round; long strings too.
    const bad = Uint8Array.of(0x61, 0xff, 0);
    const good = new TextEncoder().encode('a\ufffd\0');
    for (let round = 0; round < 2; round++) {
      expect(readCString(memorySource(bad), 0, 3, 10, where)).toBe('a\ufffd');
      expect(readCString(memorySource(good), 0, good.length, 10, where)).toBe('a\ufffd');
    }
    const long = `${'x'.repeat(70)}\u00e9`;
    const lb = new TextEncoder().encode(`${long}\0`);
    expect(readCString(memorySource(lb), 0, lb.length, 100, where)).toBe(long);
  });

  it('invalid UTF-8 becomes U+FFFD', () => {
    expect(readCString(memorySource(Uint8Array.of(0x61, 0xff, 0x62, 0)), 0, 4, 10, where)).toBe('a\ufffdb');
  });

  it('OUT_OF_BOUNDS outside the table', () => {
    for (const o of [-1, table.length, 1000, Number.NaN]) {
      const e = caught(() => readCString(src, o, table.length, 100, where)) as BinspectError;
      expect(e).toBeInstanceOf(BinspectError);
      expect(e.code).toBe('OUT_OF_BOUNDS');
    }
    // end is clipped to the source size
    expect((caught(() => readCString(src, 30, 1000, 100, where)) as BinspectError).code).toBe('OUT_OF_BOUNDS');
  });

  it('TRUNCATED when no NUL comes before the end of the table', () => {
    const e = caught(() => readCString(src, 1, 10, 100, where)) as BinspectError;
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(1);
    expect(e.structure).toBe('Str');
    expect((caught(() => readCString(memorySource(new Uint8Array(300).fill(0x41)), 0, 300, 1000, where)) as BinspectError).code)
      .toBe('TRUNCATED');
  });

  it('LIMIT when the string is longer than maxLength; exactly maxLength is fine', () => {
    const b = new Uint8Array(101).fill(0x41);
    b[100] = 0;
    expect(readCString(memorySource(b), 0, 101, 100, where)).toBe('A'.repeat(100));
    expect((caught(() => readCString(memorySource(b), 0, 101, 99, where)) as BinspectError).code).toBe('LIMIT');
  });

  it('reads about the string, growing from 64 bytes, never the whole table', () => {
    const big = new Uint8Array(100000).fill(0x41);
    big[10] = 0;
    big[5000] = 0;
    const s = counting(big);
    expect(readCString(s, 0, big.length, 65536, where)).toBe('A'.repeat(10));
    expect(s.reads).toEqual([[0, 64]]);
    s.reads.length = 0;
    expect(readCString(s, 11, big.length, 65536, where).length).toBe(4989);
    expect(s.reads.map(([o]) => o)).toEqual(s.reads.map(() => 11));
    expect(s.reads.map(([, n]) => n)).toEqual([64, 256, 1024, 4096, 16384]);
  });
});
