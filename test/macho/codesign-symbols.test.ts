import { describe, expect, it } from 'vitest';
import { MachOFile } from '../../src/macho/file.js';
import { Bytes, code, image, lc, lcStr } from './builder.js';


/** A SuperBlob with a CodeDirectory (version 0x20400) and optional entitlements blob. */
function superBlob(flags: number, ident: string, team: string | null, entitlements: boolean, count?: number): Uint8Array {
  const cd = new Bytes(false);
  const identOffset = 88;
  const teamOffset = team ? identOffset + ident.length + 1 : 0;
  cd.u32(0xfade0c02, 0, 0x20400, flags, 0, identOffset, 0, 0, 0).u8(32, 2, 0, 12).u32(0, 0, teamOffset, 0).u64(0).u64(0).u64(0).u64(1);
  cd.str(ident).u8(0);
  if (team) cd.str(team).u8(0);
  const cdb = cd.build();
  new DataView(cdb.buffer).setUint32(4, cdb.length);
  const ent = new Bytes(false).u32(0xfade7171, 12).str('<d/>').build();
  const n = entitlements ? 2 : 1;
  const head = 12 + 8 * n;
  const sb = new Bytes(false).u32(0xfade0cc0, head + cdb.length + (entitlements ? ent.length : 0), count ?? n, 0, head);
  if (entitlements) sb.u32(5, head + cdb.length);
  sb.bytes(cdb);
  if (entitlements) sb.bytes(ent);
  return sb.build();
}

function signed(blob: Uint8Array, dataoffDelta = 0): Uint8Array {
  const sizeofcmds = 16;
  const dataoff = 32 + sizeofcmds;
  return image([lc(0x1d, (b) => b.u32(dataoff + dataoffDelta, blob.length))], { tail: () => blob });
}

describe('LC_CODE_SIGNATURE', () => {
  it('reads the CodeDirectory: identifier, team, hash type, flags, entitlements', () => {
    const m = MachOFile.fromBytes(signed(superBlob(0x10000, 'com.example.tool', 'ABCDE12345', true)));
    const cs = m.codeSignature;
    expect(cs?.codeDirectory).toMatchObject({ identifier: 'com.example.tool', teamId: 'ABCDE12345', hashTypeName: 'sha256', hashSize: 32, version: 0x20400, pageSize: 12 });
    expect(cs).toMatchObject({ hardenedRuntime: true, adHoc: false, hasEntitlements: true });
    expect(cs?.blobs.map((b) => b.type)).toEqual([0, 5]);
  });
  it('ad-hoc without team or entitlements', () => {
    const cs = MachOFile.fromBytes(signed(superBlob(0x20002, 'a.out', null, false))).codeSignature;
    expect(cs).toMatchObject({ hardenedRuntime: false, adHoc: true, hasEntitlements: false });
    expect(cs?.codeDirectory?.teamId).toBeNull();
  });
  it('hostile signatures: past EOF, bad magic, absurd blob count', () => {
    const blob = superBlob(2, 'x', null, false);
    expect(code(() => MachOFile.fromBytes(signed(blob, 1000)).codeSignature)).toBe('TRUNCATED');
    const bad = blob.slice();
    bad[3] = 0;
    expect(code(() => MachOFile.fromBytes(signed(bad)).codeSignature)).toBe('BAD_MAGIC');
    expect(code(() => MachOFile.fromBytes(signed(superBlob(2, 'x', null, false, 0x7fffffff))).codeSignature)).toBe('LIMIT');
    expect(code(() => MachOFile.fromBytes(signed(superBlob(2, 'x', null, false, 100))).codeSignature)).toBe('OUT_OF_BOUNDS');
    // unsigned: null, and the command is what `signed` looks at
    expect(MachOFile.fromBytes(image([])).codeSignature).toBeNull();
  });
});

describe('undefined symbols', () => {
  /** An image with two dylibs, LC_SYMTAB and LC_DYSYMTAB; 3 symbols: one defined, two undefined. */
  function withSymbols(twoLevel: boolean, dysym = true, nundef = 2): Uint8Array {
    const cmds = [
      lcStr(0xc, '/usr/lib/libSystem.B.dylib', [0, 0, 0]),
      lcStr(0x80000018, '@rpath/libweak.dylib', [0, 0, 0]),
    ];
    const symtabAt = 32 + cmds.reduce((n, c) => n + c.length, 0) + 24 + (dysym ? 80 : 0);
    const symoff = symtabAt;
    const stroff = symoff + 3 * 16;
    const strs = new Bytes().u8(0).str('_main').u8(0).str('_printf').u8(0).str('_opt').u8(0).build();
    cmds.push(lc(0x2, (b) => b.u32(symoff, 3, stroff, strs.length)));
    if (dysym) cmds.push(lc(0xb, (b) => b.u32(0, 0, 0, 1, 1, nundef).zeros(48)));
    return image(cmds, {
      flags: twoLevel ? 0x85 : 0x5,
      tail: () => new Bytes()
        .u32(1).u8(0x0f, 1).u16(0).u64(0x100000000n)
        .u32(7).u8(0x01, 0).u16(1 << 8).u64(0)
        .u32(15).u8(0x01, 0).u16((2 << 8) | 0x40).u64(0)
        .bytes(strs).build(),
    });
  }
  it('maps two-level library ordinals to the dylib commands', () => {
    expect(MachOFile.fromBytes(withSymbols(true)).undefinedSymbols).toEqual([
      { name: '_printf', ordinal: 1, library: '/usr/lib/libSystem.B.dylib', weak: false },
      { name: '_opt', ordinal: 2, library: '@rpath/libweak.dylib', weak: true },
    ]);
  });
  it('without MH_TWOLEVEL there is no library; without LC_DYSYMTAB all N_UNDF|N_EXT are scanned', () => {
    expect(MachOFile.fromBytes(withSymbols(false, false)).undefinedSymbols.map((s) => [s.name, s.library])).toEqual([
      ['_printf', null], ['_opt', null],
    ]);
  });
  it('an undefined range past nsyms is OUT_OF_BOUNDS', () => {
    expect(code(() => MachOFile.fromBytes(withSymbols(true, true, 0xffffff)).undefinedSymbols)).toBe('OUT_OF_BOUNDS');
  });
});

describe('LC_DYLD_CHAINED_FIXUPS imports', () => {
  it('reads DYLD_CHAINED_IMPORT entries with ordinals and weak bits', () => {
    const dylib = lcStr(0xc, '/usr/lib/libSystem.B.dylib', [0, 0, 0]);
    const dataoff = 32 + dylib.length + 16;
    const names = new Bytes().u8(0).str('_malloc').u8(0).str('_weakthing').u8(0).build();
    const blob = new Bytes().u32(0, 0, 28, 28 + 12, 3, 1, 0)
      .u32(1 | (1 << 9)).u32(0xfe | (1 << 8) | (9 << 9)).u32(1 | (1 << 9)).bytes(names).build();
    const m = MachOFile.fromBytes(image([dylib, lc(0x80000034, (b) => b.u32(dataoff, blob.length))], { tail: () => blob }));
    expect(m.chainedImports).toEqual([
      { name: '_malloc', ordinal: 1, library: '/usr/lib/libSystem.B.dylib', weak: false },
      { name: '_weakthing', ordinal: -2, library: null, weak: true },
      { name: '_malloc', ordinal: 1, library: '/usr/lib/libSystem.B.dylib', weak: false },
    ]);
    expect(MachOFile.fromBytes(image([])).chainedImports).toBeNull();
  });
});
