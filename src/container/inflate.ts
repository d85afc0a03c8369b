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

/**
 * A compressed member as a {@link ByteSource} of `size` bytes (the size its archive declares),
 * inflated only as far as reads reach: bytes past the furthest read are never produced. Holds at
 * most `maxMemberBytes` (a read past that throws `LIMIT`); a stream that ends before `size`
 * makes reads past its end throw `TRUNCATED`.
 */
export class InflatedSource implements ByteSource {
  private buf: Uint8Array = new Uint8Array(0);
  private have = 0;

  constructor(
    readonly size: number,
    private readonly dec: Decompressor,
    private readonly maxBytes: number,
    private readonly format: 'zip' | 'gzip',
    private readonly structure: string,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    if (end > this.have) this.fill(end);
    return this.buf.subarray(offset, end);
  }

  private fill(end: number): void {
    if (end > this.maxBytes) {
      throw new BinspectError('LIMIT', this.format, this.structure, null,
        `reading to byte ${end} of the member would hold more than ${this.maxBytes} bytes in memory (limit maxMemberBytes)`);
    }
    const cap = Math.min(this.size, this.maxBytes);
    while (this.have < end) {
      const out = this.dec.next();
      if (out === null) {
        throw new BinspectError('TRUNCATED', this.format, this.structure, null,
          `the compressed data ends after ${this.have} bytes; the archive declares ${this.size}`);
      }
      const n = Math.min(out.length, cap - this.have);
      if (this.have + n > this.buf.length) {
        const grown = new Uint8Array(Math.min(cap, Math.max(this.have + n, this.buf.length * 2, 65536)));
        grown.set(this.buf.subarray(0, this.have));
        this.buf = grown;
      }
      this.buf.set(out.subarray(0, n), this.have);
      this.have += n;
      if (n < out.length) this.dec.close(); // more than declared: the rest is never read
    }
  }
}
