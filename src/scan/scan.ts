import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createArena } from '../bytes/file.js';
import { type InspectOptions, type Report, type ReportField, hasErrors } from '../report/report.js';
import { META, inspectPath } from './inspect.js';
import { inShard } from './shard.js';
import { walk, type WalkOptions } from './walk.js';

/** Options of {@link scan}. */
export interface ScanOptions extends WalkOptions {
  /** Worker threads (default `os.availableParallelism()`); 0 inspects on the calling thread. */
  jobs?: number;
  /** Fields to compute: only the bytes they need are read. Default: all. */
  select?: ReportField[];
  /** Only the files of shard k of n (a stable split by path). */
  shard?: { k: number; n: number };
  /** Paths per batch handed to a worker. Default 32. */
  batchSize?: number;
  /** Also yield reports of files found in directories that are no ELF, PE or Mach-O (default: only counted). */
  includeNonBinaries?: boolean;
  /** Parser limits and the per-file read cap, as for `inspect*()` (docs/errors.md). */
  limits?: InspectOptions['limits'];
  maxBytes?: number;
  /** Called for each path the walk skipped (FIFO, socket, device, symlink loop, unreadable directory). */
  onSkip?: (path: string, reason: string) => void;
}

/** Running counters of a scan (read them while iterating, e.g. for a progress line). */
export interface ScanStats {
  /** Regular files found by the walk (after --exclude and --shard). */
  found: number;
  /** Files inspected so far. */
  done: number;
  /** Files found in directories that are no binary (counted, not yielded). */
  notBinary: number;
  /** Reports of a recognized format (ELF, PE, COFF, Mach-O, fat). */
  binaries: number;
  /** Reports with `error` (unreadable, malformed) or `fieldErrors`. */
  failed: number;
  /** Paths the walk did not open. */
  skipped: number;
  /** Bytes read and read calls, summed over all files. */
  bytesRead: number;
  reads: number;
}

/** An async iterable of Reports with live statistics. */
export interface ScanRun extends AsyncIterable<Report> {
  readonly stats: ScanStats;
  /** The same reports as newline-free JSON strings, without a parse on the calling thread. */
  lines(): AsyncIterable<string>;
}

type Item = { path: string; named: boolean; size?: number };

/**
 * Scans files and directories: walks them (never opening FIFOs, sockets or devices), hands batches
 * of paths to a pool of worker threads that read only the ranges the selected fields need, and
 * streams the reports back in input order (the same on every run, whatever the workers' timing). Memory
 * stays bounded whatever the fleet size: at most two batches per worker are in flight and no
 * result is kept. Reports of files named directly are always yielded; non-binaries found by the
 * walk are only counted unless `includeNonBinaries`.
 */
export function scan(inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, options: ScanOptions = {}): ScanRun {
  const stats: ScanStats = { found: 0, done: 0, notBinary: 0, binaries: 0, failed: 0, skipped: 0, bytesRead: 0, reads: 0 };
  const lines = (): AsyncIterable<string> => ({ [Symbol.asyncIterator]: () => runLines(inputs, options, stats)[Symbol.asyncIterator]() });
  return {
    stats,
    lines,
    async *[Symbol.asyncIterator]() {
      for await (const l of lines()) yield JSON.parse(l) as Report;
    },
  };
}

/**
 * An input path; `named: false` marks a path that came from a file list (--files-from): like a
 * file found by a walk, it is counted, not failed, when it is no binary (DESIGN.md §3).
 */
export type ScanInput = string | { path: string; named: boolean };

async function* items(inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, o: ScanOptions, stats: ScanStats): AsyncGenerator<Item> {
  for await (const input of inputs) {
    const path = typeof input === 'string' ? input : input.path;
    const named = typeof input === 'string' || input.named;
    for (const w of walk([path], o)) {
      const it = w.kind === 'file' && !named ? { ...w, named: false } : w;
      if (it.kind === 'skipped') {
        stats.skipped++;
        o.onSkip?.(it.path, it.reason);
        continue;
      }
      if (o.shard && !inShard(it.path, o.shard)) continue;
      stats.found++;
      yield it;
    }
  }
}

/** What the scan needs to know of a finished report without parsing it. */
interface Meta {
  notBinary: boolean;
  binary: boolean;
  failed: boolean;
  bytesRead: number;
  reads: number;
}

const metaOf = (r: Report): Meta => ({
  notBinary: r.format === null && r.error?.code === 'BAD_MAGIC', binary: r.format !== null, failed: hasErrors(r),
  bytesRead: r.io?.bytesRead ?? 0, reads: r.io?.reads ?? 0,
});

/** Decides whether a finished report is yielded, and counts it. */
function account(m: Meta, named: boolean, o: ScanOptions, stats: ScanStats): boolean {
  stats.done++;
  stats.bytesRead += m.bytesRead;
  stats.reads += m.reads;
  if (m.notBinary && !named) {
    stats.notBinary++;
    return o.includeNonBinaries === true;
  }
  if (m.failed) stats.failed++;
  if (m.binary) stats.binaries++;
  return true;
}

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(here)) return here;
  // Running from TypeScript sources (tests): use the compiled worker.
  return new URL('../../dist/src/scan/worker.js', import.meta.url);
}

async function* runLines(inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, o: ScanOptions, stats: ScanStats): AsyncGenerator<string> {
  const jobs = o.jobs ?? availableParallelism();
  const batchSize = o.batchSize ?? 32;
  const source = items(inputs, o, stats);
  if (jobs <= 0) {
    const arena = createArena();
    for await (const it of source) {
      const r = inspectPath(it.path, o.select, arena, it.size, { limits: o.limits, maxBytes: o.maxBytes });
      if (account(metaOf(r), it.named, o, stats)) yield JSON.stringify(r);
    }
    return;
  }
  const workers = Array.from({ length: jobs }, () => new Worker(workerUrl(), { workerData: { select: o.select, limits: o.limits, maxBytes: o.maxBytes } }));
  const load = new Array<number>(jobs).fill(0);
  const batches = new Map<number, Item[]>();
  const done: Array<{ id: number; reports: string; meta: Float64Array }> = [];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  workers.forEach((w, i) => {
    w.on('message', (m: { id: number; reports: string; meta: Float64Array }) => {
      load[i]!--;
      done.push(m);
      notify();
    });
    w.on('error', (e) => {
      failure = e;
      notify();
    });
  });
  let nextId = 0;
  let nextOut = 0;
  let inFlight = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && inFlight < jobs * 2) {
        const batch: Item[] = [];
        while (batch.length < batchSize) {
          const n = await source.next();
          if (n.done) {
            exhausted = true;
            break;
          }
          batch.push(n.value);
        }
        if (batch.length === 0) break;
        const id = nextId++;
        batches.set(id, batch);
        const w = load.indexOf(Math.min(...load));
        load[w]!++;
        inFlight++;
        workers[w]!.postMessage({ id, paths: batch.map((b) => b.path), sizes: batch.map((b) => b.size ?? -1) });
      }
      if (failure) throw failure;
      // Batches are yielded in the order they were handed out, so the output is the same on every
      // run whatever the workers' timing (at most 2 x jobs batches wait here).
      const k = done.findIndex((d) => d.id === nextOut);
      const m = k >= 0 ? done.splice(k, 1)[0] : undefined;
      if (m) {
        nextOut++;
        inFlight--;
        const batch = batches.get(m.id)!;
        batches.delete(m.id);
        const out = m.reports.split('\n');
        for (let i = 0; i < out.length; i++) {
          const k = i * META;
          const meta = {
            notBinary: m.meta[k] === 1, failed: m.meta[k + 1] === 1, bytesRead: m.meta[k + 2]!, reads: m.meta[k + 3]!, binary: m.meta[k + 4] === 1,
          };
          if (account(meta, batch[i]!.named, o, stats)) yield out[i]!;
        }
        continue;
      }
      if (exhausted && inFlight === 0) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (failure || done.some((d) => d.id === nextOut)) notify();
      });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
