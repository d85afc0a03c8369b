import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setImmediate } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { createArena, KNOWN_NOTHING } from '../bytes/file.js';
import { type ContainerLimits, containerLimits } from '../container/limits.js';
import { type AllFields, checkInspectOptions, type InspectOptions, type Report, type ReportField, type Selected } from '../report/report.js';
import { type BatchItem, type BatchOptions, type BatchResult, processBatch } from './batch.js';
import { inShard } from './shard.js';
import { pathText, walk, type WalkOptions, type WalkPath } from './walk.js';

/** Options of {@link scan}. */
export interface ScanOptions<S extends readonly ReportField[] = readonly ReportField[]> extends WalkOptions {
  /** Worker threads (default `os.availableParallelism()`); 0 inspects on the calling thread. */
  jobs?: number;
  /** Fields to compute: only the bytes they need are read. Default: all. */
  select?: S;
  /** Only the files of shard k of n (a stable split by path). */
  shard?: { k: number; n: number };
  /** Paths per batch handed to a worker. Default 32. */
  batchSize?: number;
  /**
   * Fleet size from which every worker starts at once; a smaller fleet runs on one worker (or
   * inline, see `small`). Files are counted ahead of the work (at most this many paths are held).
   * Default 20,000: on a 2-core machine each isolate's JIT warm-up costs more than a second worker
   * saves below about that (docs/performance.md).
   */
  poolFrom?: number;
  /**
   * Where a fleet smaller than `poolFrom` runs: `'worker'` (default: one worker thread, so the
   * calling thread stays free) or `'inline'` (on the calling thread, a batch between yields: no
   * worker start-up, which a process of its own such as the CLI can afford).
   */
  small?: 'worker' | 'inline';
  /** Also yield reports of files found in directories that are no ELF, PE or Mach-O (default: only counted). */
  includeNonBinaries?: boolean;
  /** Parser limits and the per-file read cap, as for `inspect*()` (docs/errors.md). */
  limits?: InspectOptions['limits'];
  maxBytes?: number;
  /**
   * Archives found or named (zip family, tar, gzip, ar): their limits (docs/archives.md; validated
   * up front, `TypeError`); `false` counts them as files that are no binary. Every member binary
   * is yielded as a report of its own, `path` = `ARCHIVE!/member`.
   */
  archives?: { limits?: Partial<ContainerLimits> } | false;
  /** Called for each path the walk skipped (FIFO, socket, device, symlink loop, unreadable directory); invalid UTF-8 shows as U+FFFD. */
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
  /** The path handed out last to be inspected (invalid UTF-8 as U+FFFD); null before the first. */
  current: string | null;
}

/** An async iterable of Reports (of the type the scan's `select` gives) with live statistics. */
export interface ScanRun<R = Report> extends AsyncIterable<R> {
  readonly stats: ScanStats;
  /** The same reports as newline-free JSON strings, without a parse on the calling thread. */
  lines(): AsyncIterable<string>;
  /** The same JSON lines, a batch at a time, joined by `\n`. */
  chunks(): AsyncIterable<string>;
  /**
   * The same JSON lines as UTF-8 bytes, a batch at a time, each line ended by `\n` (what the CLI
   * writes for `--ndjson`): a worker's output as it was sent, with no decode or copy on the calling
   * thread. A chunk is valid until the next one is asked for: its buffer then goes back to the
   * worker to be filled again (copy what must be kept).
   */
  byteChunks(): AsyncIterable<Uint8Array>;
}

/**
 * Scans files and directories: walks them (never opening FIFOs, sockets or devices), hands batches
 * of paths to a pool of worker threads (one thread for a fleet under `poolFrom`) that read only the
 * ranges the selected fields need, and streams the reports back in input order (the same on every
 * run, whatever the workers' timing).
 * Memory stays bounded whatever the fleet size: at most two batches wait on each worker, at most
 * 16 per worker are handed out and not yet yielded, and no result is kept. Reports of files named
 * directly are always yielded; non-binaries found by the walk or listed are only counted unless
 * `includeNonBinaries`.
 */
export function scan<const S extends readonly ReportField[] = AllFields>(
  inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, options: ScanOptions<S> = {},
): ScanRun<Selected<S>> {
  if (typeof inputs === 'string') {
    throw new TypeError('scan() takes a list of paths (e.g. scan([dir])), not a string');
  }
  const it = inputs as unknown as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  if (it === null || typeof it !== 'object' || (typeof it[Symbol.iterator] !== 'function' && typeof it[Symbol.asyncIterator] !== 'function')) {
    throw new TypeError('scan() takes an iterable or async iterable of paths');
  }
  if (options === null || typeof options !== 'object') throw new TypeError('scan(): options must be an object');
  checkInspectOptions(options, 'scan()');
  if (options.archives && options.archives.limits) containerLimits(options.archives.limits);
  const stats: ScanStats = { found: 0, done: 0, notBinary: 0, binaries: 0, failed: 0, skipped: 0, bytesRead: 0, reads: 0, current: null };
  const raw = (): AsyncGenerator<string | Uint8Array> => runChunks(inputs, options, stats);
  async function* text(): AsyncGenerator<string> {
    for await (const c of raw()) yield typeof c === 'string' ? c : utf8Decoder.decode(c.subarray(0, c.length - 1));
  }
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const c of raw()) yield typeof c === 'string' ? utf8Encoder.encode(`${c}\n`) : c;
  }
  const chunks = (): AsyncIterable<string> => ({ [Symbol.asyncIterator]: () => text() });
  async function* lines(): AsyncGenerator<string> {
    for await (const c of chunks()) yield* c.split('\n');
  }
  return {
    stats,
    chunks,
    byteChunks: () => ({ [Symbol.asyncIterator]: () => bytes() }),
    lines: () => ({ [Symbol.asyncIterator]: () => lines() }),
    async *[Symbol.asyncIterator]() {
      for await (const l of lines()) yield JSON.parse(l) as Selected<S>;
    },
  };
}

/**
 * An input path; `named: false` marks a path that came from a file list (--files-from): like a
 * file found by a walk, it is counted, not failed, when it is no binary (docs/report.md), and it is
 * stat-ed by the worker that inspects it, not by the walk.
 */
export type ScanInput = string | { path: string; named: boolean };

/** The files under `root` (or `root` itself), as batch items: skipped paths are counted and reported. */
function* walked(root: WalkPath, named: boolean, o: ScanOptions, stats: ScanStats): Generator<BatchItem> {
  for (const w of walk([root], o)) {
    if (w.kind === 'skipped') {
      stats.skipped++;
      o.onSkip?.(pathText(w.path), w.reason);
      continue;
    }
    if (o.shard && !inShard(w.path, o.shard)) continue;
    stats.found++;
    yield { path: w.path, named: named && w.named, known: w.known };
  }
}

/** Paths to inspect: walked roots, and listed paths (stat-ed later, by the worker that inspects them). */
async function* items(inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, o: ScanOptions, stats: ScanStats): AsyncGenerator<BatchItem> {
  let index = 0;
  for await (const input of inputs) {
    checkInput(input, index++);
    if (typeof input === 'string' || input.named) {
      yield* walked(typeof input === 'string' ? input : input.path, true, o, stats);
    } else if (!o.shard || inShard(input.path, o.shard)) {
      stats.found++;
      yield { path: input.path, named: false, known: KNOWN_NOTHING };
    }
  }
}

/** Throws a TypeError for an input that is neither a path string nor `{path, named}`. */
function checkInput(input: unknown, i: number): asserts input is ScanInput {
  if (typeof input === 'string') return;
  const o = input as { path?: unknown; named?: unknown } | null;
  if (o !== null && typeof o === 'object' && typeof o.path === 'string' && typeof o.named === 'boolean') return;
  throw new TypeError(`scan() input ${i} is ${o === null ? 'null' : typeof o === 'object' ? 'an object without a string path and a boolean named' : `a ${typeof o}`}, not a path string or {path, named}`);
}

function account(r: BatchResult, o: ScanOptions, stats: ScanStats, found: WalkPath[]): void {
  const c = r.counts;
  stats.done += c.done;
  stats.notBinary += c.notBinary;
  stats.binaries += c.binaries;
  stats.failed += c.failed;
  stats.bytesRead += c.bytesRead;
  stats.reads += c.reads;
  for (const [p, why] of r.skipped) {
    stats.skipped++;
    stats.found--;
    o.onSkip?.(pathText(Buffer.from(p as Uint8Array)), why);
  }
  for (const d of r.dirs) {
    stats.found--;
    found.push(typeof d === 'string' ? d : Buffer.from(d));
  }
}

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(here)) return here;
  // Running from TypeScript sources (tests): use the compiled worker.
  return new URL('../../dist/src/scan/worker.js', import.meta.url);
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Batches queued on one worker, and batches per worker handed out but not yet yielded. */
const QUEUED = 2;
const WINDOW = 16;

/**
 * The scan's reports as chunks of JSON lines (one chunk per batch; empty batches are not yielded):
 * a string (lines joined by `\n`) from the calling thread, UTF-8 bytes (each line ended by `\n`) from a worker.
 */
async function* runChunks(inputs: Iterable<ScanInput> | AsyncIterable<ScanInput>, o: ScanOptions, stats: ScanStats): AsyncGenerator<string | Uint8Array> {
  const jobs = o.jobs ?? availableParallelism();
  const batchSize = o.batchSize ?? 32;
  // Directories that workers found among listed paths: walked before more input is taken.
  const found: WalkPath[] = [];
  const input = items(inputs, o, stats);
  // Paths read ahead of the work, to learn whether the fleet is large enough for every worker.
  const ahead: BatchItem[] = [];
  let aheadAt = 0;
  const source = {
    next: async (): Promise<IteratorResult<BatchItem>> => {
      if (aheadAt < ahead.length) {
        const value = ahead[aheadAt++]!;
        if (aheadAt === ahead.length) ahead.length = aheadAt = 0;
        return { done: false, value };
      }
      return input.next();
    },
  };
  let sourceDone = false;
  let pending: Generator<BatchItem> | null = null;
  // The inflater is a function (not sent to workers): each worker uses zlib (docs/archives.md).
  const archives = o.archives === false ? false : o.archives ? { limits: o.archives.limits } : undefined;
  const bo: BatchOptions = { select: o.select, limits: o.limits, maxBytes: o.maxBytes, includeNonBinaries: o.includeNonBinaries, archives };
  const nextBatch = async (): Promise<BatchItem[]> => {
    const batch: BatchItem[] = [];
    while (batch.length < batchSize) {
      if (pending) {
        const n = pending.next();
        if (!n.done) {
          batch.push(n.value);
          continue;
        }
        pending = null;
      }
      if (found.length) {
        pending = walked(found.shift()!, false, o, stats);
        continue;
      }
      if (sourceDone) break;
      const n = await source.next();
      if (n.done) {
        sourceDone = true;
        break;
      }
      batch.push(n.value);
    }
    const last = batch[batch.length - 1];
    if (last) stats.current = typeof last.path === 'string' ? last.path : pathText(Buffer.from(last.path));
    return batch;
  };
  const workers: Worker[] = [];
  const load: number[] = [];
  const done = new Map<number, { result: BatchResult; bytes: Uint8Array; from: number }>();
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const spawn = (): void => {
    const i = workers.length;
    // A 4 MiB young generation: a worker's live set is one batch, so a larger one only adds RSS
    // (peak 122 -> 114 MiB over 35k files with two workers, same speed; docs/performance.md).
    const w = new Worker(workerUrl(), { workerData: bo, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    workers.push(w);
    load.push(0);
    w.on('message', (m: { id: number; result: BatchResult; bytes: Uint8Array }) => {
      load[i]!--;
      done.set(m.id, { result: m.result, bytes: m.bytes, from: i });
      notify();
    });
    w.on('error', (e) => {
      failure = e;
      notify();
    });
  };
  // A small fleet runs on one worker (or inline, when asked): each isolate pays its own start-up and
  // JIT warm-up, which a small fleet never earns back on few cores (docs/performance.md); a large
  // one gets every worker. The fleet is counted ahead while the first worker starts up.
  const poolFrom = o.poolFrom ?? 20_000;
  const inlineSmall = o.small === 'inline';
  let nextId = 0;
  let nextOut = 0;
  let exhausted = false;
  try {
    if (jobs > 0 && !inlineSmall) spawn();
    let large = false;
    if (jobs > 1 || (jobs > 0 && inlineSmall)) {
      for (let n = await input.next(); !n.done; n = await input.next()) {
        ahead.push(n.value);
        if (ahead.length >= poolFrom) {
          large = true;
          break;
        }
      }
    }
    if (jobs <= 0 || (inlineSmall && !large)) {
      const arena = createArena();
      for (let turn = Date.now(); ;) {
        // Let the calling thread's timers and I/O run now and then (a progress line, a server).
        if (Date.now() - turn > 50) {
          await setImmediate();
          turn = Date.now();
        }
        const batch = await nextBatch();
        if (batch.length === 0 && found.length === 0) return;
        const r = processBatch(batch, bo, arena);
        account(r, o, stats, found);
        if (r.count) yield r.lines;
      }
    }
    while (workers.length < (large ? jobs : 1)) spawn();
    for (;;) {
      // Each worker has at most QUEUED batches waiting; the results wait for their turn in a window of
      // WINDOW batches per worker, so a slow (still cold) worker does not stall a warm one.
      while (!exhausted && Math.min(...load) < QUEUED && nextId - nextOut < workers.length * WINDOW) {
        const batch = await nextBatch();
        if (batch.length === 0) {
          // Directories found in a file list come back from the workers: wait for them before ending.
          if (nextId === nextOut && found.length === 0) exhausted = true;
          break;
        }
        const w = load.indexOf(Math.min(...load));
        load[w]!++;
        workers[w]!.postMessage({ id: nextId++, items: batch });
      }
      if (failure) throw failure;
      // Batches are yielded in the order they were handed out, so the output is the same on every
      // run whatever the workers' timing (at most WINDOW x jobs batches wait here).
      const m = done.get(nextOut);
      if (m) {
        done.delete(nextOut++);
        account(m.result, o, stats, found);
        if (m.result.count) yield m.bytes;
        // The consumer asked for the next chunk, so it is done with this one: its buffer goes back to
        // the worker that filled it, to be filled again.
        workers[m.from]!.postMessage({ recycle: m.bytes.buffer }, [m.bytes.buffer as ArrayBuffer]);
        continue;
      }
      if (exhausted || (nextId === nextOut && found.length === 0)) return;
      if (nextId === nextOut) continue; // nothing in flight, but directories to walk
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (failure || done.has(nextOut)) notify();
      });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
