import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectFileSync } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';

/**
 * `evidence` against binutils and LLVM on the same files: the first instruction at e_entry as
 * llvm-objdump disassembles it, the canary symbol's table as readelf lists it, the property note
 * as readelf -n prints it. The corpus has files with and without -fcf-protection,
 * -fstack-protector-strong and -D_FORTIFY_SOURCE=2, and a stripped static file (unknown canary).
 */
const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });

const files = [
  ...manifest().filter((e) => /^elf\/(x86_64|aarch64)\//.test(e.path) && !e.path.endsWith('.o')).map((e) => e.path),
  ...readdirSync(corpusPath('hardening')).filter((f) => !f.endsWith('.b64') && !f.startsWith('upx') && f !== 'libtextrel.so').map((f) => `hardening/${f}`),
];

function oracle(f: string): { entry: string; canary: string; property: string } {
  const entry = BigInt(/Entry point address:\s+(0x[0-9a-f]+)/.exec(sh('readelf', ['-h', '-W', f]))![1]!);
  const dis = sh('llvm-objdump', ['-d', `--start-address=${entry}`, `--stop-address=${entry + 4n}`, f]);
  // LLVM 14 prints AArch64's BTI as the hint it is encoded as: HINT #32/#34/#36/#38 = bti/bti c/bti j/bti jc.
  const m = /^\s*[0-9a-f]+:\s+(?:[0-9a-f]{2} )+\s*(\S+)\s*(#\d+)?/m.exec(dis);
  const hint: Record<string, string> = { '#32': 'bti', '#34': 'bti c', '#36': 'bti j', '#38': 'bti jc' };
  const insn = m?.[1] === 'hint' ? (hint[m[2] ?? ''] ?? 'hint') : (m?.[1] ?? '');
  const dyn = sh('readelf', ['-W', '--dyn-syms', f]);
  const all = sh('readelf', ['-W', '-s', f]);
  const mark = /__stack_chk_fail|__stack_chk_guard|__intel_security_cookie/;
  const notes = sh('readelf', ['-W', '-n', f]);
  // Without section headers readelf lists no symbols at all; binspect reads the dynamic table.
  const noSections = /There are no sections/.test(sh('readelf', ['-W', '-S', f]));
  return {
    entry: insn === 'endbr64' ? 'endbr64' : insn.startsWith('bti') ? insn : 'none',
    canary: noSections ? 'no sections' : mark.test(dyn) ? 'dynsym' : mark.test(all) ? 'symtab' : /Symbol table/.test(all) ? 'absent' : 'none',
    property: /(x86|AArch64) feature: (IBT|SHSTK|BTI|PAC)/.test(notes) ? 'set' : /Properties:/.test(notes) ? 'cleared' : 'absent',
  };
}

describe('evidence agrees with llvm-objdump and readelf', () => {
  for (const p of files) {
    it(p, () => {
      const r = inspectFileSync(corpusPath(p));
      const e = r.evidence!;
      const o = oracle(corpusPath(p));
      expect(e.entry ?? 'none').toBe(o.entry);
      expect(e.property).toBe(o.property);
      if (o.canary === 'no sections') {
        expect(['dynsym', 'absent']).toContain(e.canary);
      } else if (o.canary === 'none') {
        expect(e.canary).toBeNull();
        expect(e.reasons.canary).toMatch(/no symbol table/);
      } else {
        expect(e.canary).toBe(o.canary);
      }
    });
  }

  it('covers each answer', () => {
    const all = files.map((p) => inspectFileSync(corpusPath(p)).evidence!);
    for (const [k, want] of [['entry', ['endbr64', 'bti c', 'none']], ['canary', ['dynsym', 'symtab', 'absent', null]], ['property', ['set', 'cleared', 'absent']]] as const) {
      const seen = new Set(all.map((e) => e[k as 'entry']));
      for (const w of want) expect(seen.has(w as string), `${k} ${w}`).toBe(true);
    }
  }, 120_000);
});
