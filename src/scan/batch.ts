import { statSync } from 'node:fs';
import { type Arena, type Known, knownStat } from '../bytes/file.js';
import { type InspectOptions, type AnyReport, hasErrors } from '../report/report.js';
import { flattenArchive } from '../archive/report.js';
import { type FilePath, inspectFound, inspectPath, type NotBinary } from '../inspect/file.js';
import { fileKind } from './walk.js';

/**
 * A path to inspect and what is known about it. A listed path (not named, nothing known) is
 * stat-ed by the batch before it is opened: a directory goes back to the walk, a FIFO, socket or
 * device is skipped.
 */
export interface BatchItem {
  path: FilePath;
  named: boolean;
  known: Known;
}

/** What the batch processor needs beyond the paths (the same for every batch of a scan): the report options, whole. */
export interface BatchOptions extends InspectOptions {
  includeNonBinaries?: boolean;
}

/** Counters a batch adds to the scan's statistics. */
export interface BatchCounts {
  done: number;
  notBinary: number;
  binaries: number;
  failed: number;
  bytesRead: number;
  reads: number;
}

/**
 * The result of one batch: the reports to print, already as JSON lines joined by `\n` (filtered:
 * non-binaries that were not named are only counted), the counters, paths that turned out not to
 * be regular files, and directories found in a file list (for the walk).
 */
export interface BatchResult {
  lines: string;
  count: number;
  counts: BatchCounts;
  skipped: Array<[string | Uint8Array, string]>;
  dirs: Array<string | Uint8Array>;
}

/**
 * Inspects a batch of paths: the same code on a worker thread and inline. A listed path (nothing
 * known, not named) is stat-ed here, off the main thread; a directory is handed back to be walked,
 * a FIFO, socket or device is skipped without being opened.
 */
export function processBatch(items: readonly BatchItem[], o: BatchOptions, arena: Arena): BatchResult {
  const res: BatchResult = {
    lines: '', count: 0, counts: { done: 0, notBinary: 0, binaries: 0, failed: 0, bytesRead: 0, reads: 0 }, skipped: [], dirs: [],
  };
  const out: string[] = [];
  const c = res.counts;
  const withArena = { ...o, arena };
  for (const it of items) {
    let r: AnyReport | NotBinary;
    if (it.known.kind === 'entry' && !it.named && !o.includeNonBinaries) {
      // Found by the walk, named by nobody: only counted when it is no binary, so most files of a
      // tree cost an open, one read and a close (no stat).
      r = inspectFound(it.path, withArena);
    } else {
      let known = it.known;
      // A listed path is stat-ed here; a named one that is no regular file is opened (non-blocking)
      // and reported as an IO error, as the user asked for it by name.
      if (known.kind === 'nothing' && !it.named) {
        try {
          const st = statSync(typeof it.path === 'string' ? it.path : Buffer.from(it.path));
          if (st.isDirectory()) {
            res.dirs.push(it.path);
            continue;
          }
          if (!st.isFile()) {
            res.skipped.push([it.path, fileKind(st)]);
            continue;
          }
          known = knownStat(st);
        } catch {
          // reported (IO) by the open below
        }
      }
      r = inspectPath(it.path, { ...withArena, known });
    }
    c.done++;
    c.bytesRead += r.io?.bytesRead ?? 0;
    c.reads += r.io?.reads ?? 0;
    if ('notBinary' in r) {
      c.notBinary++;
      continue;
    }
    if (Array.isArray(r.members)) {
      // An archive: one report per member binary (then the archive's own when it could not be read wholly).
      c.notBinary += r.notBinaries ?? 0;
      for (const m of flattenArchive(r)) {
        if (m.format !== null) c.binaries++;
        if (hasErrors(m)) c.failed++;
        out.push(JSON.stringify(m));
      }
      continue;
    }
    if (r.format === null && r.error?.code === 'BAD_MAGIC' && !it.named) {
      c.notBinary++;
      if (!o.includeNonBinaries) continue;
    } else {
      if (r.format !== null) c.binaries++;
      if (hasErrors(r)) c.failed++;
    }
    out.push(JSON.stringify(r));
  }
  res.lines = out.join('\n');
  res.count = out.length;
  return res;
}
