/**
 * Read-cost benchmark: for each question, the bytes and read calls binspect needs per file, and
 * the wall time, over the bundled corpus, the ELF files of /usr/bin and the Node binary.
 * Prints numbers; asserts nothing. Run: npm run bench
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspectFileSync, type ReportField } from '../src/index.js';

const QUESTIONS: Record<string, ReportField[] | undefined> = {
  header: ['class', 'endian', 'machine', 'machineCode'],
  linkage: ['type', 'linkage', 'interpreter', 'needed'],
  glibc: ['glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'versionRequirements', 'maxVersions'],
  features: ['features'],
  everything: undefined,
};

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const sets: Record<string, string[]> = {
  corpus: files(new URL('../../corpus', import.meta.url).pathname),
  '/usr/bin': files('/usr/bin'),
  node: [process.execPath],
};

console.log('set        question     files  ELF   KiB read/file  reads/file  input MiB  files/s');
for (const [name, paths] of Object.entries(sets)) {
  const inputMiB = paths.reduce((s, p) => s + statSync(p).size, 0) / 2 ** 20;
  for (const [q, select] of Object.entries(QUESTIONS)) {
    let bytes = 0;
    let reads = 0;
    let elf = 0;
    const t0 = performance.now();
    for (const p of paths) {
      const r = inspectFileSync(p, select ? { select } : {});
      if (r.format === 'elf') elf++;
      bytes += r.io?.bytesRead ?? 0;
      reads += r.io?.reads ?? 0;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`${name.padEnd(10)} ${q.padEnd(11)} ${String(paths.length).padStart(6)} ${String(elf).padStart(5)} ${(bytes / 1024 / paths.length).toFixed(1).padStart(14)} ${(reads / paths.length).toFixed(2).padStart(11)} ${inputMiB.toFixed(0).padStart(10)} ${(paths.length / s).toFixed(0).padStart(8)}`);
  }
}
