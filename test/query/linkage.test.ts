import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/index.js';
import { DF_1_NOW, DF_1_PIE, DF_BIND_NOW, ET, LAYOUTS, PF, PT, buildElf, type ElfSpec } from '../builders/elf.js';

const report = (spec: ElfSpec) => inspect(buildElf(spec).bytes);

describe.each(LAYOUTS)('linkage, type and features, Elf$class $endian endian', (l) => {
  it.each<[string, Partial<ElfSpec>, string | null, string | null]>([
    ['PIE dynamic', { type: ET.DYN, interp: '/lib/ld.so.1', needed: ['libc.so.6'], flags1: DF_1_PIE }, 'pie-executable', 'dynamic'],
    ['non-PIE dynamic', { type: ET.EXEC, interp: '/lib/ld.so.1', needed: ['libc.so.6'] }, 'executable', 'dynamic'],
    ['static', { type: ET.EXEC }, 'executable', 'static'],
    ['static-pie', { type: ET.DYN, dynamic: true, flags1: DF_1_PIE }, 'pie-executable', 'static-pie'],
    ['shared library', { type: ET.DYN, needed: ['libc.so.6'], soname: 'libx.so' }, 'shared-library', 'dynamic'],
    ['shared library with PT_INTERP', { type: ET.DYN, interp: '/lib/ld.so.1', soname: 'libc.so.6' }, 'shared-library', 'dynamic'],
    ['ET_EXEC with NEEDED, no interpreter', { type: ET.EXEC, needed: ['libc.so.6'] }, 'executable', 'dynamic'],
    ['ET_EXEC with an empty dynamic table', { type: ET.EXEC, dynamic: true }, 'executable', 'static'],
    ['relocatable', { type: ET.REL }, 'relocatable', null],
    ['core', { type: ET.CORE }, 'core', null],
  ])('%s', (_name, spec, type, linkage) => {
    const r = report({ ...l, ...spec });
    expect(r.fieldErrors).toEqual([]);
    expect(r.type).toBe(type);
    expect(r.linkage).toBe(linkage);
    expect(r.features!.pie).toBe(type === 'pie-executable' ? true : type === 'executable' ? false : null);
  });

  it('nx from PT_GNU_STACK, null without it', () => {
    expect(report({ ...l, stack: PF.R | PF.W }).features!.nx).toBe(true);
    expect(report({ ...l, stack: PF.R | PF.W | PF.X }).features!.nx).toBe(false);
    expect(report({ ...l }).features!.nx).toBeNull();
  });

  it.each<[string, Partial<ElfSpec>, boolean | null, string]>([
    ['RELRO + DT_BIND_NOW', { relro: true, bindNow: true }, true, 'full'],
    ['RELRO + DF_BIND_NOW', { relro: true, flags: DF_BIND_NOW }, true, 'full'],
    ['RELRO + DF_1_NOW', { relro: true, flags1: DF_1_NOW }, true, 'full'],
    ['RELRO, lazy', { relro: true }, false, 'partial'],
    ['no RELRO, bind now', { bindNow: true }, true, 'none'],
  ])('relro / bindNow: %s', (_n, spec, bindNow, relro) => {
    const f = report({ ...l, needed: ['libc.so.6'], ...spec }).features!;
    expect(f.bindNow).toBe(bindNow);
    expect(f.relro).toBe(relro);
  });

  it('a file truncated in the middle of its PT_LOAD: linkage null (never "static"), versionRequirements null (never [])', () => {
    for (const spec of [
      { ...l, type: ET.EXEC }, // would be "static"
      { ...l, type: ET.EXEC, interp: '/lib/ld.so.1', needed: ['libc.so.6'], verneed: [{ file: 'libc.so.6', aux: [{ name: 'GLIBC_2.3', other: 2 }] }] },
    ] as ElfSpec[]) {
      const img = buildElf({ ...spec, notes: [{ name: 'X', type: 1, desc: new Uint8Array(64) }] });
      const cut = img.truncated(Math.floor(img.bytes.length * 0.75));
      const r = inspect(cut);
      expect(r.error).toBeNull();
      expect(r.format).toBe('elf');
      expect(r.machineCode).toBe(img.class === 64 ? 62 : 3);
      expect(r.linkage).toBeNull();
      expect(r.versionRequirements).toBeNull();
      expect(r.needed).toBeNull();
      expect(r.type).toBeNull();
      const byField = new Map(r.fieldErrors.map((f) => [f.field, f]));
      expect(byField.get('linkage')?.code).toBe('TRUNCATED');
      expect(byField.get('linkage')?.offset).toBe(0); // the PT_LOAD at offset 0 passes the end
      expect(byField.get('versionRequirements')?.code).toBe('TRUNCATED');
      expect(byField.get('features.relro')?.code).toBe('TRUNCATED');
    }
  });

  it('a segment other than PT_LOAD passing the end also makes linkage unknown', () => {
    const img = buildElf({ ...l, type: ET.EXEC, extraPhdrs: [{ type: PT.NOTE, offset: 0x40, filesz: 0x100000 }] });
    const r = inspect(img.bytes);
    expect(r.linkage).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'linkage')?.code).toBe('TRUNCATED');
  });
});
