import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { AnyReport, ReportField } from '../report/build.js';
import { hasElfMagic } from '../elf/header.js';
import { inspectFound, inspectPath } from '../inspect/path.js';
import { pathText, walk } from '../scan/walk.js';
import { flattenArchive } from '../archive/flatten.js';

/**
 * Loads what reading `paths` needs besides ELF — the other formats and the archive readers
 * (`inspect/file.ts`) — unless every path is a regular file that starts as an ELF file does: a
 * command given only ELF files loads none of their modules (start-up, docs/performance.md).
 * Call it before {@link inspectInputs}.
 */
export async function prepareInputs(paths: readonly string[]): Promise<void> {
  if (paths.length === 0 || !paths.every(startsAsElf)) await import('../inspect/file.js');
}

/** Whether `path` is a regular file whose first bytes are ELF's magic (any error: false). */
function startsAsElf(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    if (!fstatSync(fd).isFile()) return false;
    const head = new Uint8Array(4);
    return readSync(fd, head, 0, 4, 0) === 4 && hasElfMagic(head);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

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
 * are given (after {@link prepareInputs}): files as named (a named file that is no binary is reported, with `BAD_MAGIC`), and
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
