import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_READ } from '../../src/bytes/file.js';
import { memorySource } from '../../src/index.js';
import { detectFormat, mayBeBinary } from '../../src/report/format.js';
import { CORPUS } from '../helpers.js';

/** The scan's first read: the head a file is judged by before its size is known. */
const HEAD = FIRST_READ;
const head = (file: Uint8Array): Uint8Array => file.subarray(0, Math.min(file.length, HEAD));
/** What the scan asks: the head, and whether it is the whole file. */
const judged = (file: Uint8Array): boolean => mayBeBinary(head(file), file.length < HEAD);

/** Starts of files that detectFormat (nearly) accepts: each format's magic, and COFF-like file headers. */
const u16 = (v: number): number[] => [v & 0xff, v >> 8];
const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const starts = fc.oneof(
  fc.constant([0x7f, 0x45, 0x4c, 0x46]), // ELF
  fc.constant(u32(0xfeedfacf)), fc.constant(u32(0xcffaedfe)), fc.constant(u32(0xfeedface)), // Mach-O
  fc.tuple(fc.constant([0xca, 0xfe, 0xba, 0xbe]), fc.integer({ min: 0, max: 60 })).map(([m, n]) => [...m, 0, 0, 0, n]), // fat or Java
  // MZ with e_lfanew inside the head or past it
  fc.oneof(fc.integer({ min: 0, max: HEAD - 4 }), fc.integer({ min: HEAD - 3, max: 9000 })).map((lfanew) => [0x4d, 0x5a, ...new Array<number>(58).fill(0), ...u32(lfanew)]),
  // IMAGE_FILE_HEADER: a known Machine (AMD64, I386, ARM64), sections, a symbol table somewhere
  fc.tuple(fc.constantFrom(0x8664, 0x14c, 0xaa64), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 50 }))
    .map(([m, ns, sym, nsym]) => [...u16(m), ...u16(ns), 0, 0, 0, 0, ...u32(sym), ...u32(nsym), 0, 0, 0, 0]),
);
/** Well-formed bare COFF objects (IMAGE_FILE_HEADER, section table, raw data and symbols inside the file), up to 3 heads long. */
const coffObjects = fc.record({
  machine: fc.constantFrom(0x8664, 0x14c, 0xaa64), ns: fc.integer({ min: 1, max: 3 }), length: fc.integer({ min: 600, max: 3 * HEAD }),
  nsym: fc.integer({ min: 0, max: 20 }), symAt: fc.double({ min: 0, max: 1, noNaN: true }),
  raw: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 3, maxLength: 3 }),
}).map(({ machine, ns, length, nsym, symAt, raw }) => {
  const f = new Uint8Array(length);
  const dv = new DataView(f.buffer);
  const tableEnd = 20 + 40 * ns;
  const within = (size: number, at: number): number => tableEnd + Math.floor(at * (length - size - tableEnd));
  dv.setUint16(0, machine, true);
  dv.setUint16(2, ns, true);
  dv.setUint32(8, nsym ? within(nsym * 18, symAt) : 0, true);
  dv.setUint32(12, nsym, true);
  for (let i = 0; i < ns; i++) {
    const [size, at] = raw[i]!;
    dv.setUint32(20 + 40 * i + 16, size, true);
    dv.setUint32(20 + 40 * i + 20, within(size, at), true);
  }
  return f;
});

// Lengths spread up to 9000 bytes (past the head), filled with a short random pattern.
const files = fc.tuple(starts, fc.integer({ min: 0, max: 9000 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean())
  .map(([start, length, pattern, pe]) => {
    const f = new Uint8Array(Math.max(start.length, length));
    for (let i = 0; i < f.length; i++) f[i] = pattern[i % pattern.length]!;
    f.set(start);
    // Half the MZ files get PE\0\0 where e_lfanew points (when the file reaches that far).
    const lfanew = f.length >= 64 ? new DataView(f.buffer).getUint32(60, true) : 0;
    if (pe && f[0] === 0x4d && f[1] === 0x5a && lfanew + 4 <= f.length) f.set([0x50, 0x45, 0, 0], lfanew);
    return f;
  });

describe('mayBeBinary (the scan judges a found file by its first read, before any stat)', () => {
  it('never turns away a file that detectFormat recognizes, whatever comes after the head', () => {
    fc.assert(fc.property(files, (f) => {
      if (detectFormat(memorySource(f)) === null) return;
      expect(judged(f)).toBe(true);
      // The head alone, without knowing that the file ends there, must be kept too.
      if (f.length >= HEAD) expect(mayBeBinary(head(f), false)).toBe(true);
    }), { numRuns: 3000 });
  });

  it('keeps bare COFF objects, which only their sizes tell from data, also when they are longer than the head', () => {
    fc.assert(fc.property(coffObjects, (f) => {
      expect(detectFormat(memorySource(f))).toBe('coff');
      expect(judged(f)).toBe(true);
    }), { numRuns: 1000 });
  });

  it('keeps every corpus binary, also cut short at any length', () => {
    const listed = execFileSync('find', [CORPUS, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    let kept = 0;
    for (const p of listed) {
      const f = new Uint8Array(readFileSync(p));
      for (const n of [f.length, 3, 4, 8, 20, 63, 64, 100, 4095, 4097, 20_000]) {
        const cut = f.subarray(0, Math.min(n, f.length));
        if (detectFormat(memorySource(cut)) !== null) {
          expect(judged(cut), `${p} cut at ${n}`).toBe(true);
          kept++;
        }
      }
    }
    expect(kept).toBeGreaterThan(100);
  });

  it('turns away what is plainly no binary, so the scan can close it after one read', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    for (const f of [text('#!/bin/sh\necho hi\n'), text('{"a": 1}\n'.repeat(1000)), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      new Uint8Array(0), text('MZ'), new Uint8Array(5000)]) {
      expect(detectFormat(memorySource(f))).toBeNull();
      expect(judged(f), new TextDecoder().decode(f.subarray(0, 10))).toBe(false);
    }
    const doc = new Uint8Array(readFileSync(new URL('../../docs/performance.md', import.meta.url)));
    expect(doc.length).toBeGreaterThan(HEAD);
    expect(judged(doc)).toBe(false);
    // "MZ" and a DOS header whose e_lfanew points past the head: only the rest of the file can tell.
    const mz = new Uint8Array(HEAD);
    mz.set([0x4d, 0x5a]);
    mz.set([0x00, 0x20], 60);
    expect(mayBeBinary(mz, false)).toBe(true);
    expect(mayBeBinary(mz, true)).toBe(false); // the whole file: no PE\0\0 at e_lfanew, so no PE
  });
});
