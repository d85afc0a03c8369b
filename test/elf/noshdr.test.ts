import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile, inspect, inspectFileSync } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';

describe('files without section headers', () => {
  const entries = manifest().filter((e) => e.facts.sectionHeadersRemoved);
  it('the corpus has one', () => {
    expect(entries.length).toBeGreaterThan(0);
  });
  for (const e of entries) {
    it(`${e.path} answers exactly as ${String(e.extraFacts?.original ?? e.facts.original)}`, () => {
      const original = String(e.extraFacts?.original ?? e.facts.original);
      const stripped = ElfFile.fromBytes(readFileSync(corpusPath(e.path)));
      expect(stripped.header.e_shoff).toBe(0);
      expect(stripped.sectionHeaders).toEqual([]);
      const a = inspectFileSync(corpusPath(e.path));
      const b = inspectFileSync(corpusPath(original));
      expect(a.fieldErrors).toEqual([]);
      expect(a.versionRequirements!.length).toBeGreaterThan(0);
      expect(a.symbolVersions!.length).toBeGreaterThan(0);
      for (const k of ['versionRequirements', 'glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'maxVersions', 'symbolVersions',
        'needed', 'interpreter', 'linkage', 'type', 'features', 'buildId'] as const) {
        expect(a[k], k).toEqual(b[k]);
      }
    });
  }

  it('finds the dynamic symbol count through DT_GNU_HASH when there is no DT_HASH and no SHT_DYNSYM', () => {
    const e = entries[0]!;
    const stripped = ElfFile.fromBytes(readFileSync(corpusPath(e.path)));
    const original = ElfFile.fromBytes(readFileSync(corpusPath(String(e.extraFacts?.original ?? e.facts.original))));
    const dynsym = original.sectionHeaders.find((s) => original.sectionName(s) === '.dynsym')!;
    expect(stripped.dynamicSymbolCount).toBe(dynsym.sh_size / dynsym.sh_entsize);
    expect(inspect(readFileSync(corpusPath(e.path))).symbolVersions).toEqual(inspectFileSync(corpusPath(e.path)).symbolVersions);
  });
});
