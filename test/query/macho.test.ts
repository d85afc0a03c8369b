import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/inspect/memory.js';
import { MachOFile } from '../../src/macho/file.js';
import { image, lc, lcStr } from '../macho/builder.js';

/** The report of a thin Mach-O image (a field the Mach-O table has no getter for is null). */
const report = (b: Uint8Array): Record<string, unknown> => {
  const r = inspect(b);
  expect(r.error).toBeNull();
  return r as unknown as Record<string, unknown>;
};
const V = (x: number, y: number, z: number): number => (x << 16) | (y << 8) | z;

describe('Mach-O report fields', () => {
  it('machine by cputype (§3.1)', () => {
    const machines = [[7, 'i386'], [0x1000007, 'x86_64'], [12, 'arm'], [0x100000c, 'aarch64'], [0x200000c, 'arm64_32'],
      [18, 'powerpc'], [0x1000012, 'powerpc64'], [6, null]] as const;
    for (const [cputype, name] of machines) expect(report(image([], { cputype })).machine).toBe(name);
  });
  it('type by filetype (§3.1)', () => {
    const types = ['relocatable', 'executable', 'fvmlib', 'core', 'preload', 'dylib', 'dylinker', 'bundle', 'dylib-stub', 'dsym', 'kext-bundle', 'fileset'];
    types.forEach((t, i) => expect(report(image([], { filetype: i + 1 })).type).toBe(t));
    expect(report(image([], { filetype: 99 })).type).toBeNull();
  });
  it('linkage rules', () => {
    const dyld = lcStr(0xe, '/usr/lib/dyld');
    expect(report(image([dyld], { filetype: 2 })).linkage).toBe('dynamic');
    expect(report(image([], { filetype: 2 })).linkage).toBe('static');
    expect(report(image([], { filetype: 6 })).linkage).toBe('dynamic');
    expect(report(image([], { filetype: 8 })).linkage).toBe('dynamic');
    expect(report(image([], { filetype: 1 })).linkage).toBeNull();
    expect(report(image([], { filetype: 7 })).linkage).toBeNull();
  });
  it('a dylib: soname, needed, rpath, uuid, minOs/sdk, class/endian', () => {
    const r = report(image([
      lcStr(0xd, '@rpath/libx.dylib', [0, 0, 0]), lcStr(0xc, '/usr/lib/libSystem.B.dylib', [0, 0, 0]),
      lcStr(0x8000001c, '@loader_path'), lc(0x1b, (b) => b.u8(...Array.from({ length: 16 }, (_, i) => i * 17))),
      lc(0x32, (b) => b.u32(1, V(12, 3, 1), 0, 0)),
    ], { filetype: 6 }));
    expect(r).toMatchObject({
      class: 64, endian: 'little', soname: '@rpath/libx.dylib', needed: ['/usr/lib/libSystem.B.dylib'], rpath: ['@loader_path'],
      runpath: null, libc: null, interpreter: null, uuid: '00112233-4455-6677-8899-aabbccddeeff',
      minOs: { platform: 'macos', version: '12.3.1' }, sdk: null, slices: null, buildId: null, pdbGuid: null,
    });
  });
  it('needed is null for objects, [] for an executable without dylibs', () => {
    expect(report(image([], { filetype: 1 })).needed).toBeNull();
    expect(report(image([], { filetype: 2 })).needed).toEqual([]);
  });
  it('features: pie, nx, noHeapExecution, pac for arm64e (with ptrauth ABI bits)', () => {
    const f = (o: Parameters<typeof image>[1]): Record<string, unknown> => report(image([], o)).features as Record<string, unknown>;
    expect(f({ flags: 0x200000 })).toMatchObject({ pie: true, nx: true, noHeapExecution: false, pac: false, bti: null, relro: null, signed: false, encrypted: false });
    expect(f({ flags: 0x1020000 })).toMatchObject({ pie: false, nx: false, noHeapExecution: true });
    expect(f({ cputype: 0x100000c, cpusubtype: 2 }).pac).toBe(true);
    expect(f({ cputype: 0x100000c, cpusubtype: 0x80000002 }).pac).toBe(true);
    expect(MachOFile.fromBytes(image([], { cputype: 0x100000c, cpusubtype: 0x81000002 })).ptrauthAbiVersion).toBe(1);
    expect(f({ cputype: 0x100000c, cpusubtype: 1 }).pac).toBe(false);
    expect(f({ cputype: 0x1000007, cpusubtype: 2 }).pac).toBe(false);
    expect(Object.keys(f({}))).toEqual(['pie', 'nx', 'bti', 'pac', 'gcs', 'ibt', 'shstk', 'x86IsaNeeded', 'relro', 'bindNow', 'cfg', 'canary', 'fortify', 'textrel',
      'noHeapExecution', 'signed', 'hardenedRuntime', 'adHoc', 'encrypted']);
  });
  it('a big-endian 32-bit PowerPC executable', () => {
    const r = report(image([lcStr(0xe, '/usr/lib/dyld', [], { le: false, wide: false }), lc(0x24, (b) => b.u32(V(10, 4, 0), V(10, 5, 0)), { le: false, wide: false })],
      { le: false, wide: false, cputype: 18, flags: 0x85 }));
    expect(r).toMatchObject({ class: 32, endian: 'big', machine: 'powerpc', machineCode: 18, linkage: 'dynamic', minOs: { platform: 'macos', version: '10.4' }, sdk: { platform: 'macos', version: '10.5' } });
  });
});
