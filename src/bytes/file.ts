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
  /** Cap on bytes read from one file (DESIGN.md §4 limits). Default 64 MiB. */
  maxBytes?: number;
  /**
   * A buffer reused across files (one per scan worker): reads are placed in it one after another
   * and it is rewound when the next file opens, so a typical file costs no allocation. Views
   * handed out stay valid until the next `openFileSource` with the same arena. Reads that do not
   * fit get their own buffer.
   */
  arena?: Arena;
}

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
  close(): void;
}

/**
 * Opens `path` for positioned reads of only the ranges asked for. Reads smaller than a block are
 * widened to aligned `block`-byte blocks that are cached, so nearby small reads coalesce; larger
 * reads go straight to the file. Only regular files are opened (FIFOs, devices and sockets are
 * refused without blocking). Throws `BinspectError` code `IO` on any file-system error.
 */
export function openFileSource(path: string, opts: FileSourceOptions = {}): FileSource {
  const block = opts.block ?? 4096;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  let fd: number;
  try {
    fd = openSync(path, fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOCTTY ?? 0));
  } catch (e) {
    throw ioError(e);
  }
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new BinspectError('IO', 'bytes', 'file', null, 'not a regular file');
    }
    size = st.size;
  } catch (e) {
    closeSync(fd);
    throw e instanceof BinspectError ? e : ioError(e);
  }
  const io: IoStats = { bytesRead: 0, reads: 0 };
  const arena = opts.arena;
  if (arena) arena.used = 0;
  const alloc = (n: number): Uint8Array => {
    if (arena && arena.used + n <= arena.buf.length) {
      const b = arena.buf.subarray(arena.used, arena.used + n);
      arena.used += (n + 7) & ~7;
      return b;
    }
    return new Uint8Array(n);
  };
  const cache = new Map<number, Uint8Array>();
  let closed = false;

  const raw = (offset: number, length: number): Uint8Array => {
    if (closed) throw new BinspectError('IO', 'bytes', 'file', offset, 'source is closed');
    if (io.bytesRead + length > maxBytes) {
      throw new BinspectError('LIMIT', 'bytes', 'file', offset, `reading more than ${maxBytes} bytes of one file`);
    }
    const buf = alloc(length);
    let got = 0;
    try {
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, offset + got);
        io.reads++;
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw ioError(e, offset);
    }
    io.bytesRead += got;
    if (got < length) {
      throw new BinspectError('TRUNCATED', 'bytes', 'file', offset + got, 'file shrank while being read');
    }
    return buf;
  };

  const first = Math.min(size, opts.firstRead ?? 4096);
  return {
    size,
    io,
    read(offset, length) {
      if (length === 0) return new Uint8Array(0);
      if (offset + length <= first) {
        let b = cache.get(-1);
        if (!b) cache.set(-1, (b = raw(0, first)));
        return b.subarray(offset, offset + length);
      }
      const start = Math.floor(offset / block);
      const last = Math.floor((offset + length - 1) / block);
      if (start !== last) return raw(offset, length);
      let b = cache.get(start);
      if (!b) {
        if (cache.size > 4096) cache.clear();
        const from = start * block;
        b = raw(from, Math.min(block, size - from));
        cache.set(start, b);
      }
      const rel = offset - start * block;
      return b.subarray(rel, rel + length);
    },
    close() {
      if (!closed) {
        closed = true;
        cache.clear();
        closeSync(fd);
      }
    },
  };
}

function ioError(e: unknown, offset: number | null = null): BinspectError {
  const err = e as NodeJS.ErrnoException;
  return new BinspectError('IO', 'bytes', 'file', offset, err?.code ? `${err.code}: ${err.message}` : String(e));
}
