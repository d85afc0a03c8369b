import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect, inspectFileSync } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';
import { classifyFortify } from '../../src/query/fortify.js';

/**
 * `stripped`, `debugInfo`, `debugLink`, `features.textrel` against GNU readelf (-S, -d, -wk) on
 * the ELF corpus and corpus/hardening (built by corpus/build-hardening.sh for these facts).
 */
const readelf = (args: string[], f: string): string =>
  execFileSync('readelf', ['-W', ...args, f], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });

const known = new Map<string, ReturnType<typeof readelfUncached>>();
const readelfFacts = (f: string): ReturnType<typeof readelfUncached> => known.get(f) ?? known.set(f, readelfUncached(f)).get(f)!;

function readelfUncached(f: string): { stripped: boolean; debugInfo: boolean; textrel: boolean | null; link: string | null; crc: string | null; alt: string | null } {
  const sections = readelf(['-S'], f);
  const dyn = readelf(['-d'], f);
  const links = readelf(['-wk'], f);
  const debuglink = /\.gnu_debuglink section:\s+Separate debug info file: (.*)\n\s+CRC value: 0x([0-9a-f]+)/.exec(links);
  const alt = /\.gnu_debugaltlink section:\s+Separate debug info file: (.*)\n/.exec(links);
  return {
    stripped: !/\]\s+\.symtab\s+SYMTAB/.test(sections),
    debugInfo: /\]\s+\.z?debug_info\s+PROGBITS/.test(sections),
    textrel: /There is no dynamic section/.test(dyn) || !/Dynamic section/.test(dyn) ? null : /\(TEXTREL\)|\(FLAGS\).*TEXTREL/.test(dyn),
    link: debuglink?.[1] ?? null,
    crc: debuglink ? debuglink[2]!.padStart(8, '0') : null,
    alt: alt?.[1] ?? null,
  };
}

const files = [
  ...manifest().filter((e) => e.path.startsWith('elf/') && !e.path.includes('noshdr')).map((e) => corpusPath(e.path)),
  ...readdirSync(corpusPath('hardening')).filter((f) => !f.endsWith('.b64')).map((f) => corpusPath(`hardening/${f}`)),
];

describe('stripped, debugInfo, debugLink, textrel agree with readelf', () => {
  it('covers each answer', { timeout: 120_000 }, () => {
    const facts = files.map(readelfFacts);
    for (const k of ['stripped', 'debugInfo', 'textrel'] as const) expect(new Set(facts.map((x) => x[k])).has(true), k).toBe(true);
    expect(facts.some((x) => x.link !== null)).toBe(true);
  });
  for (const f of files) {
    it(f.slice(corpusPath('').length + 1), () => {
      const r = inspectFileSync(f);
      const x = readelfFacts(f);
      expect(r.stripped).toBe(x.stripped);
      expect(r.debugInfo).toBe(x.debugInfo);
      expect(r.features?.textrel).toBe(x.textrel);
      expect(r.debugLink?.file ?? null).toBe(x.link);
      expect(r.debugLink?.crc ?? null).toBe(x.crc);
      expect(r.debugLink?.altFile ?? null).toBe(x.alt);
      if (r.buildId) expect(r.debugLink?.buildIdPath).toBe(`.build-id/${r.buildId.slice(0, 2)}/${r.buildId.slice(2)}.debug`);
      expect(r.debugOnly).toBe(false);
    });
  }

  it('a separate debug file (objcopy --only-keep-debug) is debug-only: DWARF, code sections NOBITS', () => {
    const bytes = Buffer.from(readFileSync(corpusPath('hardening/hardened-g.debug.b64'), 'utf8'), 'base64');
    const dir = mkdtempSync(join(tmpdir(), 'binspect-dbg-'));
    try {
      const p = join(dir, 'f.debug');
      writeFileSync(p, bytes);
      expect(readelf(['-S'], p)).toMatch(/\]\s+\.text\s+NOBITS/);
      expect(readelfFacts(p).debugInfo).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = inspect(bytes);
    expect(r.debugInfo).toBe(true);
    expect(r.debugOnly).toBe(true);
  });
});

describe('canary and fortify of PE and Mach-O agree with llvm-readobj and llvm-nm', () => {
  const sh = (args: string[], cmd = 'llvm-readobj'): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const pes = readdirSync(corpusPath('pe')).filter((n) => /\.(exe|dll)$/.test(n)).map((n) => corpusPath(`pe/${n}`));
  const machos = readdirSync(corpusPath('macho')).filter((n) => n !== 'MANIFEST.json' && !n.endsWith('.o') && !n.includes('universal')).map((n) => corpusPath(`macho/${n}`));

  it.each(pes)('PE %s: /GS cookie in the load config, or an imported __stack_chk_fail', (f) => {
    const cookie = /SecurityCookie: 0x([0-9a-f]+)/i.exec(sh(['--coff-load-config', f]));
    const imports = sh(['--coff-imports', f]);
    const want = (cookie !== null && BigInt(`0x${cookie[1]}`) !== 0n) || /__stack_chk_fail/.test(imports);
    expect(inspectFileSync(f).features!.canary).toBe(want);
  });

  it.each(machos)('Mach-O %s: undefined symbols as llvm-nm -u lists them', (f) => {
    const undef = sh(['-u', f], 'llvm-nm').split('\n').map((l) => l.trim()).filter(Boolean);
    const r = inspectFileSync(f);
    expect(r.features!.canary).toBe(undef.some((n) => /__stack_chk_(fail|guard)/.test(n)));
    expect(r.features!.fortify).toEqual(classifyFortify(undef));
  });

  it('the corpus has a PE with the /GS cookie and one without', () => {
    const seen = new Set(pes.map((f) => inspectFileSync(f).features!.canary));
    expect(seen).toEqual(new Set([true, false]));
  });
});
