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

/** A source over bytes already in memory: `read` is a `subarray`, never a copy. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
  };
}
