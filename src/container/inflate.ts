import type { ByteSource } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import type { Budget } from './limits.js';

/** What a compressed stream holds: raw DEFLATE (RFC 1951, a zip entry) or gzip (RFC 1952). */
export type Compression = 'deflate-raw' | 'gzip';

/**
 * One decompression in progress, fed its input in order. `push` returns the output that the
 * given input produces (possibly empty) and throws on corrupt data (any error: the caller turns it
 * into a `BinspectError`). For gzip, members written one after another form one stream.
 */
export interface InflateStream {
  push(input: Uint8Array): Uint8Array;
  close(): void;
}

/**
 * The pluggable decompressor: the core has none (it runs without Node); on Node, binspect's
 * surfaces inject zlib (`nodeInflater`); elsewhere pass any synchronous DEFLATE decoder.
 */
export type Inflater = (kind: Compression) => InflateStream;

/** Compressed input handed to the inflater per push: small at first (a member is often only sniffed). */
const FIRST_CHUNK = 1024;
const MAX_CHUNK = 256 * 1024;
/** Once a stream expands more than this, input goes in small pushes, so one push cannot produce much. */
const HIGH_RATIO = 16;

/**
 * Decompresses `[start, start + length)` of `src` on demand, a chunk at a time, counting every
 * byte produced against the budget and stopping a stream that expands more than `maxRatio`.
 * Errors name `format` and `structure` (e.g. zip `entry "a/b.so"`) and the file offset of the
 * compressed input that failed.
 */
export class Decompressor {
  consumed = 0;
  produced = 0;
  private stream: InflateStream | null;

  constructor(
    private readonly src: ByteSource,
    private readonly start: number,
    private readonly length: number,
    kind: Compression,
    inflater: Inflater,
    private readonly budget: Budget,
    private readonly format: 'zip' | 'gzip',
    private readonly structure: string,
  ) {
    this.stream = inflater(kind);
  }

  /** The next output bytes, or null when the compressed input is used up. */
  next(): Uint8Array | null {
    const { maxRatio, ratioGrace } = this.budget.limits;
    while (this.consumed < this.length && this.stream) {
      const high = this.produced > HIGH_RATIO * this.consumed;
      const want = high ? FIRST_CHUNK : Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, this.consumed));
      const n = Math.min(want, this.length - this.consumed);
      const at = this.start + this.consumed;
      const input = this.src.read(at, n);
      this.consumed += n;
      let out: Uint8Array;
      try {
        out = this.stream.push(input);
      } catch (e) {
        this.close();
        if (e instanceof BinspectError) throw e;
        throw new BinspectError('OUT_OF_BOUNDS', this.format, this.structure, at,
          `corrupt compressed data: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.produced += out.length;
      this.budget.produced(out.length, this.format, at);
      if (this.produced > ratioGrace && this.produced > maxRatio * this.consumed) {
        this.close();
        throw new BinspectError('LIMIT', this.format, this.structure, at,
          `expands ${Math.round(this.produced / this.consumed)}:1 (${this.produced} bytes from ${this.consumed}), above the limit maxRatio ${maxRatio}:1`);
      }
      if (out.length > 0) return out;
    }
    this.close();
    return null;
  }

  close(): void {
    this.stream?.close();
    this.stream = null;
  }
}

/** Times a member may be inflated again from its start (a read behind what it still holds). */
const MAX_RESTARTS = 4;

/** A run of decompressed bytes held in memory, at its offset in the member. */
interface Held {
  at: number;
  bytes: Uint8Array;
}

/**
 * A compressed member as a {@link ByteSource} of `size` bytes (the size its archive declares),
 * inflated only as far as reads reach: bytes past the furthest read are never produced. At most
 * `maxBytes` are held: the first quarter of them from the member's start (headers), the rest as a
 * window that follows the furthest read (a patchelf-ed library keeps its dynamic section at the
 * end of a file of hundreds of MiB). A read behind the window inflates the member again from its
 * start (at most 4 times, then `LIMIT`); one longer than `maxBytes` throws `LIMIT`; a stream that
 * ends before `size` makes reads past its end throw `TRUNCATED`.
 */
export class InflatedSource implements ByteSource {
  private held: Held[] = [];
  /** Bytes produced by the current decompression (the member offset of the next byte). */
  private produced = 0;
  private dec: Decompressor;
  private restarts = 0;
  private readonly headKeep: number;

  constructor(
    readonly size: number,
    private readonly start: () => Decompressor,
    private readonly maxBytes: number,
    private readonly format: 'zip' | 'gzip',
    private readonly structure: string,
  ) {
    this.dec = start();
    this.headKeep = Math.floor(maxBytes / 4);
  }

  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    if (length > this.maxBytes) {
      throw new BinspectError('LIMIT', this.format, this.structure, null,
        `a read of ${length} bytes of the member would hold more than ${this.maxBytes} bytes in memory (limit maxMemberBytes)`);
    }
    const found = this.find(offset, end);
    if (found) return found;
    if (offset < this.produced) {
      // Behind the window: inflate again from the start.
      if (++this.restarts > MAX_RESTARTS) {
        throw new BinspectError('LIMIT', this.format, this.structure, null,
          `reads went back to byte ${offset} more than ${MAX_RESTARTS} times after it was dropped (limit maxMemberBytes ${this.maxBytes})`);
      }
      this.dec.close();
      this.dec = this.start();
      this.held = [];
      this.produced = 0;
    }
    while (this.produced < end) {
      const out = this.dec.next();
      if (out === null) {
        throw new BinspectError('TRUNCATED', this.format, this.structure, null,
          `the compressed data ends after ${this.produced} bytes; the archive declares ${this.size}`);
      }
      const n = Math.min(out.length, this.size - this.produced);
      if (n > 0) this.held.push({ at: this.produced, bytes: out.subarray(0, n) });
      this.produced += n;
      if (n < out.length) this.dec.close(); // more than declared: the rest is never read
      this.trim(offset);
    }
    return this.find(offset, end)!;
  }

  /** Drops the oldest runs past the head while more than `maxBytes` are held, keeping what `[keepFrom, ...)` needs. */
  private trim(keepFrom: number): void {
    let total = 0;
    for (const h of this.held) total += h.bytes.length;
    let i = this.held.findIndex((h) => h.at + h.bytes.length > this.headKeep);
    while (total > this.maxBytes && i >= 0 && i < this.held.length) {
      const h = this.held[i]!;
      if (h.at + h.bytes.length > keepFrom) break;
      total -= h.bytes.length;
      this.held.splice(i, 1);
    }
  }

  /** `[offset, end)` from the runs held (a view when one run holds it, else a copy), or null when not all of it is held. */
  private find(offset: number, end: number): Uint8Array | null {
    const held = this.held;
    // The last run starting at or before offset.
    let lo = 0;
    let hi = held.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (held[mid]!.at <= offset) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return end === offset ? new Uint8Array(0) : null;
    const first = held[k]!;
    if (end <= first.at + first.bytes.length) return first.bytes.subarray(offset - first.at, end - first.at);
    const out = new Uint8Array(end - offset);
    let pos = offset;
    for (let j = k; pos < end; j++) {
      const h = held[j];
      if (!h || h.at > pos) return null;
      const from = pos - h.at;
      const n = Math.min(h.bytes.length - from, end - pos);
      if (n <= 0) return null;
      out.set(h.bytes.subarray(from, from + n), pos - offset);
      pos += n;
    }
    return out;
  }
}
