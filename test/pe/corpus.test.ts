import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../src/bytes/file.js';
import { PeFile } from '../../src/pe/file.js';
import { buildReport } from '../../src/report/report.js';

/** The report of a parsed PE (through the public report builder). */
const peReportFields = (pe: PeFile) => buildReport(pe.source, null);
import { CORPUS } from '../helpers.js';
import { peManifest } from './manifest.js';

type Fn = { dll: string; name?: string; ordinal?: number };


/** Facts the recipes guarantee (corpus/pe/MANIFEST.json), checked against the PE parser and its report fields. */
describe('PE corpus recipe facts', () => {
  const entries = peManifest();
  it('has a corpus', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });
  for (const e of entries) {
    it(e.path, () => {
      const src = openFileSource(join(CORPUS, e.path));
      let pe: PeFile;
      let r: ReturnType<typeof peReportFields>;
      try {
        pe = new PeFile(src);
        r = peReportFields(pe);
        // every structure the parser knows decodes without error
        if (pe.format === 'pe') {
          void [pe.imports, pe.delayImports, pe.exports, pe.debugDirectory, pe.codeView, pe.loadConfig, pe.richHeader, pe.tlsDirectory];
        }
      } finally {
        src.close();
      }
      expect(src.io.bytesRead).toBeLessThan(Math.max(64 * 1024, src.size / 4));
      expect(r.fieldErrors).toEqual([]);
      const f = e.facts;
      expect(pe.format).toBe(f.format);
      for (const k of ['machine', 'class', 'type', 'subsystem', 'linkage', 'soname', 'needed', 'delayNeeded', 'pdbPath'] as const) {
        if (k in f) expect(r[k], k).toEqual(f[k]);
      }
      for (const k of ['pie', 'nx', 'highEntropyVa', 'cfg', 'shstk', 'safeSeh']) {
        if (k in f) expect((r.features as Record<string, unknown>)[k], k).toBe(f[k]);
      }
      if (f.neededIncludes) expect(r.needed).toEqual(expect.arrayContaining(f.neededIncludes as string[]));
      for (const x of (f.neededExcludes as string[] | undefined) ?? []) expect(r.needed).not.toContain(x);
      if (f.minOsPlatform) expect((r.minOs as { platform: string }).platform).toBe(f.minOsPlatform);
      if (f.hasPdbGuid) expect(r.pdbGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const check = (dlls: { dll: string; functions: { name: string | null; ordinal: number | null }[] }[], want: Fn[]): void => {
        for (const w of want) {
          const d = dlls.find((x) => x.dll === w.dll);
          expect(d, w.dll).toBeDefined();
          expect(d!.functions).toContainEqual(expect.objectContaining(w.name ? { name: w.name } : { ordinal: w.ordinal }));
        }
      };
      if (f.importsInclude) check(pe.imports, f.importsInclude as Fn[]);
      if (f.delayImportsInclude) check(pe.delayImports, f.delayImportsInclude as Fn[]);
      for (const x of (f.exportsInclude as { ordinal: number; name: string | null; forwarder?: string }[] | undefined) ?? []) {
        expect(pe.exports).toContainEqual(expect.objectContaining({
          ordinal: x.ordinal, names: x.name ? [x.name] : [], forwarder: x.forwarder ?? null,
        }));
      }
      // the same answers from memory as from the file
      const mem = peReportFields(PeFile.fromBytes(readFileSync(join(CORPUS, e.path))));
      expect(mem).toEqual(r);
    });
  }
});
