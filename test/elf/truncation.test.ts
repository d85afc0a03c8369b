import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

/**
 * Every prefix of three corpus files: the structure view throws only BinspectError, and the report
 * never claims a truncated file is static or needs no glibc.
 */
const FILES = ['elf/x86_64/hello-pie', 'elf/aarch64/bp-standard-shared', 'elf/mips/hello'];

function touchEverything(elf: ElfFile): void {
  void elf.programHeaders;
  void elf.sectionHeaders;
  void elf.interpreter;
  void elf.needed;
  void elf.verneed;
  void elf.verdef;
  void elf.versym;
  void elf.gnuProperties;
  void elf.buildId;
  const n = elf.dynamicSymbolCount ?? 0;
  for (let i = 0; i < n; i++) elf.symbolName(elf.dynamicSymbol(i));
}

describe('truncation at every offset', () => {
  for (const f of FILES) {
    it(f, () => {
      const full = readFileSync(corpusPath(f));
      const whole = inspect(full);
      expect(whole.error).toBeNull();
      let errors = 0;
      for (let n = 0; n < full.length; n++) {
        const bytes = full.subarray(0, n);
        try {
          touchEverything(ElfFile.fromBytes(bytes));
        } catch (e) {
          if (!(e instanceof BinspectError)) throw new Error(`prefix ${n}: ${String(e)}`);
          errors++;
        }
        const r = inspect(bytes);
        expect(() => JSON.stringify(r)).not.toThrow();
        if (r.error === null) {
          // Every prefix shorter than the file has lost bytes a segment or the section table needs:
          // a lost segment leaves the loader's facts unknown; a lost section header table (which
          // the loader never reads) is an anomaly, and the loader's facts are those of the whole file.
          if (r.fieldErrors.length > 0) {
            expect(r.linkage, `prefix ${n}`).toBeNull();
            expect(r.versionRequirements, `prefix ${n}`).toBeNull();
          } else {
            expect(r.anomalies!.map((a) => a.code), `prefix ${n}`).toContain('SECTION_HEADERS_INVALID');
            for (const k of ['linkage', 'type', 'needed', 'interpreter', 'versionRequirements', 'glibcFloor'] as const) {
              expect(r[k], `prefix ${n} ${k}`).toEqual(whole[k]);
            }
            // The canary of a file that imports nothing is read from .symtab, found through the
            // section headers: without them it is unknown (null), never another answer.
            const { canary, ...features } = r.features!;
            const { canary: wholeCanary, ...wholeFeatures } = whole.features!;
            expect(features, `prefix ${n} features`).toEqual(wholeFeatures);
            expect([wholeCanary, null], `prefix ${n} canary`).toContain(canary);
          }
        }
      }
      expect(errors).toBe(full.length);
    }, 120_000);
  }
});
