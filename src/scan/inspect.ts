import { type Arena, openFileSource } from '../bytes/file.js';
import { BinspectError } from '../errors.js';
import { buildReport, failedReport, type InspectOptions, type Report, type ReportField } from '../report/report.js';

/**
 * Inspects one file for the scan: the first read covers the ELF header and program headers of a
 * typical file; a non-binary is rejected after that read by its magic (report `error.code`
 * `BAD_MAGIC`) without parsing. `knownSize` (bytes, from the walk's lstat of a regular file) saves
 * the fstat. Never throws for bad files.
 */
export function inspectPath(
  path: string, select: readonly ReportField[] | undefined, arena?: Arena, knownSize?: number, opts: Omit<InspectOptions, 'select'> = {},
): Report {
  let src;
  try {
    src = openFileSource(path, { arena, knownSize, maxBytes: opts.maxBytes });
  } catch (e) {
    if (!(e instanceof BinspectError)) throw e;
    return failedReport(path, knownSize ?? 0, e, select ? { select } : {});
  }
  try {
    const r = buildReport(src, path, select ? { ...opts, select } : opts);
    r.io = { bytesRead: src.io.bytesRead, reads: src.io.reads };
    return r;
  } finally {
    src.close();
  }
}
