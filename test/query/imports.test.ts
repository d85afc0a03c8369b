import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

const BIN = corpusPath('gate/bin');
const ELFS = readdirSync(BIN).filter((f) => !f.endsWith('.dll')).map((f) => readFileSync(join(BIN, f)));

describe('undefinedSymbols on hostile input', () => {
  it('truncated or byte-flipped files give a list or null with a typed error, never an exception', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: ELFS.length - 1 }), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      (which, cut, flips) => {
        const orig = ELFS[which]!;
        const bytes = Uint8Array.from(orig.subarray(0, 64 + (cut % (orig.length - 63))));
        for (const [at, b] of flips) bytes[at % bytes.length] = b;
        const r = inspect(bytes, { select: ['undefinedSymbols'] });
        if (r.error) return;
        if (r.undefinedSymbols === null) {
          expect(r.fieldErrors.some((e) => e.field === 'undefinedSymbols')).toBe(true);
        } else {
          expect(Array.isArray(r.undefinedSymbols)).toBe(true);
          for (const s of r.undefinedSymbols!) expect(typeof s).toBe('string');
        }
      }), { numRuns: 2000, seed: 17 });
  });

  it('an unselected report has no undefinedSymbols key; a PE file has null', () => {
    expect('undefinedSymbols' in inspect(ELFS[0]!)).toBe(false);
    expect(inspect(readFileSync(join(BIN, 'x86_64-plain.dll')), { select: ['undefinedSymbols'] }).undefinedSymbols).toBeNull();
  });
});
