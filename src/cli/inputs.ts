import type { Report, ReportField } from '../report/report.js';
import { inspectPath } from '../scan/inspect.js';
import { pathText, walk } from '../scan/walk.js';

/**
 * The reports of the files the CLI's one-off commands (info, glibc, features, check, baseline)
 * are given: files as named, directories walked as the scan walks them (sorted, special files and
 * symlinks not opened, names that are not UTF-8 kept as bytes). Each skipped path goes to
 * `onSkip`. `named` tells a file given on the command line from one a walk found.
 */
export function* inspectInputs(
  paths: readonly string[], select: readonly ReportField[] | undefined, onSkip: (path: string, reason: string) => void,
): Generator<{ report: Report; named: boolean }> {
  for (const it of walk(paths)) {
    if (it.kind === 'skipped') onSkip(pathText(it.path), it.reason);
    else yield { report: inspectPath(it.path, select, undefined, it.size), named: it.named };
  }
}
