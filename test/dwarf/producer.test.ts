/**
 * DW_AT_producer of the first compilation unit (src/dwarf, src/query/dwarf.ts) against two
 * independent readers on the same files: GNU readelf (--debug-dump=info) and llvm-dwarfdump.
 * corpus/dwarf (corpus/build-dwarf.sh) covers DWARF 2, 4, 5, 64-bit DWARF, .debug_str,
 * .debug_line_str and .debug_str_offsets strings, SHF_COMPRESSED and .zdebug sections, a split-DWARF
 * skeleton, both byte orders and both ELF classes; then hostile rewrites of its sections.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../src/provenance/node/zlib.js';
import { ElfFile } from '../../src/elf/file.js';
import { BinspectError } from '../../src/errors.js';
import { compileFlags } from '../../src/query/compileflags.js';
import { elfProducer } from '../../src/query/dwarf.js';
import { namedSections } from '../../src/query/hardening.js';
import { corpusPath } from '../helpers.js';
import { runCli } from '../cli/inproc.js';

const FILES = [...readdirSync(corpusPath('dwarf')).map((f) => `dwarf/${f}`), 'hardening/hardened-g', 'hardening/plain'];

/** The first DW_AT_producer readelf prints (it decompresses sections; it follows no .dwo here: none is committed). */
function readelfProducer(path: string): string | null {
  const out = execFileSync('readelf', ['--debug-dump=info', path], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /DW_AT_producer\s*:\s*(?:\([^)]*\):\s*)?(.*)$/m.exec(out);
  return m ? m[1]!.trimEnd() : null;
}

/** The first DW_AT_producer llvm-dwarfdump prints. */
function dwarfdumpProducer(path: string): string | null {
  const out = execFileSync('llvm-dwarfdump', ['--debug-info', path], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const m = /DW_AT_producer\s*\("(.*)"\)$/m.exec(out);
  return m ? m[1]! : null;
}

const producerOf = (path: string): string | null => elfProducer(ElfFile.fromBytes(readFileSync(path))).producer;

describe('DW_AT_producer against readelf and llvm-dwarfdump', () => {
  for (const f of FILES) {
    it(f, () => {
      const p = corpusPath(f);
      const want = readelfProducer(p);
      expect(producerOf(p)).toBe(want);
      if (!f.endsWith('gz-gnu')) expect(dwarfdumpProducer(p)).toBe(want); // llvm-dwarfdump 14 does not read .zdebug
    });
  }

  it('the corpus covers what it claims', () => {
    const sections = (f: string): string[] => namedSections(ElfFile.fromBytes(readFileSync(corpusPath(`dwarf/${f}`)))).map((s) => s.name);
    expect(sections('gcc-gz-gnu')).toContain('.zdebug_info');
    expect(sections('clang-strx')).toContain('.debug_str_offsets');
    const e = ElfFile.fromBytes(readFileSync(corpusPath('dwarf/i686-gz')));
    expect(e.header.class).toBe(32);
    expect(namedSections(e).find((s) => s.name === '.debug_info')!.shdr.sh_flags & 0x800n).toBe(0x800n);
    expect(ElfFile.fromBytes(readFileSync(corpusPath('dwarf/s390x'))).header.littleEndian).toBe(false);
  });

  it('says why there is no producer', () => {
    const reason = (f: string) => elfProducer(ElfFile.fromBytes(readFileSync(corpusPath(f))));
    expect(reason('dwarf/gcc-nodwarf')).toEqual({ producer: null, reason: 'no DWARF (.debug_info)' });
    expect(reason('dwarf/gcc-split')).toEqual({ producer: null, reason: 'the compilation unit has no DW_AT_producer' });
  });
});

describe('compile flags from the producer', () => {
  it('reads the switches the build script passed, the last of contradicting ones winning', () => {
    const flags = (f: string) => compileFlags(producerOf(corpusPath(f))!);
    expect(flags('dwarf/gcc-dwarf5')).toMatchObject({ optimization: '-O2', stackProtector: 'strong', cfProtection: 'full', stackClash: true, fortifySource: null });
    expect(flags('dwarf/gcc-dwarf2')).toMatchObject({ optimization: '-O1', stackProtector: 'none', cfProtection: null, stackClash: null });
    expect(flags('dwarf/gcc-dwarf64')).toMatchObject({ optimization: '-Os', stackProtector: 'all' });
    expect(flags('dwarf/gcc-gz-zlib')).toMatchObject({ cfProtection: 'branch' });
    expect(flags('dwarf/clang-cmdline')).toMatchObject({ optimization: '-O2', stackProtector: 'all', fortifySource: 3 });
    expect(compileFlags(producerOf(corpusPath('dwarf/clang-strx'))!)).toBeNull();
    expect(compileFlags('GNU C17 12.2.0 -O2 -O0 -fstack-protector-strong -fno-stack-protector -D _FORTIFY_SOURCE=2 -U_FORTIFY_SOURCE -fcf-protection'))
      .toMatchObject({ optimization: '-O0', stackProtector: 'none', fortifySource: 0, cfProtection: 'full' });
  });
});

describe('hostile DWARF', () => {
  const base = readFileSync(corpusPath('dwarf/gcc-dwarf5'));
  const ranges = namedSections(ElfFile.fromBytes(base))
    .filter((s) => ['.debug_info', '.debug_abbrev', '.debug_str', '.debug_line_str'].includes(s.name))
    .map((s) => [s.shdr.sh_offset, s.shdr.sh_size] as const);

  it('rewritten section bytes give a producer, null with a reason, or a BinspectError; nothing else', () => {
    const runs = Math.max(200, Math.ceil(Number(process.env.BINSPECT_FUZZ_RUNS ?? 100_000) / 50));
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(ranges.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      (edits) => {
        const b = Buffer.from(base);
        for (const [r, at, v] of edits) {
          const [off, size] = ranges[r]!;
          b[off + (at % size)] = v;
        }
        try {
          const p = elfProducer(ElfFile.fromBytes(b));
          expect(p.producer === null ? typeof p.reason : typeof p.producer).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(BinspectError);
        }
      },
    ), { numRuns: runs });
  });

  it('a unit_length past the section, a reserved one, an unknown version, a bad abbreviation offset: typed errors', () => {
    const [infoOff] = ranges[0]!;
    const edit = (at: number, bytes: number[]): Buffer => {
      const b = Buffer.from(base);
      b.set(bytes, infoOff + at);
      return b;
    };
    const code = (b: Buffer): string => {
      try {
        elfProducer(ElfFile.fromBytes(b));
        return 'none';
      } catch (e) {
        return (e as BinspectError).code;
      }
    };
    expect(code(edit(0, [0xf0, 0xff, 0xff, 0x7f]))).toBe('TRUNCATED');
    expect(code(edit(0, [0xf0, 0xff, 0xff, 0xff]))).toBe('UNSUPPORTED');
    expect(code(edit(4, [9, 0]))).toBe('UNSUPPORTED');
    expect(code(edit(8, [0xff, 0xff, 0xff, 0x7f]))).toBe('OUT_OF_BOUNDS');
  });
});

describe('info shows what the producer says', () => {
  it('a "compiled" line with the hardening switches the build script passed (corpus/build-dwarf.sh)', async () => {
    const run = await runCli(['info', corpusPath('dwarf/gcc-dwarf5'), corpusPath('dwarf/clang-cmdline'), corpusPath('dwarf/clang-strx')]);
    expect(run.status).toBe(0);
    const lines = run.out.split('\n').filter((l) => l.includes('compiled'));
    expect(lines).toEqual([
      '  compiled      -O2, stack protector strong, cf-protection full, stack-clash protection on (DW_AT_producer)',
      '  compiled      -O2, stack protector all, _FORTIFY_SOURCE=3 (DW_AT_producer)',
    ]);
  });
});
