import { BinspectError } from '../../src/errors.js';
import { expect } from 'vitest';
/** Small byte builders for Mach-O unit tests: every structure is assembled field by field. */

export class Bytes {
  private readonly parts: number[] = [];
  constructor(readonly le = true) {}
  get length(): number {
    return this.parts.length;
  }
  u8(...v: number[]): this {
    for (const x of v) this.parts.push(x & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v, v >>> 8) : this.u8(v >>> 8, v);
  }
  u32(...vs: number[]): this {
    for (const v of vs) {
      if (this.le) this.u8(v, v >>> 8, v >>> 16, v >>> 24);
      else this.u8(v >>> 24, v >>> 16, v >>> 8, v);
    }
    return this;
  }
  u64(v: number | bigint): this {
    const b = BigInt(v);
    const lo = Number(b & 0xffffffffn);
    const hi = Number(b >> 32n);
    return this.le ? this.u32(lo, hi) : this.u32(hi, lo);
  }
  str(s: string, pad?: number): this {
    const b = new TextEncoder().encode(s);
    this.u8(...b);
    if (pad !== undefined) for (let i = b.length; i < pad; i++) this.u8(0);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  align(n: number): this {
    while (this.parts.length % n) this.u8(0);
    return this;
  }
  bytes(b: Uint8Array | Bytes): this {
    return this.u8(...(b instanceof Bytes ? b.build() : b));
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface ImageOptions {
  wide?: boolean;
  le?: boolean;
  cputype?: number;
  cpusubtype?: number;
  filetype?: number;
  flags?: number;
  /** Override ncmds / sizeofcmds (hostile files). */
  ncmds?: number;
  sizeofcmds?: number;
  /** Bytes after the load commands; `tail(offsetOfTail)` builds them knowing where they land. */
  tail?: (at: number) => Uint8Array;
}

/** A load command: `cmd`, `cmdsize` computed (padded to 8 or 4), `body` after the 8-byte header. */
export function lc(cmd: number, body: (b: Bytes) => void, opts: { le?: boolean; wide?: boolean; cmdsize?: number } = {}): Uint8Array {
  const b = new Bytes(opts.le ?? true);
  body(b);
  const align = (opts.wide ?? true) ? 8 : 4;
  const inner = b.build();
  const size = opts.cmdsize ?? Math.ceil((inner.length + 8) / align) * align;
  const out = new Bytes(opts.le ?? true).u32(cmd, size).bytes(inner);
  while (out.length < size) out.u8(0);
  return out.build();
}

/** A command with one lc_str at byte 8 after `fixed` extra u32 fields (dylib_command: 3 fields, rpath/dylinker: 0). */
export function lcStr(cmd: number, s: string, fields: number[] = [], opts: { le?: boolean; wide?: boolean } = {}): Uint8Array {
  return lc(cmd, (b) => {
    b.u32(12 + 4 * fields.length, ...fields).str(s).u8(0);
  }, opts);
}

/** A thin Mach-O image: header + commands + tail. */
export function image(cmds: Uint8Array[], o: ImageOptions = {}): Uint8Array {
  const wide = o.wide ?? true;
  const le = o.le ?? true;
  const sizeofcmds = cmds.reduce((n, c) => n + c.length, 0);
  const h = new Bytes(le).u32(wide ? 0xfeedfacf : 0xfeedface, o.cputype ?? 0x100000c, o.cpusubtype ?? 0, o.filetype ?? 2,
    o.ncmds ?? cmds.length, o.sizeofcmds ?? sizeofcmds, o.flags ?? 0);
  if (wide) h.u32(0);
  for (const c of cmds) h.bytes(c);
  if (o.tail) h.bytes(o.tail(h.length));
  return h.build();
}

/** A fat file: `archs` give cputype, offset and size (and the bytes to place at offset). */
export function fat(archs: Array<{ cputype: number; cpusubtype?: number; offset: number; size: number; align?: number; bytes?: Uint8Array }>,
  opts: { wide?: boolean; nfat?: number; total?: number } = {}): Uint8Array {
  const b = new Bytes(false).u32(opts.wide ? 0xcafebabf : 0xcafebabe, opts.nfat ?? archs.length);
  for (const a of archs) {
    b.u32(a.cputype, a.cpusubtype ?? 0);
    if (opts.wide) b.u64(a.offset).u64(a.size).u32(a.align ?? 12, 0);
    else b.u32(a.offset, a.size, a.align ?? 12);
  }
  const end = Math.max(opts.total ?? 0, b.length, ...archs.filter((a) => a.bytes).map((a) => a.offset + (a.bytes?.length ?? 0)));
  const out = new Uint8Array(end);
  out.set(b.build(), 0);
  for (const a of archs) if (a.bytes) out.set(a.bytes, a.offset);
  return out;
}

/** The BinspectError code `f` throws ('no error' when it throws nothing); any other exception fails the test. */
export const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BinspectError);
    return (e as BinspectError).code;
  }
  return 'no error';
};
