import { describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { memorySource } from '../../src/bytes/source.js';
import { MachOFile } from '../../src/macho/file.js';
import { readMachHeader } from '../../src/macho/header.js';
import { Bytes, image, lc, lcStr } from './builder.js';

const err = (f: () => unknown): BinspectError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BinspectError);
    return e as BinspectError;
  }
  throw new Error('expected a BinspectError');
};

describe('mach_header', () => {
  it('reads a little-endian mach_header_64', () => {
    const h = readMachHeader(memorySource(image([], { cputype: 0x1000007, cpusubtype: 3, filetype: 6, flags: 0x200085 })));
    expect(h).toMatchObject({ class: 64, littleEndian: true, cputype: 0x1000007, cpusubtype: 3, filetype: 6, ncmds: 0, flags: 0x200085, size: 32 });
  });
  it('reads a big-endian 32-bit mach_header (MH_CIGAM)', () => {
    const b = image([], { wide: false, le: false, cputype: 18, cpusubtype: 0, filetype: 2 });
    expect(Array.from(b.subarray(0, 4))).toEqual([0xfe, 0xed, 0xfa, 0xce]);
    const h = readMachHeader(memorySource(b));
    expect(h).toMatchObject({ class: 32, littleEndian: false, cputype: 18, filetype: 2, size: 28 });
  });
  it('rejects other magics and short files', () => {
    expect(err(() => MachOFile.fromBytes(new Uint8Array(64))).code).toBe('BAD_MAGIC');
    expect(err(() => MachOFile.fromBytes(new Uint8Array([0xcf, 0xfa]))).code).toBe('BAD_MAGIC');
    const e = err(() => MachOFile.fromBytes(image([]).subarray(0, 20)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.format).toBe('macho');
    expect(e.structure).toBe('mach_header_64');
  });
  it('throws TypeError for bad arguments', () => {
    expect(() => MachOFile.fromBytes('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => new MachOFile(memorySource(image([])), -1)).toThrow(TypeError);
  });
  it('reads an image placed at an offset, with image-relative offsets', () => {
    const img = image([lcStr(0xe, '/usr/lib/dyld')]);
    const buf = new Uint8Array(100 + img.length);
    buf.set(img, 100);
    const m = new MachOFile(memorySource(buf), 100);
    expect(m.dylinker).toBe('/usr/lib/dyld');
    expect(m.loadCommands[0]?.offset).toBe(32);
  });
});

describe('load commands', () => {
  it('walks commands, names them from the table and tolerates unknown ones', () => {
    const m = MachOFile.fromBytes(image([lc(0x7777, (b) => b.u32(1)), lcStr(0xe, '/usr/lib/dyld'), lc(0x1b, (b) => b.zeros(16))]));
    expect(m.loadCommands.map((c) => [c.cmd, c.name, c.cmdsize])).toEqual([
      [0x7777, undefined, 16], [0xe, 'LC_LOAD_DYLINKER', 32], [0x1b, 'LC_UUID', 24],
    ]);
  });
  it('cmdsize 0 is an error, not a hang', () => {
    const bad = new Bytes().u32(0x1b, 0).zeros(16).build();
    const e = err(() => MachOFile.fromBytes(image([bad], { ncmds: 1000 })).loadCommands);
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.structure).toBe('load_command[0]');
    expect(e.offset).toBe(32);
  });
  it('cmdsize must be a multiple of 8 in 64-bit files, of 4 in 32-bit ones', () => {
    const c12 = new Bytes().u32(0x2a, 12, 0).build();
    expect(err(() => MachOFile.fromBytes(image([c12])).loadCommands).message).toMatch(/multiple of 8/);
    expect(MachOFile.fromBytes(image([c12], { wide: false })).loadCommands[0]?.name).toBe('LC_SOURCE_VERSION');
  });
  it('a command passing the end of sizeofcmds is OUT_OF_BOUNDS', () => {
    const big = new Bytes().u32(0x1b, 4096).zeros(16).build();
    const e = err(() => MachOFile.fromBytes(image([big])).loadCommands);
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.structure).toBe('load_command[0]');
  });
  it('more ncmds than sizeofcmds holds is OUT_OF_BOUNDS at the first missing command', () => {
    const e = err(() => MachOFile.fromBytes(image([lc(0x1b, (b) => b.zeros(16))], { ncmds: 3 })).loadCommands);
    expect(e.code).toBe('OUT_OF_BOUNDS');
    expect(e.structure).toBe('load_command[1]');
  });
  it('sizeofcmds past the end of the file is TRUNCATED; the header still reads', () => {
    const m = MachOFile.fromBytes(image([], { ncmds: 1, sizeofcmds: 0x10000 }));
    expect(m.header.sizeofcmds).toBe(0x10000);
    expect(err(() => m.loadCommands).code).toBe('TRUNCATED');
  });
  it('caps ncmds and sizeofcmds', () => {
    expect(err(() => MachOFile.fromBytes(image([], { ncmds: 0xffffffff })).loadCommands).code).toBe('LIMIT');
    expect(err(() => MachOFile.fromBytes(image([], { sizeofcmds: 0xfffffff0 })).loadCommands).code).toBe('LIMIT');
    expect(err(() => MachOFile.fromBytes(image([lc(0x1b, (b) => b.zeros(16))]), { maxLoadCommands: 0 }).loadCommands).code).toBe('LIMIT');
  });
  it('caches errors: the second access throws the same error', () => {
    const m = MachOFile.fromBytes(image([], { ncmds: 1, sizeofcmds: 0x10000 }));
    const a = err(() => m.loadCommands);
    expect(err(() => m.loadCommands)).toBe(a);
  });
  it('reads big-endian load commands', () => {
    const m = MachOFile.fromBytes(image([lcStr(0xe, '/usr/lib/dyld', [], { le: false, wide: false })], { le: false, wide: false, cputype: 18 }));
    expect(m.dylinker).toBe('/usr/lib/dyld');
  });
});
