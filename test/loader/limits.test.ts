/**
 * Bounded amplification and argument checks: one report's decoded strings are capped whatever a
 * file's tables repeat; every limit is a finite number >= 0; scan() takes a list of paths.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amplificationElf } from '../../bench/amplification.js';
import { DEFAULT_REPORT_LIMITS, ElfFile, inspect, inspectFileSync, MachOFile, PeFile, scan } from '../../src/index.js';
import { buildElf } from '../builders/elf.js';
import { corpusPath } from '../helpers.js';

describe('bounded amplification', () => {
  const bytes = amplificationElf(20_000, 65_535);

  it('20,000 DT_NEEDED naming one 64 KiB string: needed stops at the string budget (LIMIT), the report stays small', () => {
    expect(bytes.length).toBeLessThan(400_000);
    const r = inspect(bytes);
    expect(r.error).toBeNull();
    expect(r.needed).toBeNull();
    expect(r.fieldErrors.find((e) => e.field === 'needed')?.code).toBe('LIMIT');
    expect(JSON.stringify(r).length).toBeLessThan(64 * 1024);
    // What does not need the strings is still answered.
    expect(r.machine).toBe('x86_64');
    expect(r.linkage).toBe('dynamic');
  });

  it('the same file read from disk gives the same answer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-amp-'));
    writeFileSync(join(dir, 'a.so'), bytes);
    const r = inspectFileSync(join(dir, 'a.so'));
    expect(r.needed).toBeNull();
    expect(r.fieldErrors.find((e) => e.field === 'needed')?.code).toBe('LIMIT');
  });

  it('the budget counts every string: a few entries of the long name fit, and a raised budget takes them all', () => {
    const few = amplificationElf(3, 65_535);
    expect(inspect(few).needed).toEqual(Array(3).fill('a'.repeat(65_535)));
    const r = inspect(amplificationElf(200, 1000), { limits: { maxStringBytes: 100 * 1064 } });
    expect(r.fieldErrors.find((e) => e.field === 'needed')?.code).toBe('LIMIT');
    expect(inspect(amplificationElf(200, 1000), { limits: { maxStringBytes: 200 * 1064 + 4096 } }).needed).toHaveLength(200);
  });

  it('ordinary files are far below the default budget', () => {
    expect(DEFAULT_REPORT_LIMITS.maxStringBytes).toBe(32 * 1024 * 1024);
    const r = inspectFileSync(corpusPath('elf/x86_64/cxx-hello'));
    expect(r.fieldErrors).toEqual([]);
    expect(r.symbolVersions!.length).toBeGreaterThan(0);
  });
});

describe('limits are validated', () => {
  const elf = buildElf({ class: 64, endian: 'little', needed: ['libc.so.6'] }).bytes;
  const bad: unknown[] = [NaN, -1, Infinity, -Infinity, '5', null, {}, 2n];

  it.each(bad.map((v) => [String(v), v]))('limits value %s is a TypeError in inspect(), the structure classes and scan()', (_n, v) => {
    for (const key of ['maxStringLength', 'maxDynamicEntries', 'maxSections', 'maxLoadCommands', 'maxStringBytes']) {
      expect(() => inspect(elf, { limits: { [key]: v } as never }), key).toThrow(TypeError);
    }
    expect(() => ElfFile.fromBytes(elf, { maxStringLength: v as number })).toThrow(TypeError);
    expect(() => PeFile.fromBytes(new Uint8Array(64), { maxSections: v as number })).toThrow(TypeError);
    expect(() => MachOFile.fromBytes(new Uint8Array(64), { maxLoadCommands: v as number })).toThrow(TypeError);
    expect(() => inspect(elf, { maxBytes: v as number })).toThrow(TypeError);
    expect(() => inspectFileSync(corpusPath('elf/x86_64/hello-pie'), { maxBytes: v as number })).toThrow(TypeError);
    expect(() => scan([corpusPath('elf')], { limits: { maxStringLength: v as number } })).toThrow(TypeError);
  });

  it('an unknown limit is a TypeError; undefined keeps the default; 0 is a valid (strict) limit', () => {
    expect(() => inspect(elf, { limits: { maxStringLenght: 5 } as never })).toThrow(/unknown limit "maxStringLenght"/);
    expect(inspect(elf, { limits: { maxStringLength: undefined } }).needed).toEqual(['libc.so.6']);
    const r = inspect(elf, { limits: { maxStringLength: 0 } });
    expect(r.needed).toBeNull();
    expect(r.fieldErrors.find((e) => e.field === 'needed')?.code).toBe('LIMIT');
  });

  it('maxStringLength NaN no longer hangs: it is refused before any read', () => {
    expect(() => inspect(elf, { limits: { maxStringLength: NaN } })).toThrow(/maxStringLength must be a finite number >= 0, not NaN/);
  });
});

describe('scan() arguments', () => {
  it('a bare string is a TypeError (it would walk the string\'s characters)', () => {
    expect(() => scan(corpusPath('elf') as never)).toThrow(/not a string/);
    expect(() => scan(42 as never)).toThrow(TypeError);
    expect(() => scan(null as never)).toThrow(TypeError);
  });

  it('non-path items are a TypeError naming the item, raised while iterating', async () => {
    const collect = async (inputs: unknown[]): Promise<unknown> => {
      try {
        for await (const _ of scan(inputs as never, { jobs: 0 })) void _;
      } catch (e) {
        return e;
      }
      return null;
    };
    for (const [inputs, want] of [[[1, null], /input 0 is a number/], [[corpusPath('elf/x86_64/hello-pie'), null], /input 1 is null/],
      [[{ path: 3, named: true }], /input 0 is an object/]] as const) {
      const e = await collect([...inputs]);
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(want);
    }
  });
});
