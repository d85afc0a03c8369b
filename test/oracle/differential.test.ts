import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFileSync, type Report } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';
import { llvmMachines, readelfBatch, type ReadelfFacts } from './readelf.js';

/**
 * Differential test: binspect against GNU readelf (and llvm-readobj for e_machine) over the corpus
 * and every ELF file under /usr/bin and /usr/lib/x86_64-linux-gnu of the machine running the tests.
 * Zero disagreements are allowed; a readelf bug must be documented in docs/oracles.md and handled
 * there by name, never by copying readelf's answer.
 */

function isElf(path: string): boolean {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size < 64) return false;
    const fd = openSync(path, 'r');
    try {
      const b = Buffer.alloc(4);
      readSync(fd, b, 0, 4, 0);
      return b.toString('latin1') === '\x7fELF';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function walk(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && isElf(p)) out.push(p);
  }
  return out;
}

/** Differences between binspect's report and readelf's facts, as readable strings. */
function compare(r: Report, f: ReadelfFacts, machine: number | undefined): string[] {
  const d: string[] = [];
  const eq = (what: string, ours: unknown, theirs: unknown): void => {
    if (JSON.stringify(ours) === JSON.stringify(theirs)) return;
    if (Array.isArray(ours) && Array.isArray(theirs)) {
      const i = ours.findIndex((x, k) => JSON.stringify(x) !== JSON.stringify(theirs[k]));
      const at = i < 0 ? Math.min(ours.length, theirs.length) : i;
      d.push(`${what}[${at}] (lengths ${ours.length}/${theirs.length}): binspect ${JSON.stringify(ours[at])} readelf ${JSON.stringify(theirs[at])}`);
    } else {
      d.push(`${what}: binspect ${JSON.stringify(ours)} readelf ${JSON.stringify(theirs)}`);
    }
  };
  if (r.error) return [`error ${r.error.code}: ${r.error.message}`];
  for (const e of r.fieldErrors) d.push(`fieldError ${e.field}: ${e.message}`);
  eq('class', r.class, f.class);
  eq('endian', r.endian, f.endian);
  if (machine !== undefined) eq('e_machine (llvm-readobj)', r.machineCode, machine);
  const type = { EXEC: 'executable', REL: 'relocatable', CORE: 'core', DYN: f.pie ? 'pie-executable' : 'shared-library' }[f.etype ?? ''];
  eq('type', r.type, type ?? null);
  eq('interpreter', r.interpreter, f.interpreter);
  if (r.type !== 'relocatable' && r.type !== 'core') eq('needed', r.needed, f.needed);
  eq('soname', r.soname, f.soname);
  eq('rpath', r.rpath, f.rpath);
  eq('runpath', r.runpath, f.runpath);
  eq('versionRequirements', r.versionRequirements, f.verneed.map((v) => ({ file: v.file, versions: v.versions.map((x) => x.name) })));
  // Per-symbol versions: every dynamic symbol whose .gnu.version index names a Vernaux.
  const needIdx = new Map<number, { name: string; file: string }>();
  for (const v of f.verneed) for (const x of v.versions) needIdx.set(x.index, { name: x.name, file: v.file });
  const expected = [...f.versym.entries()]
    .filter(([i, [idx]]) => i > 0 && needIdx.has(idx))
    .sort(([a], [b]) => a - b)
    .map(([i, [idx, hidden]]) => ({ symbol: f.dynsyms.get(i) ?? `?${i}`, version: needIdx.get(idx)!.name, file: needIdx.get(idx)!.file, hidden }));
  const ours = (r.symbolVersions ?? []).map((s) => ({ symbol: s.symbol, version: s.version, file: s.file, hidden: s.hidden }));
  if (f.versym.size > 0 || ours.length > 0) eq('symbolVersions', ours, expected);
  eq('buildId', r.buildId, f.buildId);
  if (r.machine === 'aarch64') {
    eq('bti', r.features?.bti, f.aarch64Features.includes('BTI'));
    eq('pac', r.features?.pac, f.aarch64Features.includes('PAC'));
  }
  if (r.machine === 'x86_64' || r.machine === 'i386') {
    eq('ibt', r.features?.ibt, f.x86Features.includes('IBT'));
    eq('shstk', r.features?.shstk, f.x86Features.includes('SHSTK'));
    eq('x86IsaNeeded', r.features?.x86IsaNeeded, f.x86IsaNeeded);
  }
  return d;
}

function run(paths: string[]): { files: number; disagreements: string[] } {
  const disagreements: string[] = [];
  for (let i = 0; i < paths.length; i += 64) {
    const batch = paths.slice(i, i + 64);
    const facts = readelfBatch(batch);
    const machines = llvmMachines(batch);
    for (const p of batch) {
      const f = facts.get(p);
      if (!f) {
        disagreements.push(`${p}: readelf printed nothing`);
        continue;
      }
      for (const d of compare(inspectFileSync(p), f, machines.get(p))) disagreements.push(`${p}: ${d}`);
    }
  }
  return { files: paths.length, disagreements };
}

describe('differential: binspect vs GNU readelf and llvm-readobj', () => {
  it('agrees on every corpus file (except the one without section headers, which readelf cannot read versions from)', () => {
    const paths = manifest().filter((e) => !e.facts.sectionHeadersRemoved).map((e) => corpusPath(e.path));
    const { files, disagreements } = run(paths);
    expect(files).toBeGreaterThan(30);
    expect(disagreements).toEqual([]);
  }, 120_000);

  it('agrees on every ELF file under /usr/bin and /usr/lib/x86_64-linux-gnu', () => {
    // BINSPECT_DIFFERENTIAL_EVERY=K compares every K-th file only (quick local runs); CI compares all.
    const every = Math.max(1, Number(process.env.BINSPECT_DIFFERENTIAL_EVERY ?? 1) || 1);
    const paths = [...walk('/usr/bin'), ...walk('/usr/lib/x86_64-linux-gnu')].filter((_, i) => i % every === 0);
    const { files, disagreements } = run(paths);
    console.log(`differential: ${files} system ELF files, ${disagreements.length} disagreements`);
    expect(files).toBeGreaterThan(100);
    expect(disagreements.slice(0, 50)).toEqual([]);
  }, 900_000);
});
