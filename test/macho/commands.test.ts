import { describe, expect, it } from 'vitest';
import { MachOFile } from '../../src/macho/file.js';
import { dylibVersion } from '../../src/macho/dylib.js';
import { formatVersion } from '../../src/macho/version.js';
import { Bytes, code, image, lc, lcStr } from './builder.js';

const V = (x: number, y: number, z: number): number => (x << 16) | (y << 8) | z;

describe('LC_SEGMENT(_64) and sections', () => {
  const seg64 = lc(0x19, (b) => {
    b.str('__TEXT', 16).u64(0x100000000n).u64(0x4000).u64(0).u64(0x4000).u32(5, 5, 1, 0);
    b.str('__text', 16).str('__TEXT', 16).u64(0x100000f00n).u64(0x40).u32(0xf00, 4, 0, 0, 0x80000400, 0, 0, 0);
  });
  it('decodes segment_command_64 and section_64', () => {
    const [s] = MachOFile.fromBytes(image([seg64])).segments;
    expect(s).toMatchObject({ segname: '__TEXT', vmaddr: 0x100000000n, vmsize: 0x4000n, fileoff: 0, filesize: 0x4000, maxprot: 5, nsects: 1 });
    expect(s?.sections[0]).toMatchObject({ sectname: '__text', segname: '__TEXT', addr: 0x100000f00n, size: 0x40n, offset: 0xf00, align: 4, flags: 0x80000400 });
  });
  it('decodes a 32-bit segment_command with a 16-byte name without NUL', () => {
    const seg = lc(0x1, (b) => {
      b.str('ABCDEFGHIJKLMNOP', 16).u32(0x1000, 0x1000, 0, 0x1000, 7, 5, 1, 0);
      b.str('__data', 16).str('ABCDEFGHIJKLMNOP', 16).u32(0x1000, 8, 0x200, 2, 0, 0, 0, 0, 0);
    }, { wide: false });
    const [s] = MachOFile.fromBytes(image([seg], { wide: false, cputype: 7 })).segments;
    expect(s?.segname).toBe('ABCDEFGHIJKLMNOP');
    expect(s?.sections[0]).toMatchObject({ sectname: '__data', addr: 0x1000n, size: 8n, offset: 0x200, align: 2 });
  });
  it('nsects that does not fit in cmdsize is OUT_OF_BOUNDS (no allocation by count)', () => {
    const bad = lc(0x19, (b) => b.str('__X', 16).u64(0).u64(0).u64(0).u64(0).u32(0, 0, 0xffffffff, 0));
    expect(code(() => MachOFile.fromBytes(image([bad])).segments)).toBe('OUT_OF_BOUNDS');
  });
  it('a command shorter than its structure is UNSUPPORTED', () => {
    expect(code(() => MachOFile.fromBytes(image([lc(0x19, (b) => b.zeros(8))])).segments)).toBe('UNSUPPORTED');
  });
});

describe('dylib, rpath, dylinker commands', () => {
  const cmds = [
    lcStr(0xe, '/usr/lib/dyld'),
    lcStr(0xd, '@rpath/libme.dylib', [2, V(1, 2, 3), V(1, 0, 0)]),
    lcStr(0xc, '/usr/lib/libSystem.B.dylib', [2, V(1311, 0, 0), V(1, 0, 0)]),
    lcStr(0x80000018, '@rpath/libweak.dylib', [0, 0, 0]),
    lcStr(0x8000001c, '@loader_path/../lib'),
    lcStr(0x8000001f, '/re/export.dylib', [0, 0, 0]),
    lcStr(0x20, '/lazy.dylib', [0, 0, 0]),
    lcStr(0x80000023, '/upward.dylib', [0, 0, 0]),
    lcStr(0x8000001c, '/opt/x:/opt/y'),
  ];
  const m = MachOFile.fromBytes(image(cmds));
  it('lists the five loading commands in load-command order', () => {
    expect(m.dylibs.map((d) => d.name)).toEqual([
      '/usr/lib/libSystem.B.dylib', '@rpath/libweak.dylib', '/re/export.dylib', '/lazy.dylib', '/upward.dylib',
    ]);
    expect(m.dylibs[0]).toMatchObject({ timestamp: 2, currentVersion: '1311.0.0', compatibilityVersion: '1.0.0' });
  });
  it('reads LC_ID_DYLIB, LC_LOAD_DYLINKER and every LC_RPATH as stored', () => {
    expect(m.idDylib).toMatchObject({ name: '@rpath/libme.dylib', currentVersion: '1.2.3', compatibilityVersion: '1.0.0' });
    expect(m.dylinker).toBe('/usr/lib/dyld');
    expect(m.rpaths).toEqual(['@loader_path/../lib', '/opt/x:/opt/y']);
  });
  it('dylib versions are xxxx.yy.zz', () => {
    expect(dylibVersion(0x051f0000)).toBe('1311.0.0');
    expect(dylibVersion(0xffffffff)).toBe('65535.255.255');
  });
  it('an lc_str offset outside the command is OUT_OF_BOUNDS; no NUL is TRUNCATED', () => {
    const off = lc(0xc, (b) => b.u32(400, 0, 0, 0));
    expect(code(() => MachOFile.fromBytes(image([off])).dylibs)).toBe('OUT_OF_BOUNDS');
    const inside = lc(0xc, (b) => b.u32(4, 0, 0, 0));
    expect(code(() => MachOFile.fromBytes(image([inside])).dylibs)).toBe('OUT_OF_BOUNDS');
    const nonul = lc(0xe, (b) => b.u32(12).str('/usr/lib/dyld'), { cmdsize: 24 });
    expect(code(() => MachOFile.fromBytes(image([nonul])).dylinker)).toBe('TRUNCATED');
  });
});

describe('LC_UUID, LC_MAIN, LC_ENCRYPTION_INFO', () => {
  it('formats the uuid as lowercase 8-4-4-4-12 in file order', () => {
    const u = lc(0x1b, (b) => b.u8(0xDE, 0xAD, 0xBE, 0xEF, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xAB, 0xCD));
    expect(MachOFile.fromBytes(image([u])).uuid).toBe('deadbeef-0001-0203-0405-06070809abcd');
    expect(MachOFile.fromBytes(image([])).uuid).toBeNull();
  });
  it('reads LC_MAIN', () => {
    const m = MachOFile.fromBytes(image([lc(0x80000028, (b) => b.u64(0x3f40).u64(0))]));
    expect(m.main).toEqual({ entryoff: 0x3f40, stacksize: 0n });
  });
  it('reads cryptid of LC_ENCRYPTION_INFO_64', () => {
    const m = MachOFile.fromBytes(image([lc(0x2c, (b) => b.u32(0x4000, 0x8000, 1, 0))]));
    expect(m.encryptionInfo).toEqual([{ cmd: 0x2c, cryptoff: 0x4000, cryptsize: 0x8000, cryptid: 1 }]);
  });
});

describe('LC_BUILD_VERSION and LC_VERSION_MIN_*', () => {
  it('formats x.y with .z only when z is not 0', () => {
    expect(formatVersion(V(11, 0, 0))).toBe('11.0');
    expect(formatVersion(V(10, 15, 0))).toBe('10.15');
    expect(formatVersion(V(12, 3, 1))).toBe('12.3.1');
  });
  it('decodes platform, minos, sdk and tools', () => {
    const bv = lc(0x32, (b) => b.u32(2, V(14, 0, 0), V(17, 2, 0), 2, 3, V(1015, 7, 0), 1, V(1500, 3, 9)));
    const m = MachOFile.fromBytes(image([bv]));
    expect(m.platformVersion).toMatchObject({ platform: 2, platformName: 'ios', minos: V(14, 0, 0), sdk: V(17, 2, 0) });
    expect(m.platformVersion?.tools.map((t) => t.toolName)).toEqual(['TOOL_LD', 'TOOL_CLANG']);
  });
  it('prefers the first LC_BUILD_VERSION over an earlier LC_VERSION_MIN_*', () => {
    const vm = lc(0x25, (b) => b.u32(V(9, 0, 0), 0));
    const bv1 = lc(0x32, (b) => b.u32(7, V(15, 0, 0), 0, 0));
    const bv2 = lc(0x32, (b) => b.u32(1, V(12, 0, 0), 0, 0));
    expect(MachOFile.fromBytes(image([vm, bv1, bv2])).platformVersion?.platformName).toBe('iossimulator');
    expect(MachOFile.fromBytes(image([vm])).platformVersion).toMatchObject({ platformName: 'ios', minos: V(9, 0, 0), sdk: 0 });
  });
  it('ntools beyond cmdsize is OUT_OF_BOUNDS, beyond the limit LIMIT', () => {
    const bad = lc(0x32, (b) => b.u32(1, 0, 0, 0x20000000));
    expect(code(() => MachOFile.fromBytes(image([bad])).buildVersions)).toBe('LIMIT');
    const bad2 = lc(0x32, (b) => b.u32(1, 0, 0, 5));
    expect(code(() => MachOFile.fromBytes(image([bad2])).buildVersions)).toBe('OUT_OF_BOUNDS');
  });
  it('unknown platforms get a stable name', () => {
    const bv = lc(0x32, (b) => b.u32(99, V(1, 0, 0), 0, 0));
    expect(MachOFile.fromBytes(image([bv])).platformVersion?.platformName).toBe('platform-99');
  });
  it('uses Bytes helper endianness', () => {
    expect(new Bytes(false).u32(1).build()).toEqual(Uint8Array.from([0, 0, 0, 1]));
  });
});
