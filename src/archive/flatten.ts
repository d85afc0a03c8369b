import type { AnyReport } from '../report/build.js';

/** True for the report of an archive (it has `members`). */
export const isArchiveReport = (r: AnyReport): boolean => Array.isArray(r.members);

/**
 * One report per binary: an archive's member reports (then, when the archive itself could not be
 * read wholly, its own report with `error` and without `members`), any other report as it is.
 */
export function* flattenArchive(r: AnyReport): Generator<AnyReport> {
  if (!Array.isArray(r.members)) {
    yield r;
    return;
  }
  yield* r.members;
  if (r.error) {
    const { members: _m, ...rest } = r;
    yield rest as AnyReport;
  }
}
