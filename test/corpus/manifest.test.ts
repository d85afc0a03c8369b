import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspect, inspectFileSync } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';

/** Facts the recipes guarantee (corpus/MANIFEST.json), checked against binspect's report. */
describe('corpus recipe facts', () => {
  const entries = manifest();
  it('has a corpus', () => {
    expect(entries.length).toBeGreaterThan(30);
  });
  for (const e of entries) {
    it(e.path, () => {
      const r = inspectFileSync(corpusPath(e.path));
      expect(r.error).toBeNull();
      expect(r.fieldErrors).toEqual([]);
      const f = e.facts;
      for (const k of ['machine', 'class', 'endian', 'type', 'linkage', 'libc'] as const) {
        if (k in f) expect(r[k], k).toBe(f[k]);
      }
      for (const k of ['bti', 'pac', 'gcs', 'ibt', 'shstk', 'relro', 'bindNow']) {
        if (k in f) expect(r.features?.[k], k).toBe(f[k]);
      }
      if (f.neededIncludes) expect(r.needed).toEqual(expect.arrayContaining(f.neededIncludes as string[]));
      const x = e.extraFacts ?? {};
      if ('soname' in x) expect(r.soname).toBe(x.soname);
      if ('interpreter' in x) expect(r.interpreter).toBe(x.interpreter);
      if ('rpath' in x) expect(r.rpath).toEqual([x.rpath].flat());
      if ('runpath' in x) expect(r.runpath).toEqual([x.runpath].flat());
      const pinned = f.glibcSymbol as { symbol: string; version: string } | undefined;
      if (pinned) {
        expect(r.symbolVersions).toContainEqual(expect.objectContaining({ symbol: pinned.symbol, version: pinned.version }));
      }
      const copy = f.copyRelocFloor as { symbol: string; version: string } | undefined;
      if (copy) {
        expect(`GLIBC_${r.glibcFloor}`).toBe(copy.version);
        expect(r.glibcFloorSymbols).toEqual([expect.objectContaining({ symbol: copy.symbol, version: copy.version })]);
        expect(r.symbolVersions).toContainEqual(expect.objectContaining({ symbol: copy.symbol, defined: true }));
      }
      if (f.glibcFloor) expect(r.glibcFloor).toBe(f.glibcFloor);
      if (f.floorMarker) {
        expect(r.glibcFloorSymbols).toContainEqual(expect.objectContaining({ symbol: null, version: f.floorMarker }));
        expect(r.glibcFloor).toBe('2.36');
      }
      // The same answers from memory as from the file.
      const mem = inspect(readFileSync(corpusPath(e.path)));
      expect({ ...mem, path: r.path, io: r.io }).toEqual(r);
    });
  }
});
