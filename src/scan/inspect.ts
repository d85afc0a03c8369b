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
  path: string | Uint8Array, select: readonly ReportField[] | undefined, arena?: Arena, knownSize?: number, opts: Omit<InspectOptions, 'select'> = {},
): Report {
  // A path that is not valid UTF-8 is reported as text with U+FFFD, and exactly in `pathBase64`.
  const text = typeof path === 'string' ? path : new TextDecoder().decode(path);
  const exact = (r: Report): Report => {
    if (typeof path !== 'string') r.pathBase64 = Buffer.from(path).toString('base64');
    return r;
  };
  let src;
  try {
    src = openFileSource(path, { arena, knownSize, maxBytes: opts.maxBytes });
  } catch (e) {
    if (!(e instanceof BinspectError)) throw e;
    return exact(failedReport(text, knownSize ?? 0, e, select ? { select } : {}));
  }
  try {
    const r = buildReport(src, text, select ? { ...opts, select } : opts);
    r.io = { bytesRead: src.io.bytesRead, reads: src.io.reads };
    return exact(r);
  } finally {
    src.close();
  }
}
