import { describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { FatFile } from '../../src/macho/file.js';
import { fatSlices } from '../../src/query/macho.js';
import { Bytes, fat, image, lcStr } from './builder.js';

const x86 = image([lcStr(0xe, '/usr/lib/dyld')], { cputype: 0x1000007, cpusubtype: 3 });
const arm = image([lcStr(0xe, '/usr/lib/dyld')], { cputype: 0x100000c });

describe('fat files', () => {
  it('reads fat_header and fat_arch (big-endian) and each slice', () => {
    const f = FatFile.fromBytes(fat([
      { cputype: 0x1000007, cpusubtype: 3, offset: 0x1000, size: x86.length, bytes: x86 },
      { cputype: 0x100000c, offset: 0x2000, size: arm.length, bytes: arm },
    ]));
    expect(f.header.nfat_arch).toBe(2);
    expect(f.archs.map((a) => [a.cputype, a.offset, a.size, a.align, a.error])).toEqual([
      [0x1000007, 0x1000, x86.length, 12, null], [0x100000c, 0x2000, arm.length, 12, null],
    ]);
    expect(f.slice(1).header.cputype).toBe(0x100000c);
    expect(f.slice(0).dylinker).toBe('/usr/lib/dyld');
    expect(() => f.slice(2)).toThrow(TypeError);
  });
  it('reads fat_arch_64', () => {
    const f = FatFile.fromBytes(fat([{ cputype: 0x100000c, offset: 0x4000, size: arm.length, bytes: arm }], { wide: true }));
    expect(f.header.magic).toBe(0xcafebabf);
    expect(f.slice(0).header.cputype).toBe(0x100000c);
  });
  it('nfat_arch 2^32-1 is LIMIT, without allocating', () => {
    const b = new Bytes(false).u32(0xcafebabe, 0xffffffff).build();
    try {
      FatFile.fromBytes(b);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(BinspectError);
      expect((e as BinspectError).code).toBe('LIMIT');
      expect((e as BinspectError).format).toBe('macho-fat');
    }
  });
  it('a table past the end of the file is TRUNCATED', () => {
    expect(() => FatFile.fromBytes(new Bytes(false).u32(0xcafebabe, 3).build())).toThrow(/TRUNCATED|passes|needs/);
  });
  it('a slice past EOF fails alone; the other still parses', () => {
    const f = FatFile.fromBytes(fat([
      { cputype: 0x1000007, offset: 0x1000, size: x86.length, bytes: x86 },
      { cputype: 0x100000c, offset: 0x2000, size: 0x100000 },
    ]));
    const s = fatSlices(f);
    expect(s[0]?.file?.header.cputype).toBe(0x1000007);
    expect(s[1]?.error?.code).toBe('TRUNCATED');
    expect(s[1]?.error?.structure).toBe('fat_arch[1]');
  });
  it('overlapping slices: the later one is an error; a slice over the header too', () => {
    const f = FatFile.fromBytes(fat([
      { cputype: 0x1000007, offset: 0x1000, size: x86.length, bytes: x86 },
      { cputype: 0x1000007, offset: 0x1000 + 8, size: 16 },
      { cputype: 0x100000c, offset: 0, size: 64 },
    ], { total: 0x2000 }));
    const s = fatSlices(f);
    expect(s.map((x) => x.error?.code ?? 'ok')).toEqual(['ok', 'OUT_OF_BOUNDS', 'OUT_OF_BOUNDS']);
  });
  it('a slice that is not Mach-O, or whose cputype disagrees, fails alone', () => {
    const f = FatFile.fromBytes(fat([
      { cputype: 0x1000007, offset: 0x1000, size: 64, bytes: new Uint8Array(64) },
      { cputype: 0x1000007, offset: 0x2000, size: arm.length, bytes: arm },
      { cputype: 0x100000c, offset: 0x3000, size: arm.length, bytes: arm },
    ]));
    expect(fatSlices(f).map((x) => x.error?.code ?? 'ok')).toEqual(['BAD_MAGIC', 'UNSUPPORTED', 'ok']);
  });
  it('rejects non-fat magics', () => {
    expect(() => FatFile.fromBytes(x86)).toThrow(BinspectError);
  });
});
