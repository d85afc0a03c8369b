import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inspectFileSync } from '../../src/inspect/file.js';
import { FEATURE_COLUMNS, FEATURE_KEYS, FEATURES, PROTECTIONS, REQUIRE_WORDS, judge } from '../../src/query/features.js';
import { CORPUS, corpusPath } from '../helpers.js';

/** What GNU readelf says of an ELF file: e_type, e_machine, whether it has PT_GNU_STACK and its flags, DF_1_PIE. */
interface ReadelfView {
  type: string;
  machine: string;
  stack: string | null;
  pie: boolean;
}

function readelf(path: string): ReadelfView | null {
  let text: string;
  try {
    text = execFileSync('readelf', ['-hldW', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const type = /^\s*Type:\s+(\S+)/m.exec(text)?.[1];
  const machine = /^\s*Machine:\s+(.+)$/m.exec(text)?.[1]?.trim();
  if (!type || !machine) return null;
  const stack = /^\s*GNU_STACK\s.*\s([RWE ]{3})\s+0x[0-9a-f]+$/m.exec(text)?.[1] ?? null;
  return { type, machine, stack, pie: /FLAGS_1\)\s+Flags:.*\bPIE\b/.test(text) };
}

const elfFiles = (): string[] => execFileSync('find', [`${CORPUS}/elf`, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n').sort();

describe('the feature table', () => {
  it('names every feature once; reports list its keys in its order, the shared ones in every format', () => {
    expect(new Set(FEATURE_KEYS).size).toBe(FEATURE_KEYS.length);
    const shared = FEATURE_KEYS.filter((k) => FEATURES[k].shared);
    for (const p of ['elf/x86_64/hello-pie', 'elf/aarch64/bp-standard-nostdlib', 'pe/hello64.exe', 'macho/go-darwin-amd64']) {
      const r = inspectFileSync(corpusPath(p));
      expect(r.error, p).toBeNull();
      const keys = Object.keys(r.features ?? {});
      expect(keys.filter((k) => shared.includes(k as never)), p).toEqual(shared);
      expect(keys, p).toEqual(FEATURE_KEYS.filter((k) => keys.includes(k)));
    }
  });

  it('derives --require words, protections and the features columns from its rows', () => {
    // The words check accepted before the table, each still accepted.
    expect(REQUIRE_WORDS).toEqual(expect.arrayContaining(['pie', 'nx', 'bti', 'pac', 'gcs', 'ibt', 'shstk', 'bindNow', 'cfg', 'relro=full', 'relro=partial']));
    expect(PROTECTIONS).not.toContain('x86IsaNeeded');
    expect(REQUIRE_WORDS).toEqual(expect.arrayContaining(['canary', 'fortify', 'no-textrel']));
    expect(FEATURE_COLUMNS).toEqual(['pie', 'nx', 'relro', 'bindNow', 'bti', 'pac', 'gcs', 'ibt', 'shstk', 'cfg', 'canary', 'fortify', 'textrel']);
    expect(() => judge('bindnow', { format: 'elf' })).toThrow(TypeError);
  });

  it('judges each ELF corpus file as GNU readelf sees it: pie, nx, bti, ibt only where they apply', () => {
    let judged = 0;
    for (const path of elfFiles()) {
      // corpus/elf/loader: rewritten so that readelf (which reads PT_DYNAMIC at p_offset) and the
      // loader disagree on purpose; binspect follows the loader there (docs/loader.md).
      if (path.includes('/elf/loader/')) continue;
      const re = readelf(path);
      if (!re) continue;
      const r = inspectFileSync(path, { select: ['machine', 'type', 'features'] });
      if (r.error || r.fieldErrors.length) continue;
      judged++;
      const linked = re.type === 'EXEC' || re.type === 'DYN';
      // pie: an ET_EXEC lacks it, a DF_1_PIE executable has it, a library or object: not applicable.
      expect(judge('pie', r), path).toBe(re.type === 'EXEC' ? 'no' : re.type === 'DYN' && re.pie ? 'yes' : 'n/a');
      // nx: a linked file without PT_GNU_STACK lacks it (the kernel's default may be an executable stack).
      expect(judge('nx', r), path).toBe(!linked ? 'n/a' : re.stack === null || re.stack.includes('E') ? 'no' : 'yes');
      const aarch64 = re.machine === 'AArch64';
      const x86 = re.machine === 'Advanced Micro Devices X86-64' || re.machine === 'Intel 80386';
      expect(judge('bti', r) === 'n/a', path).toBe(!aarch64);
      expect(judge('pac', r) === 'n/a', path).toBe(!aarch64);
      expect(judge('ibt', r) === 'n/a', path).toBe(!x86);
      expect(judge('shstk', r) === 'n/a', path).toBe(!x86);
      expect(judge('cfg', r), path).toBe('n/a');
    }
    expect(judged).toBeGreaterThan(30);
  });

  it('judges PE and Mach-O by their own rules: pac only on arm64 Mach-O, cfg and shstk on PE images', () => {
    const exe = inspectFileSync(corpusPath('pe/hello64.exe'));
    expect(judge('cfg', exe)).not.toBe('n/a');
    expect(judge('shstk', exe)).not.toBe('n/a');
    expect(judge('bti', exe)).toBe('n/a');
    expect(judge('relro=full', exe)).toBe('n/a');
    const mac = inspectFileSync(corpusPath('macho/go-darwin-amd64'));
    expect(mac.features?.pac).toBe(false);
    expect(judge('pac', mac)).toBe('n/a');
    expect(judge('pie', mac)).toBe(mac.features?.pie ? 'yes' : 'no');
  });
});
