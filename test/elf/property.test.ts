import { describe, expect, it } from 'vitest';
import { BinspectError, ElfFile, inspect } from '../../src/index.js';
import {
  EM, GNU_PROPERTY_AARCH64_FEATURE_1_AND, GNU_PROPERTY_STACK_SIZE, GNU_PROPERTY_X86_FEATURE_1_AND,
  GNU_PROPERTY_X86_ISA_1_NEEDED, LAYOUTS, NT_GNU_PROPERTY_TYPE_0, buildElf, caught, propertyDesc, u32Bytes,
} from '../builders/elf.js';

type Layout = (typeof LAYOUTS)[number];

function propNote(l: Layout, props: Array<{ type: number; data: Uint8Array }>) {
  return { name: 'GNU', type: NT_GNU_PROPERTY_TYPE_0, desc: propertyDesc(l.class, l.endian, props) };
}
function withProps(l: Layout, machine: number, props: Array<{ type: number; data: Uint8Array }>, extra = {}) {
  const note = propNote(l, props);
  return buildElf({ ...l, machine, ...(l.class === 64 ? { notes8: [note] } : { notes: [note] }), ...extra });
}
function word(l: Layout, v: bigint): Uint8Array {
  const b = new Uint8Array(l.class / 8);
  const dv = new DataView(b.buffer);
  if (l.class === 64) dv.setBigUint64(0, v, l.endian === 'little');
  else dv.setUint32(0, Number(v), l.endian === 'little');
  return b;
}

describe.each(LAYOUTS)('NT_GNU_PROPERTY_TYPE_0, Elf$class $endian endian', (l) => {
  it('x86: FEATURE_1_AND and ISA_1_NEEDED with their bit names', () => {
    const img = withProps(l, EM.X86_64, [
      { type: GNU_PROPERTY_X86_ISA_1_NEEDED, data: u32Bytes(l.endian, 0x3) },
      { type: GNU_PROPERTY_X86_FEATURE_1_AND, data: u32Bytes(l.endian, 0x3 | 0x40) },
      { type: GNU_PROPERTY_STACK_SIZE, data: word(l, 0x800000n) },
      { type: 0xc0001234, data: new Uint8Array([1, 2, 3]) },
      { type: 2, data: new Uint8Array(0) },
    ]);
    const props = ElfFile.fromBytes(img.bytes).gnuProperties;
    expect(props.map((p) => p.pr_type)).toEqual([GNU_PROPERTY_X86_ISA_1_NEEDED, GNU_PROPERTY_X86_FEATURE_1_AND, 1, 0xc0001234, 2]);
    expect(props[0]).toEqual({ pr_type: GNU_PROPERTY_X86_ISA_1_NEEDED, pr_datasz: 4, name: 'GNU_PROPERTY_X86_ISA_1_NEEDED', value: 3,
      bits: ['x86-64-baseline', 'x86-64-v2'] });
    expect(props[1]!.bits).toEqual(['IBT', 'SHSTK', '<unknown: 0x40>']);
    expect(props[2]).toMatchObject({ name: 'GNU_PROPERTY_STACK_SIZE', pr_datasz: l.class / 8, value: 0x800000n });
    expect(props[3]).toMatchObject({ name: null, pr_datasz: 3, value: null, bits: null });
    expect(props[4]).toMatchObject({ name: 'GNU_PROPERTY_NO_COPY_ON_PROTECTED', pr_datasz: 0 });
    const f = inspect(img.bytes).features!;
    expect(f.ibt).toBe(true);
    expect(f.shstk).toBe(true);
    expect(f.x86IsaNeeded).toEqual(['x86-64-baseline', 'x86-64-v2']);
    expect(f.bti).toBeNull();
    expect(f.pac).toBeNull();
    expect(f.gcs).toBeNull();
  });

  it('aarch64: FEATURE_1_AND bits BTI, PAC, GCS', () => {
    const img = withProps(l, EM.AARCH64, [{ type: GNU_PROPERTY_AARCH64_FEATURE_1_AND, data: u32Bytes(l.endian, 0x5) }]);
    expect(ElfFile.fromBytes(img.bytes).gnuProperties[0]).toMatchObject({ name: 'GNU_PROPERTY_AARCH64_FEATURE_1_AND', bits: ['BTI', 'GCS'] });
    const f = inspect(img.bytes).features!;
    expect([f.bti, f.pac, f.gcs, f.ibt, f.shstk, f.x86IsaNeeded]).toEqual([true, false, true, null, null, null]);
  });

  it('the same pr_type means a different property on another machine', () => {
    const img = withProps(l, EM.X86_64, [{ type: 0xc0000000, data: u32Bytes(l.endian, 1) }]);
    expect(ElfFile.fromBytes(img.bytes).gnuProperties[0]!.name).toBeNull();
    expect(inspect(img.bytes).features!.ibt).toBe(false);
    const rv = withProps(l, EM.RISCV, [{ type: 0xc0000000, data: u32Bytes(l.endian, 2) }]);
    expect(ElfFile.fromBytes(rv.bytes).gnuProperties[0]).toMatchObject({ name: 'GNU_PROPERTY_RISCV_FEATURE_1_AND', bits: ['CFI_SS'] });
  });

  it('no property note: x86 features false / [], aarch64 false', () => {
    const f = inspect(buildElf({ ...l, machine: EM.X86_64 }).bytes).features!;
    expect([f.ibt, f.shstk, f.x86IsaNeeded]).toEqual([false, false, []]);
    const a = inspect(buildElf({ ...l, machine: EM.AARCH64 }).bytes).features!;
    expect([a.bti, a.pac, a.gcs]).toEqual([false, false, false]);
  });

  it('a u32 property with the wrong pr_datasz has no value', () => {
    const img = withProps(l, EM.X86_64, [{ type: GNU_PROPERTY_X86_FEATURE_1_AND, data: new Uint8Array(8).fill(0xff) }]);
    expect(ElfFile.fromBytes(img.bytes).gnuProperties[0]).toMatchObject({ pr_datasz: 8, value: null, bits: null });
    expect(inspect(img.bytes).features!.ibt).toBe(false);
  });

  it.each([0x100, 0xffffffff])('pr_datasz %i past the note is TRUNCATED; features become null with fieldErrors', (sz) => {
    const img = withProps(l, EM.X86_64, [
      { type: GNU_PROPERTY_X86_ISA_1_NEEDED, data: u32Bytes(l.endian, 1) },
      { type: GNU_PROPERTY_X86_FEATURE_1_AND, data: u32Bytes(l.endian, 3) },
    ]);
    const desc = img.off.notes[0]!.desc;
    const second = desc + 8 + (l.class === 64 ? 8 : 4);
    img.u32(second + 4, sz);
    const e = caught(() => ElfFile.fromBytes(img.bytes).gnuProperties) as BinspectError;
    expect(e).toBeInstanceOf(BinspectError);
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(second);
    const r = inspect(img.bytes);
    expect(r.features!.ibt).toBeNull();
    expect(r.features!.shstk).toBeNull();
    expect(r.features!.x86IsaNeeded).toBeNull();
    expect(r.fieldErrors.find((f) => f.field === 'features.ibt')?.code).toBe('TRUNCATED');
  });
});
