/**
 * Where bytes come from (docs/architecture.md "bytes").
 *
 * A `ByteSource` hands out views of byte ranges. Callers check ranges against `size` first
 * (see `view()` in `./view.ts`); `read` itself only fails for I/O errors.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Bytes `[offset, offset + length)` (file offsets, bytes). The caller guarantees
   * `0 <= offset`, `offset + length <= size`. The returned array must not be written to.
   */
  read(offset: number, length: number): Uint8Array;
  /** Bytes and read calls this source cost so far; absent for memory sources. */
  readonly io?: IoStats;
}

/** What reading cost: bytes transferred from the file and the number of read calls. */
export interface IoStats {
  bytesRead: number;
  reads: number;
}

/** `source` as a parser's constructor takes it: a `TypeError` naming `who` unless it can be read. */
export function checkedSource(source: ByteSource, who: string): ByteSource {
  if (!source || typeof source.read !== 'function') throw new TypeError(`${who} needs a ByteSource`);
  return source;
}

/** A memory source for a parser's `fromBytes`: a `TypeError` naming `who` unless `bytes` is a Uint8Array. */
export function bytesSource(bytes: Uint8Array, who: string): ByteSource {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${who} needs a Uint8Array`);
  return memorySource(bytes);
}

/** A source over bytes already in memory: `read` is a `subarray`, never a copy. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
  };
}
