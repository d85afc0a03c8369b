import { deflateRawSync } from 'node:zlib';

/** An entry for {@link buildZip}: fields a test may falsify are overridable. */
export interface ZipEntry {
  name: string;
  data?: Uint8Array;
  /** 0 stored, 8 deflate (default: deflate when data is given). */
  method?: number;
  /** Unix st_mode for the external attributes (default 0o100644). */
  mode?: number;
  /** The compressed bytes to store (default: data, deflated when method 8). */
  raw?: Uint8Array;
  uncompressedSize?: number;
  /** Local header name, when it should differ from the central directory's. */
  localName?: string;
  /** Point the central directory entry at the local header of entry N (overlapping entries). */
  sameLocalAs?: number;
}

const u16 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff];
const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** A minimal zip (APPNOTE 4.3) written byte by byte, for hostile cases real tools will not write. CRCs are zero. */
export function buildZip(entries: readonly ZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    const data = e.data ?? new Uint8Array(0);
    const method = e.method ?? (e.data ? 8 : 0);
    const raw = e.raw ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const usize = e.uncompressedSize ?? data.length;
    const name = enc.encode(e.name);
    const lname = enc.encode(e.localName ?? e.name);
    let local = at;
    if (e.sameLocalAs !== undefined) {
      local = offsets[e.sameLocalAs]!;
    } else {
      const header = [...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(method), ...u16(0), ...u16(0), ...u32(0), ...u32(raw.length), ...u32(usize), ...u16(lname.length), ...u16(0)];
      parts.push(new Uint8Array(header), lname, raw);
      at += header.length + lname.length + raw.length;
    }
    offsets.push(local);
    central.push(new Uint8Array([...u32(0x02014b50), ...u16(0x031e), ...u16(20), ...u16(0), ...u16(method), ...u16(0), ...u16(0), ...u32(0), ...u32(raw.length), ...u32(usize),
      ...u16(name.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(((e.mode ?? 0o100644) << 16) >>> 0), ...u32(local)]), name);
  });
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(entries.length & 0xffff), ...u16(entries.length & 0xffff), ...u32(cdSize), ...u32(at), ...u16(0)];
  for (const c of central) parts.push(c);
  parts.push(new Uint8Array(eocd));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) (out.set(p, k), (k += p.length));
  return out;
}

/** A tar header block (ustar) for {@link buildTar}; `size` may be a raw 12-byte field. */
export interface TarEntry {
  name: string;
  data?: Uint8Array;
  typeflag?: string;
  linkname?: string;
  /** The size field's 12 bytes as given (huge or negative base-256 sizes); default octal of data.length. */
  sizeField?: Uint8Array;
}

/** A ustar archive written byte by byte, with valid checksums. */
export function buildTar(entries: readonly TarEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const e of entries) {
    const h = new Uint8Array(512);
    h.set(enc.encode(e.name).subarray(0, 100), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode('0000000\0'), 108);
    h.set(enc.encode('0000000\0'), 116);
    const data = e.data ?? new Uint8Array(0);
    h.set(e.sizeField ?? enc.encode(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h[156] = (e.typeflag ?? '0').charCodeAt(0);
    if (e.linkname) h.set(enc.encode(e.linkname), 157);
    h.set(enc.encode('ustar\x0000'), 257);
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += h[i]!;
    h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(h);
    if (!e.sizeField) {
      const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
      padded.set(data);
      blocks.push(padded);
    }
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let k = 0;
  for (const b of blocks) (out.set(b, k), (k += b.length));
  return out;
}
