import type { ByteSource } from '../bytes/source.js';
import { BinspectError, type FormatName } from '../errors.js';
import type { Decompressor } from './inflate.js';

/**
 * A window `[offset, offset + size)` of `src` as a source of its own: reads are shifted, nothing
 * is copied. The caller has checked that the window lies inside `src`.
 */
export function windowSource(src: ByteSource, offset: number, size: number): ByteSource {
  return { size, read: (at, length) => src.read(offset + at, length) };
}

/**
 * Bytes read front to back, once: a plain source (then windows of it are handed out without a
 * copy) or a decompressed stream (one pass; what was passed is gone).
 */
export interface Forward {
  /** Bytes consumed so far (the stream offset of the next byte). */
  readonly pos: number;
  /** The next `n` bytes, fewer only at the end of the stream. Consumes them. */
  take(n: number): Uint8Array;
  /** Consumes up to `n` bytes; returns how many there were. */
  skip(n: number): number;
  /** A zero-copy window of the next `n` bytes (consumed), or null when the stream cannot give one. */
  window(n: number): ByteSource | null;
}

/** A {@link Forward} over a plain source. */
export function sourceForward(src: ByteSource): Forward {
  let pos = 0;
  return {
    get pos() {
      return pos;
    },
    take(n) {
      const k = Math.max(0, Math.min(n, src.size - pos));
      const b = src.read(pos, k);
      pos += k;
      return b;
    },
    skip(n) {
      const k = Math.max(0, Math.min(n, src.size - pos));
      pos += k;
      return k;
    },
    window(n) {
      if (pos + n > src.size) return null;
      const w = windowSource(src, pos, n);
      pos += n;
      return w;
    },
  };
}

/** A {@link Forward} over decompressed output. */
export function inflatedForward(dec: Decompressor): Forward {
  let chunk: Uint8Array = new Uint8Array(0);
  let at = 0;
  let pos = 0;
  const more = (): boolean => {
    const out = dec.next();
    if (out === null) return false;
    chunk = out;
    at = 0;
    return true;
  };
  return {
    get pos() {
      return pos;
    },
    take(n) {
      if (at + n <= chunk.length) {
        const b = chunk.subarray(at, at + n);
        at += n;
        pos += n;
        return b;
      }
      const out = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        if (at === chunk.length && !more()) break;
        const k = Math.min(n - got, chunk.length - at);
        out.set(chunk.subarray(at, at + k), got);
        at += k;
        got += k;
      }
      pos += got;
      return got === n ? out : out.subarray(0, got);
    },
    skip(n) {
      let done = 0;
      while (done < n) {
        if (at === chunk.length && !more()) break;
        const k = Math.min(n - done, chunk.length - at);
        at += k;
        done += k;
      }
      pos += done;
      return done;
    },
    window: () => null,
  };
}

/**
 * A member of a one-pass stream (a tar member inside gzip) as a {@link ByteSource}: bytes are
 * pulled from the stream as reads reach them and held (at most `maxBytes`; past that `LIMIT`).
 * Valid until {@link finish}, which skips the rest of the member; reads after it throw `IO`.
 */
export class StreamMemberSource implements ByteSource {
  private buf: Uint8Array = new Uint8Array(0);
  private have = 0;
  private done = false;

  constructor(
    readonly size: number,
    private readonly fwd: Forward,
    private readonly maxBytes: number,
    private readonly format: FormatName,
    private readonly structure: string,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    if (this.done) throw new BinspectError('IO', this.format, this.structure, null, 'member read after the archive reader moved past it');
    if (end > this.have) this.fill(end);
    return this.buf.subarray(offset, end);
  }

  private fill(end: number): void {
    if (end > this.maxBytes) {
      throw new BinspectError('LIMIT', this.format, this.structure, null,
        `reading to byte ${end} of the member would hold more than ${this.maxBytes} bytes in memory (limit maxMemberBytes)`);
    }
    // Grow geometrically, so a parser's many small reads cost few pulls; the first pull stays small
    // (most members are only sniffed: their first bytes say they are no binary).
    const want = Math.min(this.size, this.maxBytes, Math.max(end, this.have * 2));
    const got = this.fwd.take(want - this.have);
    if (this.have + got.length > this.buf.length) {
      const grown = new Uint8Array(want);
      grown.set(this.buf.subarray(0, this.have));
      this.buf = grown;
    }
    this.buf.set(got, this.have);
    this.have += got.length;
    if (this.have < end) {
      throw new BinspectError('TRUNCATED', this.format, this.structure, null,
        `the stream ends after ${this.have} bytes of a member declared as ${this.size}`);
    }
  }

  /** Ends the member without consuming the rest of it (the last member of a stream: nothing follows that must be read). */
  release(): void {
    this.done = true;
    this.buf = new Uint8Array(0);
  }

  /** Consumes the rest of the member from the stream; returns the bytes that were missing (0 when whole). */
  finish(): number {
    if (this.done) return 0;
    this.done = true;
    this.buf = new Uint8Array(0);
    const rest = this.size - this.have;
    return rest - this.fwd.skip(rest);
  }
}
