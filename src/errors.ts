/**
 * The one error type binspect's parsers throw (docs/errors.md).
 *
 * `code` says what went wrong, `format` which container was being read, `structure` the spec's
 * name for the structure being decoded (`Elf64_Phdr[3]`, `Elf_Vernaux`), and `offset` the file
 * offset in bytes where the problem was found (or `null` when there is none, e.g. for `IO`).
 */
export type ErrorCode =
  | 'TRUNCATED'
  | 'BAD_MAGIC'
  | 'OUT_OF_BOUNDS'
  | 'LOOP'
  | 'LIMIT'
  | 'UNSUPPORTED'
  | 'IO';

/** The format being read: a binary format, a container (zip, tar, gzip, ar), ld.so.cache, or `bytes` (reading itself). */
export type FormatName = 'elf' | 'pe' | 'coff' | 'macho' | 'macho-fat' | 'zip' | 'tar' | 'gzip' | 'ar' | 'bytes' | 'ld.so.cache' | 'image';

export class BinspectError extends Error {
  override readonly name = 'BinspectError';
  constructor(
    readonly code: ErrorCode,
    readonly format: FormatName,
    readonly structure: string,
    readonly offset: number | null,
    detail: string,
  ) {
    super(`${format} ${structure}${offset === null ? '' : ` at offset 0x${offset.toString(16)}`}: ${detail}`);
  }
}

/** True for the errors parsers are allowed to throw on bad input. */
export function isBinspectError(e: unknown): e is BinspectError {
  return e instanceof BinspectError;
}
