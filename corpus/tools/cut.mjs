#!/usr/bin/env node
// Cuts binaries for the committed corpus: every byte that neither binspect (a full report) nor
// Go 1.19's `go version -m` reads is zeroed, so the gzipped files stay small while every byte read
// is the toolchain's own.
//
// usage: node corpus/tools/cut.mjs IN_DIR OUT_DIR   (after `npm run build`)
//
// Kept: the ranges binspect's report reads (recorded through its ByteSource), the first 4 KiB,
// and for each image (every fat slice too) the 64 KiB Go's reader searches from its data start.
// The report of the cut file must equal the full file's (checked here); build-go.sh checks that
// `go version -m` prints the same for both.
import { readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../../dist/src/report/report.js';
import { ElfFile } from '../../dist/src/elf/file.js';
import { PeFile } from '../../dist/src/pe/file.js';
import { FatFile, MachOFile } from '../../dist/src/macho/file.js';
import { memorySource } from '../../dist/src/bytes/source.js';
import { elfGoImage, machoGoImage, peGoImage } from '../../dist/src/query/go.js';
import { detectFormat } from '../../dist/src/report/format.js';

const [inDir, outDir] = process.argv.slice(2);
for (const name of readdirSync(inDir).sort()) {
  const full = readFileSync(join(inDir, name));
  const keep = new Uint8Array(full.length);
  const mark = (o, n) => keep.fill(1, Math.max(0, o), Math.min(full.length, o + n));
  const recording = { size: full.length, read: (o, n) => (mark(o, n), full.subarray(o, o + n)) };
  const before = JSON.stringify(buildReport(recording, name));
  mark(0, 4096);
  const goWindow = (img, delta = 0) => {
    if (img.dataStart === null) return;
    const r = img.map(img.dataStart, 65536);
    if (r) mark(delta + r.offset, r.length);
  };
  const src = memorySource(full);
  const format = detectFormat(src);
  if (format === 'elf') goWindow(elfGoImage(new ElfFile(src)));
  else if (format === 'pe') goWindow(peGoImage(new PeFile(src)));
  else if (format === 'macho') goWindow(machoGoImage(new MachOFile(src)));
  else if (format === 'macho-fat') {
    const fat = new FatFile(src);
    fat.archs.forEach((a, i) => goWindow(machoGoImage(fat.slice(i)), a.offset));
  }
  const cut = Uint8Array.from(full, (b, i) => (keep[i] ? b : 0));
  const after = JSON.stringify(buildReport(memorySource(cut), name));
  if (after !== before) throw new Error(`${name}: the cut file's report differs from the full file's`);
  const kept = keep.reduce((n, k) => n + k, 0);
  writeFileSync(join(outDir, name), cut);
  chmodSync(join(outDir, name), 0o755);
  console.log(`${name}: kept ${kept} of ${full.length} bytes`);
}
