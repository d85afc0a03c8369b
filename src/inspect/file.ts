/**
 * The library's inspection of files on disk, every format and archives included: registers them
 * with `./path.ts` (which loads only ELF) and adds {@link inspectFileSync} and {@link inspectFile}.
 */
import { containerOf } from '../archive/report.js';
import { withNodeInflater } from '../container/node/zlib.js';
import { type AllFields, checkInspectOptions, type InspectOptions, type ReportField, type Selected } from '../report/report.js';
import { inspectPath, registerArchiveIo } from './path.js';

registerArchiveIo({ withNodeInflater, containerOf });

export { type FileInspectOptions, type FilePath, type NotBinary, inspectFound, inspectPath } from './path.js';

/**
 * The report for the file at `path`, reading only the ranges the selected fields need with
 * synchronous positioned reads; `io` gives the bytes read and the read calls. A file that cannot
 * be opened or is not a regular file gets `error.code` `IO`. Throws `TypeError` for a path that is
 * no string or an unknown `select` field. The type has exactly the selected fields.
 */
export function inspectFileSync<const S extends readonly ReportField[] = AllFields>(path: string, options: InspectOptions<S> = {}): Selected<S> {
  if (typeof path !== 'string') throw new TypeError('inspectFileSync() needs a path string');
  checkInspectOptions(options, 'inspectFileSync()');
  return inspectPath(path, options) as Selected<S>;
}

/**
 * Promise form of {@link inspectFileSync}. The parsers are synchronous; the reads it makes are a
 * handful of small positioned reads, done on the calling thread. Use `scan()` to spread many files
 * over worker threads.
 */
export async function inspectFile<const S extends readonly ReportField[] = AllFields>(path: string, options: InspectOptions<S> = {}): Promise<Selected<S>> {
  return inspectFileSync<S>(path, options);
}
