/**
 * Builds small PE images byte by byte for unit tests: DOS header, signature, IMAGE_FILE_HEADER,
 * optional header (PE32 or PE32+), one section `.data` at RVA 0x1000 / file offset 0x400, and
 * whatever the test writes into that section by RVA.
 */
export const SECTION_RVA = 0x1000;
export const SECTION_OFFSET = 0x400;

export interface PeSpec {
  pe32plus?: boolean;
  machine?: number;
  characteristics?: number;
  dllCharacteristics?: number;
  /** Data directories by index: [VirtualAddress, Size]. */
  dirs?: Record<number, [number, number]>;
  /** Bytes of the one section (default 0x2000). */
  sectionSize?: number;
  /** Section VirtualSize (default sectionSize). */
  virtualSize?: number;
  e_lfanew?: number;
  numberOfRvaAndSizes?: number;
  subsystemVersion?: [number, number];
  osVersion?: [number, number];
  imageBase?: bigint;
  /** Bytes placed between the DOS header and e_lfanew (for a Rich header), starting at 0x80. */
  stub?: Uint8Array;
}

/** A writable image: `bytes` plus writers addressed by RVA inside the section. */
export class PeBuilder {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  readonly optOffset: number;
  constructor(readonly spec: PeSpec = {}) {
    const plus = spec.pe32plus ?? true;
    const sectionSize = spec.sectionSize ?? 0x2000;
    this.bytes = new Uint8Array(SECTION_OFFSET + sectionSize);
    this.dv = new DataView(this.bytes.buffer);
    const lfanew = spec.e_lfanew ?? 0x100;
    this.bytes.set([0x4d, 0x5a]);
    this.dv.setUint32(0x3c, lfanew, true);
    if (spec.stub) this.bytes.set(spec.stub, 0x80);
    this.bytes.set([0x50, 0x45, 0, 0], lfanew);
    const fh = lfanew + 4;
    const optSize = plus ? 240 : 224;
    this.dv.setUint16(fh, spec.machine ?? (plus ? 0x8664 : 0x14c), true);
    this.dv.setUint16(fh + 2, 1, true);
    this.dv.setUint16(fh + 16, optSize, true);
    this.dv.setUint16(fh + 18, spec.characteristics ?? 0x22, true);
    const o = fh + 20;
    this.optOffset = o;
    this.dv.setUint16(o, plus ? 0x20b : 0x10b, true);
    if (plus) this.dv.setBigUint64(o + 24, spec.imageBase ?? 0x140000000n, true);
    else this.dv.setUint32(o + 28, Number(spec.imageBase ?? 0x400000n), true);
    this.dv.setUint32(o + 32, 0x1000, true);
    this.dv.setUint32(o + 36, 0x200, true);
    const [osMaj, osMin] = spec.osVersion ?? [6, 0];
    this.dv.setUint16(o + 40, osMaj, true);
    this.dv.setUint16(o + 42, osMin, true);
    const [ssMaj, ssMin] = spec.subsystemVersion ?? [6, 0];
    this.dv.setUint16(o + 48, ssMaj, true);
    this.dv.setUint16(o + 50, ssMin, true);
    this.dv.setUint32(o + 56, SECTION_RVA + sectionSize, true);
    this.dv.setUint32(o + 60, SECTION_OFFSET, true);
    this.dv.setUint16(o + 68, 3, true);
    this.dv.setUint16(o + 70, spec.dllCharacteristics ?? 0, true);
    const fixed = plus ? 112 : 96;
    this.dv.setUint32(o + fixed - 4, spec.numberOfRvaAndSizes ?? 16, true);
    for (const [i, [va, size]] of Object.entries(spec.dirs ?? {})) {
      this.dv.setUint32(o + fixed + 8 * Number(i), va, true);
      this.dv.setUint32(o + fixed + 8 * Number(i) + 4, size, true);
    }
    const sh = o + optSize;
    this.bytes.set(new TextEncoder().encode('.data'), sh);
    this.dv.setUint32(sh + 8, spec.virtualSize ?? sectionSize, true);
    this.dv.setUint32(sh + 12, SECTION_RVA, true);
    this.dv.setUint32(sh + 16, sectionSize, true);
    this.dv.setUint32(sh + 20, SECTION_OFFSET, true);
    this.dv.setUint32(sh + 36, 0xc0000040, true);
  }
  private off(rva: number): number {
    return SECTION_OFFSET + rva - SECTION_RVA;
  }
  u16(rva: number, v: number): this {
    this.dv.setUint16(this.off(rva), v, true);
    return this;
  }
  u32(rva: number, v: number): this {
    this.dv.setUint32(this.off(rva), v >>> 0, true);
    return this;
  }
  u64(rva: number, v: bigint): this {
    this.dv.setBigUint64(this.off(rva), v, true);
    return this;
  }
  /** A pointer-sized value (u64 in PE32+, u32 in PE32). */
  ptr(rva: number, v: bigint): this {
    return (this.spec.pe32plus ?? true) ? this.u64(rva, v) : this.u32(rva, Number(v));
  }
  str(rva: number, s: string): this {
    this.bytes.set([...new TextEncoder().encode(s), 0], this.off(rva));
    return this;
  }
  raw(rva: number, b: ArrayLike<number>): this {
    this.bytes.set(b, this.off(rva));
    return this;
  }
  /** Sets data directory `index` (after construction). */
  dir(index: number, va: number, size: number): this {
    const fixed = (this.spec.pe32plus ?? true) ? 112 : 96;
    this.dv.setUint32(this.optOffset + fixed + 8 * index, va, true);
    this.dv.setUint32(this.optOffset + fixed + 8 * index + 4, size, true);
    return this;
  }
}

/** A bare COFF object header (+ section table) for `machine`. */
export function buildCoff(machine: number, opts: { sections?: number; symbols?: number; symPtr?: number } = {}): Uint8Array {
  const n = opts.sections ?? 1;
  const b = new Uint8Array(20 + 40 * n + 64);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, machine, true);
  dv.setUint16(2, n, true);
  dv.setUint32(8, opts.symPtr ?? (opts.symbols ? 20 + 40 * n : 0), true);
  dv.setUint32(12, opts.symbols ?? 0, true);
  for (let i = 0; i < n; i++) b.set(new TextEncoder().encode('.text'), 20 + 40 * i);
  return b;
}
