/**
 * Files built by ordinary toolchains carry no anomaly: the loader's reading and the other one agree
 * (docs/loader.md). Runs over every corpus file of the three manifests and over the ELF files in
 * this machine's /usr/bin and /usr/lib/<triplet> (whatever distribution the test runs on).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFileSync, type Report } from '../../src/index.js';
import { CORPUS, manifest } from '../helpers.js';

const paths = (m: string): string[] => (JSON.parse(readFileSync(join(CORPUS, m), 'utf8')) as Array<{ path: string }>).map((e) => e.path);

function anomaliesOf(r: Report): string[] {
  return [...(r.anomalies ?? []), ...(r.slices ?? []).flatMap((s) => s.anomalies ?? [])].map((a) => `${a.code} ${a.structure}: ${a.message}`);
}

describe('no anomaly in ordinary files', () => {
  const corpus = [...manifest().map((e) => e.path), ...paths('pe/MANIFEST.json'), ...paths('macho/MANIFEST.json')];

  it('every corpus file of the manifests', () => {
    let n = 0;
    for (const p of corpus) {
      const f = join(CORPUS, p);
      if (!existsSync(f)) continue;
      n++;
      const r = inspectFileSync(f);
      expect(anomaliesOf(r), p).toEqual([]);
      if (r.format === 'elf') expect(r.anomalies, p).toEqual([]);
    }
    expect(n).toBeGreaterThan(60);
  });

  it('the ELF files of /usr/bin and /usr/lib/<triplet>', () => {
    const dirs = ['/usr/bin', '/usr/sbin', ...['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu'].filter(existsSync)];
    let elves = 0;
    for (const d of dirs) {
      for (const name of readdirSync(d)) {
        const f = join(d, name);
        let st;
        try {
          st = statSync(f);
        } catch {
          continue;
        }
        if (!st.isFile() || st.size < 64) continue;
        const r = inspectFileSync(f, { select: ['anomalies'] });
        if (r.format === null) continue;
        elves++;
        expect(anomaliesOf(r), f).toEqual([]);
      }
    }
    expect(elves).toBeGreaterThan(100);
  }, 120_000);
});
