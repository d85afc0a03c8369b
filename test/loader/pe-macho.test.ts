/**
 * The loader's view beyond ELF: loader-valid PE oddities built by corpus/tools/pe_oddities.py
 * (their facts from the loader's rules, and from llvm-readobj where it agrees), truncated PE and
 * Mach-O files (an anomaly or an error, never a clean report), and the gate on them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/gate/check.js';
import { emptyPolicy, mergePolicies } from '../../src/gate/policy.js';
import { inspect, inspectFileSync, type Report } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

/** The DLL names llvm-readobj lists (it may stop with an error after them: its exit code is not used). */
function llvmImports(path: string): string[] {
  const r = spawnSync('llvm-readobj', ['--coff-imports', path], { encoding: 'utf8' });
  return [...r.stdout.matchAll(/^ {2}Name: (\S+)$/gm)].map((m) => m[1]!);
}

const ORIGINAL = inspectFileSync(corpusPath('pe/hello64.exe'));
const SAME = ['machine', 'class', 'type', 'linkage', 'needed', 'features', 'minOs'] as const;

describe('loader-valid PE oddities', () => {
  it('an import table whose null descriptor lies in the zero-filled tail of .idata reads as the loader maps it', () => {
    const p = corpusPath('pe/loader/idata-zerofill.exe');
    const r = inspectFileSync(p);
    expect(r.error).toBeNull();
    expect(r.fieldErrors).toEqual([]);
    // llvm-readobj lists the same DLLs (then fails reading the terminator from the file, which the loader zero-fills).
    expect(r.needed).toEqual(llvmImports(p));
    for (const k of SAME) expect(r[k], k).toEqual(ORIGINAL[k]);
    expect(r.anomalies).toEqual([]);
  });

  it('a section table overlapping the unused data directory slots (NumberOfRvaAndSizes 2) is read as the loader does', () => {
    const p = corpusPath('pe/loader/opt-overlap.exe');
    const r = inspectFileSync(p);
    expect(r.fieldErrors).toEqual([]);
    expect(r.needed).toEqual(llvmImports(p));
    for (const k of SAME) expect(r[k], k).toEqual(ORIGINAL[k]);
  });

  it('SizeOfOptionalHeader smaller than the optional header (0, 2, 96) is not refused: the loader reads the header whole and looks for sections there', () => {
    const bytes = new Uint8Array(readFileSync(corpusPath('pe/hello64.exe')));
    const lfanew = new DataView(bytes.buffer).getUint32(0x3c, true);
    for (const n of [0, 2, 96]) {
      const b = bytes.slice();
      new DataView(b.buffer).setUint16(lfanew + 4 + 16, n, true);
      const r = inspect(b);
      expect(r.error, String(n)).toBeNull();
      for (const k of ['machine', 'class', 'minOs'] as const) expect(r[k], `${n} ${k}`).toEqual(ORIGINAL[k]);
      expect(r.features!.pie).toBe(ORIGINAL.features!.pie);
      expect(r.features!.nx).toBe(ORIGINAL.features!.nx);
    }
  });
});

/** True when the report says the file is incomplete: an error, field errors or a TRUNCATED anomaly (also in slices). */
function flagged(r: Report): boolean {
  return r.error !== null || r.fieldErrors.length > 0 || (r.anomalies ?? []).some((a) => a.code === 'TRUNCATED') || (r.slices ?? []).some(flagged);
}

describe('truncated PE and Mach-O files are reported', () => {
  for (const f of ['pe/hello64.exe', 'pe/hello32.exe', 'macho/hello-arm64', 'macho/libhello-arm64.dylib', 'macho/go-darwin-amd64', 'macho/go-darwin-universal']) {
    it(`${f} cut at 1/4, 1/2, 3/4 and one byte short: never a clean report, and the gate fails`, () => {
      const full = readFileSync(corpusPath(f));
      expect(flagged(inspect(full))).toBe(false);
      for (const n of [full.length >> 2, full.length >> 1, (full.length * 3) >> 2, full.length - 1]) {
        const r = inspect(full.subarray(0, n));
        expect(flagged(r), `${f} at ${n}`).toBe(true);
        const machine = r.machine ?? r.slices?.[0]?.machine ?? 'x86_64';
        expect(checkPolicy(r, mergePolicies(emptyPolicy(), { machine })).length, `${f} at ${n}`).toBeGreaterThan(0);
      }
    });
  }

  it('a Mach-O LC_DYSYMTAB or LC_SYMTAB range past the end of the file is a TRUNCATED anomaly', () => {
    const full = new Uint8Array(readFileSync(corpusPath('macho/hello-arm64')));
    const dv = new DataView(full.buffer);
    const ncmds = dv.getUint32(16, true);
    let at = 32;
    const found: string[] = [];
    for (let i = 0; i < ncmds; i++) {
      const cmd = dv.getUint32(at, true);
      const size = dv.getUint32(at + 4, true);
      if (cmd === 0xb) {
        const b = full.slice();
        new DataView(b.buffer).setUint32(at + 56, b.length - 4, true); // indirectsymoff
        new DataView(b.buffer).setUint32(at + 60, 100, true); // nindirectsyms
        found.push(...inspect(b).anomalies!.map((a) => `${a.code} ${a.structure}`));
      }
      if (cmd === 0x2) {
        const b = full.slice();
        new DataView(b.buffer).setUint32(at + 20, 0x100000, true); // strsize
        found.push(...inspect(b).anomalies!.map((a) => `${a.code} ${a.structure}`));
      }
      at += size;
    }
    expect(found).toEqual(['TRUNCATED symtab_command', 'TRUNCATED dysymtab_command']);
  });
});
