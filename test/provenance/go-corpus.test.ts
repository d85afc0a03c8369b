import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/bytes/source.js';
import { ElfFile } from '../../src/elf/file.js';
import { FatFile, MachOFile } from '../../src/macho/file.js';
import { PeFile } from '../../src/pe/file.js';
import { readGoBuildInfo } from '../../src/provenance/go.js';
import { elfGoImage, machoGoImage, peGoImage } from '../../src/query/go.js';
import { detectFormat } from '../../src/report/format.js';

/** The Go build info of each image: one for a thin file, one per slice of a fat Mach-O. */
function goOf(bytes: Uint8Array): { format: string | null; go: unknown; slices: unknown[] | null } {
  const src = memorySource(bytes);
  const format = detectFormat(src);
  if (format === 'elf') return { format, go: readGoBuildInfo(elfGoImage(new ElfFile(src))), slices: null };
  if (format === 'pe') return { format, go: readGoBuildInfo(peGoImage(new PeFile(src))), slices: null };
  if (format === 'macho') return { format, go: readGoBuildInfo(machoGoImage(new MachOFile(src))), slices: null };
  const fat = new FatFile(src);
  return { format, go: null, slices: fat.archs.map((_, i) => readGoBuildInfo(machoGoImage(fat.slice(i)))) };
}
import { corpusPath } from '../helpers.js';

/**
 * `go version -m` (Go 1.19) on every file of corpus/go, recorded by corpus/tools/go_expected.py
 * when corpus/build-go.sh built them: binspect's `go` field must say the same.
 */
type Expected = Record<string, { go: unknown; slices?: unknown[] }>;
const expected = JSON.parse(readFileSync(corpusPath('go/expected.json'), 'utf8')) as Expected;
// Stored as base64 of gzip: the cut files compress past the container layer's ratio limit, and
// directory scans of the corpus open .gz members.
const files = readdirSync(corpusPath('go')).filter((f) => f.endsWith('.gz.b64')).map((f) => f.slice(0, -4)).sort();
const load = (f: string): Uint8Array => gunzipSync(Buffer.from(readFileSync(corpusPath(`go/${f}.b64`), 'utf8'), 'base64'));

describe('Go build info agrees with go version -m', () => {
  it('covers every built file, ELF, PE and Mach-O, both encodings', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
    const formats = new Set(files.map((f) => goOf(load(f)).format));
    expect([...formats].sort()).toEqual(['elf', 'macho', 'macho-fat', 'pe']);
    expect(files.filter((f) => f.startsWith('old-')).length).toBeGreaterThanOrEqual(2);
  });

  for (const f of files) {
    it(f, () => {
      const r = goOf(load(f));
      const e = expected[f]!;
      if (e.slices) {
        expect(r.format).toBe('macho-fat');
        expect(r.go).toBeNull();
        expect(r.slices).toEqual(e.slices);
        expect(e.slices.every((s) => s !== null)).toBe(true);
      } else {
        expect(e.go).not.toBeNull(); // every corpus file is Go
        expect(r.go).toEqual(e.go);
        // Key order is part of the contract: settings in file order.
        expect(Object.keys((r.go as { settings: object }).settings)).toEqual(Object.keys((e.go as { settings: object }).settings));
      }
    });
  }
});
