import type { AnyReport, ReportField } from '../report/report.js';
import { inspectFound, inspectPath } from '../inspect/file.js';
import { pathText, walk } from '../scan/walk.js';
import { flattenArchive } from '../archive/report.js';

/** Callbacks of {@link inspectInputs}. */
export interface InputEvents {
  /**
   * A path the walk did not open: a FIFO, socket, device or symlink loop (`unreadable` false: no
   * file to read there), or a directory it could not read or an entry it could not stat
   * (`unreadable` true: files there may have been missed).
   */
  onSkip: (path: string, reason: string, unreadable: boolean) => void;
  /** A file found in a directory that is no ELF, PE or Mach-O: counted, not reported. */
  onNotBinary?: () => void;
  /** Give an archive's report whole (with `members`) instead of one report per member binary. */
  wholeArchives?: boolean;
}

/**
 * The reports of the files the CLI's one-off commands (info, glibc, features, check, baseline)
 * are given: files as named (a named file that is no binary is reported, with `BAD_MAGIC`), and
 * the binaries in directories, walked as the scan walks them (sorted, special files and symlinks
 * not opened, names that are not UTF-8 kept as bytes). A file found in a directory is opened
 * without a stat and closed after its first read when it cannot be a binary, as in the scan.
 */
export function* inspectInputs(paths: readonly string[], select: readonly ReportField[] | undefined, on: InputEvents): Generator<AnyReport> {
  for (const it of walk(paths)) {
    if (it.kind === 'skipped') {
      on.onSkip(pathText(it.path), it.reason, /^(unreadable|cannot)\b/.test(it.reason));
      continue;
    }
    if (it.named || it.known.kind !== 'entry') {
      yield* members(inspectPath(it.path, { select, known: it.known }), on);
      continue;
    }
    const r = inspectFound(it.path, { select });
    if ('notBinary' in r || (r.format === null && r.error?.code === 'BAD_MAGIC')) on.onNotBinary?.();
    else yield* members(r, on);
  }
}

/** An archive's member binaries, one report each, or the report as it is. */
function* members(r: AnyReport, on: InputEvents): Generator<AnyReport> {
  if (on.wholeArchives || !Array.isArray(r.members)) {
    yield r;
    return;
  }
  yield* flattenArchive(r);
}
