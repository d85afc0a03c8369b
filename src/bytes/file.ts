import { closeSync, fstatSync, openSync, readSync, constants as fsc } from 'node:fs';
import { BinspectError } from '../errors.js';
import type { ByteSource, IoStats } from './source.js';

/** Options for {@link openFileSource}. */
export interface FileSourceOptions {
  /** Bytes of the first read, which usually covers the ELF header and program headers. Default 4096. */
  firstRead?: number;
  /** Small reads are widened to aligned blocks of this many bytes and cached. Default 4096: one
   * read syscall costs far more than copying a few KiB from the page cache. */
  block?: number;
  /** Cap on bytes read from one file (docs/errors.md, limits). Default 64 MiB. */
  maxBytes?: number;
  /**
   * A buffer reused across files (one per scan worker): reads are placed in it one after another
   * and it is rewound when the next file opens, so a typical file costs no allocation. Views
   * handed out stay valid until the next `openFileSource` with the same arena. Reads that do not
   * fit get their own buffer.
   */
  arena?: Arena;
  /** What is known about the file before it is opened (default {@link KNOWN_NOTHING}). */
  known?: Known;
}

/**
 * What is known about a file before it is opened: the one description every caller (the library,
 * the CLI, the scan's walk and its workers) gives.
 * - `stat`: a stat just showed a regular file of `size` bytes, so no fstat is needed. A file that
 *   shrinks afterwards is still caught (`TRUNCATED`); one swapped for a FIFO cannot block (it is
 *   opened `O_NONBLOCK`). With the stat's `mtimeMs` and `ctimeMs` (milliseconds, as `fs.Stats`
 *   gives them), `checkUnchanged` compares the stamps instead of reading every range again.
 * - `entry`: a directory entry's type (`d_type`) showed a regular file; the size is not known.
 *   {@link openFileHead} reads the first bytes without it.
 * - `nothing`: the open takes an fstat, which also refuses what is no regular file.
 */
export type Known =
  | { readonly kind: 'stat'; readonly size: number; readonly mtimeMs?: number; readonly ctimeMs?: number }
  | { readonly kind: 'entry' }
  | { readonly kind: 'nothing' };

/** {@link Known}: nothing is known. */
export const KNOWN_NOTHING: Known = Object.freeze({ kind: 'nothing' });
/** {@link Known}: regular by its directory entry's type. */
export const KNOWN_BY_ENTRY: Known = Object.freeze({ kind: 'entry' });
/** {@link Known}: a stat showed a regular file of `size` bytes. */
export const knownSize = (size: number): Known => ({ kind: 'stat', size });
/** {@link Known}: a stat (its size and time stamps) showed a regular file. */
export const knownStat = (st: { size: number; mtimeMs: number; ctimeMs: number }): Known =>
  ({ kind: 'stat', size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });

/** Bytes of the first read unless `firstRead` says otherwise. */
export const FIRST_READ = 4096;

/** A reusable read buffer; see {@link FileSourceOptions.arena}. */
export interface Arena {
  buf: Uint8Array;
  used: number;
}

/** An arena of `bytes` bytes (default 1 MiB). */
export function createArena(bytes = 1 << 20): Arena {
  return { buf: new Uint8Array(bytes), used: 0 };
}

/** A file-backed {@link ByteSource} that must be closed. */
export interface FileSource extends ByteSource {
  readonly io: IoStats;
  /**
   * Checks that the file did not change while it was read (call it after the last read): takes
   * the size, mtime and ctime again (fstat) and compares them with those of the stat that gave the
   * size (the source's own fstat, or the caller's `known` stat); when the file was modified in the
   * last two seconds (or no earlier stamp exists), where a change may not move a coarse timestamp,
   * also reads every range it read once more and compares the bytes. Returns the bytes read again
   * (0 when the time stamps sufficed); these are not counted in `io`.
   * Throws `IO` ("changed while being read") on any difference, so a report is either from one
   * consistent state of the file or an error.
   */
  checkUnchanged(): number;
  close(): void;
}

/**
 * An open file whose size is not taken yet ({@link openFileHead}): only its first bytes can be read
 * until {@link FileHead.measure} gives the {@link FileSource}. Must be closed (the source it gives
 * closes the same file).
 */
export interface FileHead {
  readonly io: IoStats;
  /**
   * The first read's bytes, from file offset 0: `firstRead` bytes, or fewer when one read call gave
   * fewer (the file is shorter). Throws `IO`.
   */
  head(): Uint8Array;
  /**
   * Takes the size (fstat), checking that the file is still a regular file and no shorter than its
   * head, and gives the file as a {@link FileSource}. Throws `IO` (fstat failed, no longer a
   * regular file) or `TRUNCATED` (it shrank below its head).
   */
  measure(): FileSource;
  close(): void;
}

/**
 * Opens `path` (a string, or raw path bytes) for positioned reads of only the ranges asked for. Reads smaller than a block are
 * widened to aligned `block`-byte blocks that are cached, so nearby small reads coalesce; larger
 * reads go straight to the file. Only regular files are opened (FIFOs, devices and sockets are
 * refused without blocking). Throws `BinspectError` code `IO` on any file-system error.
 */
export function openFileSource(path: string | Uint8Array, opts: FileSourceOptions = {}): FileSource {
  const known = opts.known ?? KNOWN_NOTHING;
  if (known.kind === 'stat') {
    const src = new PositionedSource(openFd(path), known.size, opts);
    if (known.mtimeMs !== undefined && known.ctimeMs !== undefined) src.stamp = { mtimeMs: known.mtimeMs, ctimeMs: known.ctimeMs };
    return src;
  }
  const src = new PositionedSource(openFd(path), -1, opts);
  try {
    return src.measure();
  } catch (e) {
    src.close();
    throw e;
  }
}

/**
 * Opens `path` (a file a directory walk found regular by its entry's type) without taking its
 * size: the first read needs none, and a file whose first bytes are no binary is closed after it
 * at the cost of an open, one read and a close. Options as for {@link openFileSource} (`known` is
 * not read). Throws `BinspectError` code `IO`.
 */
export function openFileHead(path: string | Uint8Array, opts: FileSourceOptions = {}): FileHead {
  return new PositionedSource(openFd(path), -1, opts);
}

/** Opens a regular file read-only without blocking (a FIFO or device that replaced it cannot hang the open). */
function openFd(path: string | Uint8Array): number {
  try {
    return openSync(typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.length), fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOCTTY ?? 0));
  } catch (e) {
    throw ioError(e);
  }
}

/**
 * The file source: one class for every file (no per-file closures on the scan's hot path), seen
 * as a {@link FileHead} until measured when opened without a size. The first read covers
 * `firstRead` bytes; later small reads are widened to cached aligned blocks.
 */
class PositionedSource implements FileSource, FileHead {
  readonly io: IoStats = { bytesRead: 0, reads: 0 };
  private readonly block: number;
  private readonly maxBytes: number;
  private firstLength: number;
  private first: Uint8Array | null = null;
  private readonly cache = new Map<number, Uint8Array>();
  private lastIndex = -1;
  private lastBlock: Uint8Array | null = null;
  private readonly arena: Arena | undefined;
  private closed = false;
  /** mtime and ctime (ms) from the stat that took the size; null when the caller gave a size alone. */
  stamp: { mtimeMs: number; ctimeMs: number } | null = null;
  /** Every range read from the file, in order: what {@link checkUnchanged} reads again. */
  private readonly ranges: Array<{ offset: number; bytes: Uint8Array }> = [];

  /** Bytes; -1 (private to this class) until {@link measure} when opened by {@link openFileHead}. */
  size: number;

  constructor(private readonly fd: number, size: number, opts: FileSourceOptions) {
    this.size = size;
    this.block = opts.block ?? 4096;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.firstLength = size < 0 ? opts.firstRead ?? FIRST_READ : Math.min(size, opts.firstRead ?? FIRST_READ);
    this.arena = opts.arena;
    if (this.arena) this.arena.used = 0;
  }

  private alloc(n: number): Uint8Array {
    const a = this.arena;
    if (a && a.used + n <= a.buf.length) {
      const b = a.buf.subarray(a.used, a.used + n);
      a.used += (n + 7) & ~7;
      return b;
    }
    return new Uint8Array(n);
  }

  measure(): FileSource {
    if (this.size >= 0) return this;
    if (this.closed) throw new BinspectError('IO', 'bytes', 'file', null, 'source is closed');
    let st;
    try {
      st = fstatSync(this.fd);
    } catch (e) {
      throw ioError(e);
    }
    if (!st.isFile()) throw new BinspectError('IO', 'bytes', 'file', null, 'not a regular file');
    this.stamp = { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    if (this.first === null) {
      this.firstLength = Math.min(st.size, this.firstLength);
    } else if (st.size < this.firstLength) {
      throw new BinspectError('TRUNCATED', 'bytes', 'file', st.size, 'file shrank while being read');
    }
    this.size = st.size;
    return this;
  }

  head(): Uint8Array {
    return this.firstBytes();
  }

  /**
   * `length` bytes at `offset`. With `short` (the first read of a file of unknown size) one read
   * call, which may give fewer bytes: a file shorter than the first read costs no extra call to
   * find its end, and its size still comes from {@link measure}.
   */
  private raw(offset: number, length: number, short = false): Uint8Array {
    if (this.closed) throw new BinspectError('IO', 'bytes', 'file', offset, 'source is closed');
    if (this.io.bytesRead + length > this.maxBytes) {
      throw new BinspectError('LIMIT', 'bytes', 'file', offset, `reading more than ${this.maxBytes} bytes of one file`);
    }
    const buf = this.alloc(length);
    let got = 0;
    try {
      while (got < length) {
        const n = readSync(this.fd, buf, got, length - got, offset + got);
        this.io.reads++;
        if (n === 0) break;
        got += n;
        if (short) break;
      }
    } catch (e) {
      throw ioError(e, offset);
    }
    this.io.bytesRead += got;
    this.ranges.push({ offset, bytes: buf.subarray(0, got) });
    if (got < length && short) return buf.subarray(0, got);
    if (got < length) {
      throw new BinspectError('TRUNCATED', 'bytes', 'file', offset + got, 'file shrank while being read');
    }
    return buf;
  }

  read(offset: number, length: number): Uint8Array {
    if (this.closed) throw new BinspectError('IO', 'bytes', 'file', offset, 'source is closed');
    if (length === 0) return new Uint8Array(0);
    if (offset + length <= this.firstLength) return this.firstBytes().subarray(offset, offset + length);
    const block = this.block;
    const start = Math.floor(offset / block);
    const last = Math.floor((offset + length - 1) / block);
    const rel = offset - start * block;
    if (start === last) return this.blockAt(start).subarray(rel, rel + length);
    // A range across two blocks, one of them already read: stitched from the blocks (copying a few
    // KiB costs far less than a read syscall). Otherwise one exact read.
    if (last === start + 1 && (this.cache.has(start) || this.cache.has(last))) {
      const a = this.blockAt(start).subarray(rel);
      const b = this.blockAt(last);
      if (a.length + b.length >= length) {
        const out = this.alloc(length);
        out.set(a);
        out.set(b.subarray(0, length - a.length), a.length);
        return out;
      }
    }
    return this.raw(offset, length);
  }

  /** The first read; it also serves as every block it wholly covers. */
  private firstBytes(): Uint8Array {
    if (this.first === null) {
      const first = (this.first = this.raw(0, this.firstLength, this.size < 0));
      this.firstLength = first.length;
      for (let from = 0; from < this.firstLength; from += this.block) {
        const end = this.size < 0 ? from + this.block : Math.min(from + this.block, this.size);
        if (end > this.firstLength) break;
        this.cache.set(from / this.block, first.subarray(from, end));
      }
    }
    return this.first;
  }

  /** Block `i` (cached): reads come in runs on one block (a table, then its strings), so the last one is checked first. */
  private blockAt(i: number): Uint8Array {
    if (i === this.lastIndex) return this.lastBlock!;
    if (i * this.block < this.firstLength) this.firstBytes();
    let b = this.cache.get(i);
    if (!b) {
      if (this.cache.size > 4096) this.cache.clear();
      const from = i * this.block;
      b = this.raw(from, Math.min(this.block, this.size - from));
      this.cache.set(i, b);
    }
    this.lastIndex = i;
    this.lastBlock = b;
    return b;
  }

  checkUnchanged(): number {
    if (this.closed) throw new BinspectError('IO', 'bytes', 'file', null, 'source is closed');
    const changed = (why: string): BinspectError =>
      new BinspectError('IO', 'bytes', 'file', null, `file changed while being read (${why}); read it again`);
    const st = this.fstat();
    if (this.size >= 0 && st.size !== this.size) throw changed(`size ${this.size} -> ${st.size}`);
    const stamp = this.stamp;
    if (stamp !== null && (st.mtimeMs !== stamp.mtimeMs || st.ctimeMs !== stamp.ctimeMs)) throw changed('mtime or ctime moved');
    // A file last changed long ago had its stamp taken before any change that could be under way:
    // a change now would move mtime. A recent one (or one without a stamp) gets its bytes compared.
    if (stamp !== null && Date.now() - Math.max(st.mtimeMs, st.ctimeMs) > 2000) return 0;
    let scratch = new Uint8Array(0);
    let again = 0;
    for (const r of this.ranges) {
      if (scratch.length < r.bytes.length) scratch = new Uint8Array(r.bytes.length);
      let got = 0;
      try {
        while (got < r.bytes.length) {
          const n = readSync(this.fd, scratch, got, r.bytes.length - got, r.offset + got);
          if (n === 0) break;
          got += n;
        }
      } catch (e) {
        throw ioError(e, r.offset);
      }
      again += got;
      if (got !== r.bytes.length) throw changed(`bytes at 0x${r.offset.toString(16)} are gone`);
      for (let i = 0; i < got; i++) if (scratch[i] !== r.bytes[i]) throw changed(`bytes at 0x${(r.offset + i).toString(16)} differ`);
    }
    const after = this.fstat();
    if (after.size !== st.size || after.mtimeMs !== st.mtimeMs || after.ctimeMs !== st.ctimeMs) throw changed('mtime or ctime moved');
    return again;
  }

  private fstat(): { size: number; mtimeMs: number; ctimeMs: number } {
    try {
      return fstatSync(this.fd);
    } catch (e) {
      throw ioError(e);
    }
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.first = null;
      this.lastBlock = null;
      this.lastIndex = -1;
      this.cache.clear();
      this.ranges.length = 0;
      closeSync(this.fd);
    }
  }
}

function ioError(e: unknown, offset: number | null = null): BinspectError {
  const err = e as NodeJS.ErrnoException;
  return new BinspectError('IO', 'bytes', 'file', offset, err?.message ?? String(e));
}
