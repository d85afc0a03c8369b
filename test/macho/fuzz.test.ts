import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { FatFile, MachOFile } from '../../src/macho/file.js';
import { MACHO_FIELDS, fatSlices } from '../../src/query/macho.js';
import { CORPUS } from '../helpers.js';

/** Every field of every image of `b`; only BinspectError may escape a getter. */
function exercise(b: Uint8Array): void {
  const only = (f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof BinspectError)) throw e;
    }
  };
  const all = (m: MachOFile): void => {
    for (const f of Object.values(MACHO_FIELDS)) only(() => f(m));
    only(() => m.segments);
    only(() => m.undefinedSymbols);
    only(() => m.chainedImports);
    only(() => m.codeSignature);
  };
  only(() => all(MachOFile.fromBytes(b)));
  only(() => {
    for (const s of fatSlices(FatFile.fromBytes(b))) if (s.file) all(s.file);
  });
}

describe('mutated corpus files', () => {
  const files = ['hello-arm64', 'libhello-universal.dylib', 'lib-i386-macos10.7.o', 'hello-arm64e-ios14.o']
    .map((p) => new Uint8Array(readFileSync(join(CORPUS, 'macho', p))));
  it('byte flips in the first 4 KiB and truncations throw only BinspectError', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.array(fc.tuple(fc.nat(4095), fc.nat(255)), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat(), { nil: undefined }),
      (which, flips, cut) => {
        const src = files[which]!;
        const b = src.slice(0, cut === undefined ? src.length : cut % (src.length + 1));
        for (const [at, v] of flips) if (at < b.length) b[at] = v;
        exercise(b);
        expect(true).toBe(true);
      },
    ), { numRuns: 1500, seed: 42 });
  });
});
