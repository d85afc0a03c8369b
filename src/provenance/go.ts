import { BinspectError, type FormatName } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { parseModInfo, type GoBuildInfo } from './modinfo.js';

export type { GoBuildInfo, GoModule } from './modinfo.js';

/**
 * What a format tells the Go build-info reader (Go 1.19 `debug/buildinfo`): where the search
 * starts and how addresses map to file offsets. Each format builds one (ELF `.go.buildinfo` or the
 * first writable PT_LOAD; PE the first initialized read-write section; Mach-O `__go_buildinfo` or
 * the first read-write segment): see `src/query/go.ts`.
 */
export interface GoImage {
  readonly source: ByteSource;
  readonly format: FormatName;
  /** Virtual address where the blob is searched for (Go's `DataStart`), or null when the file has none. */
  readonly dataStart: bigint | null;
  /**
   * The file range holding the bytes at virtual address `addr`: `length` is at most `max` and ends
   * where the mapping (segment or section file image) ends. Null when `addr` is not mapped.
   */
  map(addr: bigint, max: number): { offset: number; length: number } | null;
}

/** `\xff Go buildinf:`: the 14 bytes that open the blob (cmd/link `buildinfo`). */
const MAGIC = [0xff, 0x20, 0x47, 0x6f, 0x20, 0x62, 0x75, 0x69, 0x6c, 0x64, 0x69, 0x6e, 0x66, 0x3a];
/** The blob is 16-byte aligned, and its header is 32 bytes (magic, pointer size, flags, two pointers). */
const ALIGN = 16;
const HEADER = 32;
/** Go reads this much from `dataStart` and finds the blob (and, since Go 1.18, its strings) inside it. */
const WINDOW = 64 * 1024;
/** The first read: the blob opens the data segment (or its own section), so one small read usually finds it. */
const FIRST_READ = 4096;
/** Flag bit 1: the strings follow the header inline (Go 1.18+); bit 0 (pointer form): big-endian. */
const FLAG_VERSION_INLINE = 2;
/** Cap on a pointed-to string (pre-1.18 form); longer is `LIMIT`. */
const MAX_STRING = 16 << 20;

/** Both strings of the blob, undecoded, and the file offset of the blob. */
interface Blob {
  offset: number;
  version: Uint8Array;
  modinfo: Uint8Array;
}

function isMagic(b: Uint8Array, at: number): boolean {
  for (let k = 0; k < MAGIC.length; k++) if (b[at + k] !== MAGIC[k]) return false;
  return true;
}

/**
 * Go's `uvarint` at `at` of `b`: [value, bytes used], or null when `b` ends first or the value
 * overflows (Go: n <= 0). Values past 2^53 cannot be a length inside a 64 KiB window: null too.
 */
function uvarint(b: Uint8Array, at: number): [number, number] | null {
  let x = 0;
  let scale = 1;
  for (let i = 0; i < 10 && at + i < b.length; i++) {
    const c = b[at + i]!;
    x += (c & 0x7f) * scale;
    if (c < 0x80) return x <= Number.MAX_SAFE_INTEGER ? [x, i + 1] : null;
    scale *= 128;
  }
  return null;
}

/**
 * The first bytes of a file range, read on demand: a read grows to what is asked (never past the
 * range), so finding the blob at the start of a 64 KiB window costs one small read.
 */
class Window {
  private got: Uint8Array = new Uint8Array(0);
  constructor(private readonly img: GoImage, readonly offset: number, readonly length: number) {}
  /** The first `n` bytes (`n <= length`). */
  head(n: number): Uint8Array {
    if (n > this.got.length) {
      const m = Math.min(this.length, Math.max(n, 2 * this.got.length));
      this.got = view(this.img.source, this.offset, m, true, { format: this.img.format, structure: 'Go build info' }).bytes;
    }
    return this.got;
  }
}

/** Finds the blob: the magic at a 16-byte aligned offset from `dataStart` with a whole header after it, in the first 64 KiB. */
function findBlob(img: GoImage, start: bigint): { win: Window; at: number } | null {
  const range = img.map(start, WINDOW);
  if (range === null) return null;
  const win = new Window(img, range.offset, Math.min(range.length, img.source.size - range.offset));
  if (!(win.length >= HEADER)) return null;
  // One small read first; the rest of the window only when the blob is not in it.
  let at = 0;
  for (const n of win.length > FIRST_READ ? [FIRST_READ, win.length] : [win.length]) {
    const bytes = win.head(n);
    for (; at + HEADER <= n; at += ALIGN) {
      if (bytes[at] === 0xff && isMagic(bytes, at)) return { win, at };
    }
  }
  return null;
}

/** Go's `readString`: the string header {data, len} at `addr`, then the bytes; empty when either is not wholly mapped. */
function readPointedString(img: GoImage, addr: bigint, ptrSize: number, bigEndian: boolean): Uint8Array {
  const hdr = img.map(addr, 2 * ptrSize);
  if (hdr === null || hdr.length < 2 * ptrSize || hdr.offset + 2 * ptrSize > img.source.size) return new Uint8Array(0);
  const v = view(img.source, hdr.offset, 2 * ptrSize, !bigEndian, { format: img.format, structure: 'Go string header' });
  const dataAddr = ptrSize === 4 ? BigInt(v.u32(0)) : v.u64(0);
  const len = ptrSize === 4 ? BigInt(v.u32(4)) : v.u64(8);
  if (len === 0n) return new Uint8Array(0);
  if (len > BigInt(MAX_STRING)) {
    throw new BinspectError('LIMIT', img.format, 'Go string header', hdr.offset, `a ${len}-byte string (more than ${MAX_STRING})`);
  }
  const n = Number(len);
  const data = img.map(dataAddr, n);
  if (data === null || data.length < n || data.offset + n > img.source.size) return new Uint8Array(0);
  return view(img.source, data.offset, n, true, { format: img.format, structure: 'Go string' }).bytes;
}

/** The blob's two strings, read as Go 1.19's `debug/buildinfo.Read` reads them; null when there is no blob. */
function readBlob(img: GoImage): Blob | null {
  if (img.dataStart === null) return null;
  const found = findBlob(img, img.dataStart);
  if (found === null) return null;
  const { win, at } = found;
  const head = win.head(at + HEADER);
  const ptrSize = head[at + 14]!;
  const flags = head[at + 15]!;
  if (flags & FLAG_VERSION_INLINE) {
    // Go's decodeString over the window from the blob on: a uvarint length, then that many
    // bytes, ending strictly before the end of the window.
    const size = win.length - at;
    const str = (from: number): [Uint8Array, number] | null => {
      const u = uvarint(win.head(Math.min(win.length, at + from + 10)).subarray(at, at + size), from);
      if (u === null || u[0] >= size - from - u[1]) return null;
      const s = at + from + u[1];
      return [win.head(s + u[0]).subarray(s, s + u[0]), from + u[1] + u[0]];
    };
    const v = str(HEADER);
    const m = v && str(v[1]);
    return { offset: win.offset + at, version: v ? v[0] : new Uint8Array(0), modinfo: m ? m[0] : new Uint8Array(0) };
  }
  const bigEndian = flags !== 0;
  const hv = view(img.source, win.offset + at, HEADER, !bigEndian, { format: img.format, structure: 'Go build info header' });
  const ptr = (o: number): bigint => (ptrSize === 4 ? BigInt(hv.u32(o)) : hv.u64(o));
  const width = ptrSize === 4 ? 4 : 8;
  return {
    offset: win.offset + at,
    version: readPointedString(img, ptr(16), width, bigEndian),
    modinfo: readPointedString(img, ptr(16 + ptrSize), width, bigEndian),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The Go build info of an image (Go 1.19 `debug/buildinfo`, both encodings: the pointer-based
 * header of Go 1.13-1.17, with pointer size and byte order in bytes 14 and 15, and the inline
 * uvarint-prefixed strings of Go 1.18+), parsed into `{version, path, main, deps, settings}` with
 * values as `go version -m` prints them (see {@link parseModInfo}). Null when there is no blob or
 * its version string is empty (what `go version` calls "not a Go executable").
 *
 * Reads only the first 4 KiB from `dataStart` when the blob is there (at most the 64 KiB Go reads),
 * plus the strings. Throws `BinspectError`: `LIMIT` for a pointed-to string over 16 MiB,
 * `UNSUPPORTED` for module info that Go's parser rejects, `TRUNCATED` for reads past the file.
 */
export function readGoBuildInfo(img: GoImage): GoBuildInfo | null {
  const blob = readBlob(img);
  if (blob === null || blob.version.length === 0) return null;
  let mod = blob.modinfo;
  // The module info is framed by two 16-byte sentinels (cmd/go modload infoStart/infoEnd).
  mod = mod.length >= 33 && mod[mod.length - 17] === 0x0a ? mod.subarray(16, mod.length - 16) : new Uint8Array(0);
  return parseModInfo(utf8.decode(blob.version), utf8.decode(mod), { format: img.format, offset: blob.offset });
}
