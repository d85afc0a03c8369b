/**
 * Inspection of one file on disk: the library's `inspectFileSync`/`inspectFile` (`./file.ts`), the
 * CLI's one-off commands and each file of the fleet scan all come here, with the caller's options
 * passed whole and one description of what is known about the file before it is opened
 * ({@link Known}). This module loads no format but ELF and no archive reader: `./file.ts` registers
 * them all (and the CLI imports it unless every file it was given is ELF; docs/performance.md).
 */
import { type Arena, type FileSource, FIRST_READ, type Known, openFileHead, openFileSource } from '../bytes/file.js';
import type { IoStats } from '../bytes/source.js';
import { BinspectError } from '../errors.js';
import { mayBeBinary } from '../report/format.js';
import type { containerOf } from '../archive/report.js';
import { detectContainer } from '../container/detect.js';
import type { withNodeInflater } from '../container/node/zlib.js';
// zlib streams inside binaries (compressed sections) are read with Node's zlib.
import '../provenance/node/zlib.js';
import { type AnyReport, buildReport, failedReport, type InspectOptions, type ReportField } from '../report/build.js';

/** Reading archives from disk (zlib, the archive readers): registered by `./file.ts`. */
export interface ArchiveIo {
  withNodeInflater: typeof withNodeInflater;
  containerOf: typeof containerOf;
}

let archiveIo: ArchiveIo | null = null;

/** Makes archives readable here (done once, by `./file.ts`); until then a file is never opened as an archive. */
export function registerArchiveIo(io: ArchiveIo): void {
  archiveIo = io;
}

const withInflater = <T extends FileInspectOptions>(options: T): T => (archiveIo ? archiveIo.withNodeInflater(options) : options);

/** A path: a string, or the raw bytes of a path that is not valid UTF-8 (Linux names are bytes). */
export type FilePath = string | Uint8Array;

/** {@link InspectOptions} plus how the file is opened. */
export interface FileInspectOptions extends InspectOptions<readonly ReportField[]> {
  /** What is known about the file before it is opened (default: nothing; an fstat finds out). */
  known?: Known;
  /** A read buffer reused across files (one per scan worker; see `FileSourceOptions.arena`). */
  arena?: Arena;
}

/**
 * The report of the file at `path`: the first read covers the ELF header and program headers of a
 * typical file, later reads only the ranges the selected fields need; `io` says what reading cost.
 * A file that cannot be opened or read, or is no regular file, gets `error.code` `IO`; one that is
 * no binary gets `BAD_MAGIC`. Never throws for bad files.
 */
export function inspectPath(path: FilePath, options: FileInspectOptions = {}): AnyReport {
  options = withInflater(options);
  let src: FileSource;
  try {
    src = openFileSource(path, options);
  } catch (e) {
    return failed(path, options.known?.kind === 'stat' ? options.known.size : 0, e, options);
  }
  return inspectSource(path, src, options);
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
export function inspectFound(path: FilePath, options: Omit<FileInspectOptions, 'known'> = {}): AnyReport | NotBinary {
  options = withInflater(options);
  let file;
  try {
    file = openFileHead(path, options);
  } catch (e) {
    return failed(path, 0, e, options);
  }
  let src: FileSource;
  try {
    // A first read that stopped short met the end of the file: the head is the whole file.
    const head = file.head();
    if (!mayBeBinary(head, head.length < FIRST_READ) && !isArchiveHead(head, options)) {
      file.close();
      return { notBinary: true, io: { bytesRead: file.io.bytesRead, reads: file.io.reads } };
    }
    src = file.measure();
  } catch (e) {
    file.close();
    return failed(path, 0, e, options);
  }
  return inspectSource(path, src, options);
}

/** The file source's default read cap (`FileSourceOptions.maxBytes`). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Whether a file's first bytes start an archive binspect opens (zip, tar, gzip, ar). */
function isArchiveHead(head: Uint8Array, options: FileInspectOptions): boolean {
  if (options.archives === false || archiveIo === null) return false;
  const kind = detectContainer(head);
  return kind !== null && 'format' in kind;
}

/**
 * The report of an open source (closed afterwards). An archive larger than half the per-file read
 * cap is reopened without it (`maxBytes` caps each binary; an archive is bounded by its own limits,
 * docs/archives.md); a smaller one cannot reach it in one pass.
 */
function inspectSource(path: FilePath, src: FileSource, options: FileInspectOptions): AnyReport {
  try {
    if (options.archives !== false && archiveIo !== null && src.size > (options.maxBytes ?? DEFAULT_MAX_BYTES) / 2) {
      const kind = archiveIo.containerOf(src);
      if (kind !== null && 'format' in kind) {
        const size = src.size;
        src.close();
        src = openFileSource(path, { ...options, known: { kind: 'stat', size }, maxBytes: Number.MAX_SAFE_INTEGER });
      }
    }
    const r = buildReport(src, pathText(path), options);
    try {
      // One consistent read or an error (docs/errors.md): a file rewritten while it was read
      // could mix two versions' bytes into one report.
      src.checkUnchanged();
    } catch (e) {
      const f = failed(path, r.size, e, options);
      f.io = { bytesRead: src.io.bytesRead, reads: src.io.reads };
      return f;
    }
    r.io = { bytesRead: src.io.bytesRead, reads: src.io.reads };
    return exact(r, path);
  } catch (e) {
    return failed(path, Math.max(src.size, 0), e, options);
  } finally {
    src.close();
  }
}

/** The report of a file that could not be opened or read (a BinspectError; anything else is a bug and rethrown). */
function failed(path: FilePath, size: number, e: unknown, options: FileInspectOptions): AnyReport {
  if (!(e instanceof BinspectError)) throw e;
  return exact(failedReport(pathText(path), size, e, options), path);
}

/** A path that is not valid UTF-8 is reported as text with U+FFFD, and exactly in `pathBase64`. */
const pathText = (path: FilePath): string => (typeof path === 'string' ? path : new TextDecoder().decode(path));

function exact(r: AnyReport, path: FilePath): AnyReport {
  if (typeof path !== 'string') r.pathBase64 = Buffer.from(path).toString('base64');
  return r;
}
