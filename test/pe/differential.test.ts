import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeFile } from '../../src/pe/file.js';
import { CORPUS } from '../helpers.js';
import { peManifest } from './manifest.js';

/**
 * Differential test: the PE parser against `llvm-readobj` (LLVM 14) and GNU `objdump -p`
 * (binutils 2.40) over every corpus PE/COFF file. Zero disagreements on machine, characteristics,
 * DLL characteristics, subsystem version, imports (DLL, name + hint or ordinal), delay imports,
 * exports (ordinal, names, RVA, forwarder) and the CodeView record (GUID, age, path).
 *
 * Oracle quirks handled by name, never by copying answers: llvm-readobj lists unused export
 * address table slots (RVA 0), which are not exports; objdump 2.40 prints an empty PDB path as
 * `(none)`, prints 64-bit import ordinals in hex, and does not know ARM64 PE (it is skipped there).
 */

type Fn = { name: string | null; hint: number | null; ordinal: number | null };
interface Facts {
  machine?: number;
  characteristics?: number;
  dllCharacteristics?: number;
  subsystem?: string;
  imports?: { dll: string; functions: Fn[] }[];
  delayImports?: { dll: string; functions: Fn[] }[];
  exports?: { ordinal: number; name: string; rva: number }[];
  forwarders?: { ordinal: number; rva: number; forwarder: string | null }[];
  exportNames?: string[];
  pdb?: { guid: string; age: number; path: string } | null;
}

function run(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return null;
  }
}

/** Facts from `llvm-readobj --file-headers --coff-imports --coff-exports --coff-debug-directory`. */
export function llvmFacts(path: string): Facts {
  const out = run('llvm-readobj', ['--file-headers', '--coff-imports', '--coff-exports', '--coff-debug-directory', path]);
  if (out === null) throw new Error(`llvm-readobj failed on ${path}`);
  const f: Facts = { imports: [], delayImports: [], exports: [], pdb: null };
  const lines = out.split('\n');
  let block = '';
  let cur: { dll: string; functions: Fn[] } | null = null;
  let exp: { ordinal: number; name: string; rva: number } | null = null;
  let guid: string | null = null;
  let age = 0;
  for (const raw of lines) {
    const l = raw.trim();
    if (/^ImageFileHeader \{/.test(l)) block = 'file';
    else if (/^ImageOptionalHeader \{/.test(l)) block = 'opt';
    else if (/^DOSHeader \{/.test(l)) block = 'dos';
    let m: RegExpMatchArray | null;
    if ((m = l.match(/^Machine: .*\((0x[0-9A-Fa-f]+)\)$/))) f.machine = Number(m[1]);
    else if ((m = l.match(/^Characteristics \[ \((0x[0-9A-Fa-f]+)\)/))) {
      if (block === 'file') f.characteristics = Number(m[1]);
      else if (block === 'opt') f.dllCharacteristics = Number(m[1]);
    } else if ((m = l.match(/^MajorSubsystemVersion: (\d+)$/))) f.subsystem = m[1];
    else if ((m = l.match(/^MinorSubsystemVersion: (\d+)$/))) f.subsystem += `.${m[1]}`;
    else if (l === 'Import {' && raw.startsWith('Import')) block = 'import';
    else if (l === 'DelayImport {') block = 'delay';
    else if (l === 'Export {') {
      block = 'export';
      cur = null;
      exp = { ordinal: -1, name: '', rva: -1 };
    } else if (exp && (m = l.match(/^Ordinal: (\d+)$/))) exp.ordinal = Number(m[1]);
    else if (exp && (m = raw.match(/^ {2}Name: ?(.*)$/))) exp.name = m[1]!;
    else if ((m = l.match(/^Name: (.*)$/)) && (block === 'import' || block === 'delay') && raw.startsWith('  Name')) {
      cur = { dll: m[1]!, functions: [] };
      (block === 'import' ? f.imports! : f.delayImports!).push(cur);
    } else if ((m = l.match(/^Symbol: (.*) \((\d+)\)$/)) && cur) {
      const name = m[1]!;
      cur.functions.push(name === '' ? { name: null, hint: null, ordinal: Number(m[2]) } : { name, hint: Number(m[2]), ordinal: null });
    } else if (exp && (m = l.match(/^RVA: (0x[0-9A-Fa-f]+)$/))) {
      exp.rva = Number(m[1]);
      f.exports!.push(exp);
      exp = null;
    } else if ((m = l.match(/^PDBGUID: \(([0-9A-F ]+)\)$/))) {
      const b = m[1]!.split(' ').map((x) => x.toLowerCase());
      guid = `${b.slice(0, 4).reverse().join('')}-${b.slice(4, 6).reverse().join('')}-${b.slice(6, 8).reverse().join('')}-${b.slice(8, 10).join('')}-${b.slice(10).join('')}`;
    } else if ((m = l.match(/^PDBAge: (\d+)$/))) age = Number(m[1]);
    else if ((m = l.match(/^PDBFileName: ?(.*)$/)) && guid && !f.pdb) f.pdb = { guid, age, path: m[1]! };
  }
  // llvm-readobj lists every export address table slot; a slot with RVA 0 exports nothing.
  f.exports = f.exports!.filter((e) => e.rva !== 0);
  return f;
}

/** Facts from `objdump -p`, or null when objdump does not know the format (ARM64 PE in binutils 2.40). */
export function objdumpFacts(path: string, pe32plus: boolean): Facts | null {
  const out = run('objdump', ['-p', path]);
  if (out === null) return null;
  const f: Facts = { imports: [], forwarders: [], exportNames: [], pdb: null };
  let cur: { dll: string; functions: Fn[] } | null = null;
  let section = '';
  for (const raw of out.split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = raw.match(/^Characteristics (0x[0-9a-f]+)$/))) f.characteristics = Number(m[1]);
    else if ((m = raw.match(/^DllCharacteristics\s+([0-9a-f]+)$/))) f.dllCharacteristics = parseInt(m[1]!, 16);
    else if ((m = raw.match(/^MajorSubsystemVersion\s+(\d+)$/))) f.subsystem = m[1];
    else if ((m = raw.match(/^MinorSubsystemVersion\s+(\d+)$/))) f.subsystem += `.${m[1]}`;
    else if ((m = raw.match(/^\tDLL Name: (.*)$/))) {
      cur = { dll: m[1]!, functions: [] };
      f.imports!.push(cur);
    } else if (cur && raw === '') {
      if (cur.functions.length > 0 || section === 'afterhdr') cur = null;
    } else if (cur && /^\tvma:/.test(raw)) section = 'afterhdr';
    else if (cur && (m = raw.match(/^\t[0-9a-f]+\t\s*([0-9a-f]+)\s+<none>/))) {
      cur.functions.push({ name: null, hint: null, ordinal: parseInt(m[1]!, pe32plus ? 16 : 10) });
    } else if (cur && (m = raw.match(/^\t[0-9a-f]+\t\s*(\d+)\s+(\S+)/))) {
      cur.functions.push({ name: m[2]!, hint: Number(m[1]), ordinal: null });
    } else if (raw.startsWith('Export Address Table -- ')) section = 'eat';
    else if (raw.startsWith('[Ordinal/Name Pointer] Table')) section = 'npt';
    else if (section === 'eat' && (m = raw.match(/^\t\[\s*\d+\] \+base\[\s*(\d+)\] ([0-9a-f]+) (Export|Forwarder) RVA(?: -- (.*))?$/))) {
      f.forwarders!.push({ ordinal: Number(m[1]), rva: parseInt(m[2]!, 16), forwarder: m[3] === 'Forwarder' ? m[4]! : null });
    } else if (section === 'npt' && (m = raw.match(/^\t\[\s*\d+\] (.*)$/))) f.exportNames!.push(m[1]!);
    else if (section === 'npt' && raw.trim() === '') section = '';
    else if ((m = raw.match(/^\(format RSDS signature ([0-9a-f]{32}) age (\d+) pdb (.*)\)$/)) && !f.pdb) {
      const s = m[1]!;
      f.pdb = { guid: `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`,
        age: Number(m[2]), path: m[3] === '(none)' ? '' : m[3]! };
    }
  }
  return f;
}

const strip = (fs: Fn[]): Fn[] => fs.map((x) => ({ name: x.name, hint: x.hint, ordinal: x.ordinal }));

describe('PE differential: llvm-readobj and objdump -p', () => {
  const files = peManifest().map((e) => e.path);
  for (const p of files) {
    it(p, () => {
      const path = join(CORPUS, p);
      const pe = PeFile.fromBytes(readFileSync(path));
      const d: string[] = [];
      const eq = (what: string, ours: unknown, theirs: unknown): void => {
        if (theirs === undefined) return;
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) d.push(`${what}: binspect ${JSON.stringify(ours)} oracle ${JSON.stringify(theirs)}`);
      };
      const cv = pe.format === 'pe' ? pe.codeView : null;
      const ourPdb = cv?.guid ? { guid: cv.guid, age: cv.Age, path: cv.PdbFileName } : null;
      const ourImports = pe.imports.map((x) => ({ dll: x.dll, functions: strip(x.functions) }));
      const ourDelay = pe.delayImports.map((x) => ({ dll: x.dll, functions: strip(x.functions) }));
      const o = pe.optionalHeader;

      const L = llvmFacts(path);
      eq('llvm machine', pe.fileHeader.Machine, L.machine);
      eq('llvm characteristics', pe.fileHeader.Characteristics, L.characteristics);
      if (o) {
        eq('llvm DllCharacteristics', o.DllCharacteristics, L.dllCharacteristics);
        eq('llvm subsystem version', `${o.MajorSubsystemVersion}.${o.MinorSubsystemVersion}`, L.subsystem);
        eq('llvm imports', ourImports, L.imports);
        eq('llvm delay imports', ourDelay, L.delayImports);
        eq('llvm exports', pe.exports.map((x) => ({ ordinal: x.ordinal, name: x.names[0] ?? '', rva: x.rva })), L.exports);
        eq('llvm pdb', ourPdb, L.pdb);
      }

      const O = objdumpFacts(path, pe.pe32plus);
      if (O) {
        eq('objdump characteristics', pe.fileHeader.Characteristics, O.characteristics);
        if (o) {
          eq('objdump DllCharacteristics', o.DllCharacteristics, O.dllCharacteristics);
          eq('objdump subsystem version', `${o.MajorSubsystemVersion}.${o.MinorSubsystemVersion}`, O.subsystem);
          eq('objdump imports', ourImports, O.imports);
          eq('objdump exports', pe.exports.map((x) => ({ ordinal: x.ordinal, rva: x.rva, forwarder: x.forwarder })), O.forwarders);
          eq('objdump export names', pe.exports.flatMap((x) => x.names).sort(), [...O.exportNames!].sort());
          eq('objdump pdb', ourPdb, O.pdb);
        }
      } else {
        expect(pe.fileHeader.Machine, 'only ARM64 PE is unknown to objdump 2.40').toBe(0xaa64);
      }
      expect(d).toEqual([]);
    });
  }

  it('the oracles saw what the corpus promises (no vacuous comparisons)', () => {
    const L = llvmFacts(join(CORPUS, 'pe/usedelay.exe'));
    expect(L.delayImports?.[0]?.dll).toBe('mylib.dll');
    expect(llvmFacts(join(CORPUS, 'pe/guard64.exe')).pdb?.path).toBe('C:\\build\\guard64.pdb');
    const O = objdumpFacts(join(CORPUS, 'pe/mylib.dll'), true)!;
    expect(O.forwarders).toContainEqual({ ordinal: 3, rva: expect.any(Number), forwarder: 'KERNEL32.GetTickCount' });
    expect(objdumpFacts(join(CORPUS, 'pe/useimport.exe'), true)!.imports?.[0]?.functions).toContainEqual({ name: null, hint: null, ordinal: 7 });
    expect(objdumpFacts(join(CORPUS, 'pe/hello64.exe'), true)!.pdb?.guid).toMatch(/^[0-9a-f-]{36}$/);
  });
});
