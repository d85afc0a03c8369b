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

/**
 * A loader-relevant oddity that did not stop an answer (report field `anomalies`, docs/loader.md):
 * the report follows the loader's reading, and the anomaly records the other one (a duplicate
 * table, a count that disagrees with its chain, a structure past the end of the file). `code` is
 * one of the stable names docs/loader.md lists (the gate's `--allow-anomaly CODE`), `structure` the
 * spec's name of what was read, `offset` its file offset in bytes (null when it has none).
 */
export interface Anomaly {
  code: string;
  structure: string;
  offset: number | null;
  message: string;
}

/** The anomalies of one file, in the order they were found, each (code, structure, offset) once. */
export class AnomalyLog {
  private readonly seen = new Set<string>();
  readonly list: Anomaly[] = [];

  add(code: string, structure: string, offset: number | null, message: string): void {
    const key = `${code}\0${structure}\0${offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ code, structure, offset, message });
  }
}
