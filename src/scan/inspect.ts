import { type Arena, type FileSource, FIRST_READ, openFileSource } from '../bytes/file.js';
import type { IoStats } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import { mayBeBinary } from '../report/format.js';
import { buildReport, failedReport, type InspectOptions, type Report, type ReportField } from '../report/report.js';

type Select = readonly ReportField[] | undefined;

/**
 * Inspects one file for the scan: the first read covers the ELF header and program headers of a
 * typical file; a non-binary is rejected after that read by its magic (report `error.code`
 * `BAD_MAGIC`) without parsing. `knownSize` (bytes, from a stat that showed a regular file) saves
 * the fstat. Never throws for bad files.
 */
export function inspectPath(path: string | Uint8Array, select: Select, arena?: Arena, knownSize?: number, opts: Omit<InspectOptions, 'select'> = {}): Report {
  let src;
  try {
    src = openFileSource(path, { arena, knownSize, maxBytes: opts.maxBytes });
  } catch (e) {
    return failed(path, knownSize ?? 0, e, select);
  }
  return inspectSource(path, src, select, opts);
}

/** What {@link inspectFound} returns for a file whose first bytes cannot start a binary: what that read cost. */
export interface NotBinary {
  notBinary: true;
  io: IoStats;
}

/**
 * Inspects a file that a directory walk found regular by its entry's type, when only a binary's
 * report is wanted: opens it without a stat and reads its first bytes; when they cannot start an
 * ELF, PE, COFF or Mach-O file whatever the file's size (`mayBeBinary`), closes it and returns
 * {@link NotBinary}. Otherwise takes the size (fstat) and inspects it as {@link inspectPath} does.
 * A non-binary thus costs an open, one read and a close. Never throws for bad files.
 */
export function inspectFound(path: string | Uint8Array, select: Select, arena?: Arena, opts: Omit<InspectOptions, 'select'> = {}): Report | NotBinary {
  let src;
  try {
    src = openFileSource(path, { arena, unsized: true, maxBytes: opts.maxBytes });
  } catch (e) {
    return failed(path, 0, e, select);
  }
  try {
    // A first read that stopped short met the end of the file: the head is the whole file.
    const head = src.head();
    if (!mayBeBinary(head, head.length < FIRST_READ)) {
      src.close();
      return { notBinary: true, io: { bytesRead: src.io.bytesRead, reads: src.io.reads } };
    }
    src.measure();
  } catch (e) {
    src.close();
    return failed(path, Math.max(src.size, 0), e, select);
  }
  return inspectSource(path, src, select, opts);
}

/** The report of an open source (closed afterwards). */
function inspectSource(path: string | Uint8Array, src: FileSource, select: Select, opts: Omit<InspectOptions, 'select'>): Report {
  try {
    const r = buildReport(src, pathText(path), select ? { ...opts, select } : opts);
    r.io = { bytesRead: src.io.bytesRead, reads: src.io.reads };
    return exact(r, path);
  } finally {
    src.close();
  }
}

/** The report of a file that could not be opened or read (a BinspectError; anything else is a bug and rethrown). */
function failed(path: string | Uint8Array, size: number, e: unknown, select: Select): Report {
  if (!(e instanceof BinspectError)) throw e;
  return exact(failedReport(pathText(path), size, e, select ? { select } : {}), path);
}

/** A path that is not valid UTF-8 is reported as text with U+FFFD, and exactly in `pathBase64`. */
const pathText = (path: string | Uint8Array): string => (typeof path === 'string' ? path : new TextDecoder().decode(path));

function exact(r: Report, path: string | Uint8Array): Report {
  if (typeof path !== 'string') r.pathBase64 = Buffer.from(path).toString('base64');
  return r;
}
