import { accessSync, createReadStream, constants as fsConstants } from 'node:fs';
import { createInterface } from 'node:readline';
import { REPORT_FIELDS, type ReportField } from '../report/report.js';
import { type ScanInput, scan } from '../scan/scan.js';
import { parseShard } from '../scan/shard.js';
import { SUMMARY_FIELDS, summarize, summaryText } from '../scan/summary.js';
import { type AnyReport, hasErrors } from '../report/report.js';
import { escapeText } from '../util/escape.js';
import { type Out, parseCommand } from './args.js';
import { FORMATS, type Format, REPORT_FORMATS, chooseFormat, formatOptions, formatUsage } from './formats.js';
import { statusLine } from './progress.js';


export const SCAN_USAGE = `usage: binspect scan PATH... [--format F | --json | --ndjson | --summary [--json]] [--jobs N] [--select FIELDS]
                    [--files-from FILE|-] [--follow-symlinks] [--one-file-system] [--exclude GLOB]... [--shard K/N]
  Walks directories (never opening FIFOs, sockets or devices; symlinks only with --follow-symlinks),
  inspects the files (under 20,000 on the main thread, more in a pool of --jobs worker threads,
  default the number of CPUs), and prints one line per binary (default), JSON, NDJSON or a
  summary: linkage, libc, glibc floors, and each protection of the executables and libraries
  (declared, lacking, not applicable), with example paths (--summary --json: as one JSON object).
  Files that are no binary are counted, not failures. On a terminal a status line shows the
  files done, the rate and the current path.
  --no-archives     count zip/tar/gzip/ar files as non-binaries instead of reporting the binaries inside
                    (each member binary is otherwise a line of its own, ARCHIVE!/member; docs/archives.md)
  --select FIELDS   comma-separated report fields: ${REPORT_FIELDS.join(',')}
                    (--summary computes only the ones it counts: ${SUMMARY_FIELDS.join(',')})
${formatUsage(REPORT_FORMATS)}
exit: 0 every binary read; 2 a file could not be read or parsed, or bad usage`;

/** Paths of a file list: found, not named, so a non-binary among them is counted, not failed. */
async function* lineSource(file: string): AsyncGenerator<ScanInput> {
  const rl = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield { path: line, named: false };
}

async function* concat(a: string[], b: AsyncIterable<ScanInput> | null): AsyncGenerator<ScanInput> {
  yield* a;
  if (b) yield* b;
}

/** The fields a text line shows ({@link oneLine}): a text scan computes only these. */
const LINE_FIELDS: readonly ReportField[] = ['machine', 'type', 'linkage', 'libc', 'glibcFloor'];

/** The C library part of a text line: `glibc 2.34` (its floor), `musl`, ...; nothing for `none` or unknown. */
function libcPart(r: AnyReport): string | undefined {
  if (r.glibcFloor) return `glibc ${r.glibcFloor}`;
  return r.libc && r.libc !== 'none' ? r.libc : undefined;
}

function oneLine(r: AnyReport): string {
  if (r.error) return `${escapeText(r.path ?? '')}: ${r.error.code}: ${escapeText(r.error.message)}`;
  const parts = [r.format, r.machine, r.type, r.linkage, libcPart(r)]
    .filter((x) => x !== undefined && x !== null);
  const errs = r.fieldErrors.length ? `  (${r.fieldErrors.length} errors: ${r.fieldErrors.map((e) => e.field).join(', ')})` : '';
  return `${escapeText(r.path ?? '')}: ${parts.join(' ')}${errs}`;
}

/**
 * Milliseconds between redraws of the progress line: 200, or `BINSPECT_PROGRESS_MS` (an internal
 * knob for tests, not part of the interface: a whole number; 0 redraws after every report instead
 * of on a timer).
 */
function progressInterval(): number {
  const v = process.env.BINSPECT_PROGRESS_MS;
  return v !== undefined && /^[0-9]{1,6}$/.test(v) ? Number(v) : 200;
}

/** `binspect scan`. Resolves to the exit status. */
export async function scanCommand(argv: string[], out: Out, err: Out): Promise<number> {
  const parsed = parseCommand(argv, {
    ...formatOptions(REPORT_FORMATS), summary: { type: 'boolean' }, jobs: { type: 'string' }, 'no-archives': { type: 'boolean' },
    select: { type: 'string' }, 'files-from': { type: 'string' }, 'follow-symlinks': { type: 'boolean' },
    'one-file-system': { type: 'boolean' }, exclude: { type: 'string', multiple: true }, shard: { type: 'string' },
  }, 'binspect scan', SCAN_USAGE, out, err);
  if (typeof parsed === 'number') return parsed;
  const o = parsed.values;
  const usage = (m: string): number => {
    err(`binspect scan: ${m}\n`);
    return 2;
  };
  const format = chooseFormat(o, REPORT_FORMATS);
  if (typeof format !== 'string') return usage(format.error);
  if (o.summary && format === 'ndjson') return usage('--summary writes text or json (--summary --json: the summary as one JSON object)');
  const summaryJson = o.summary === true && format === 'json';
  const spec: Format = FORMATS[format];
  const framing = o.summary ? null : spec.reports;
  const json = framing !== null && framing !== undefined;
  const jobs = o.jobs === undefined ? undefined : Number(o.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0 && jobs <= 256)) return usage('--jobs needs an integer from 0 to 256');
  let select: ReportField[] | undefined;
  if (o.select) {
    select = o.select.split(',').map((s) => s.trim()).filter(Boolean) as ReportField[];
    for (const f of select) if (!(REPORT_FIELDS as readonly string[]).includes(f)) return usage(`unknown field ${JSON.stringify(f)}`);
  }
  let shard;
  try {
    shard = o.shard ? parseShard(o.shard) : undefined;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (parsed.positionals.length === 0 && !o['files-from']) return usage('needs PATH... or --files-from');
  if (o['files-from'] && o['files-from'] !== '-') {
    try {
      accessSync(o['files-from'], fsConstants.R_OK); // said now, as usage; the list itself is streamed
    } catch (e) {
      return usage(`cannot read ${o['files-from']}: ${(e as Error).message}`);
    }
  }
  // On a terminal, a status line on stderr; every other line (stderr, and stdout when it is the
  // same terminal) is printed above it.
  const tty = process.stderr.isTTY === true;
  // A terminal that reports no size (0 columns, as a pseudo-terminal may) is taken as 80 wide.
  const status = tty ? statusLine((t) => process.stderr.write(t), () => process.stderr.columns || 80) : null;
  const say: Out = status ? (t) => status.print(t) : err;
  const print: Out = status && process.stdout.isTTY === true ? (t) => status.print(t) : out;
  const run = scan(concat(parsed.positionals, o['files-from'] ? lineSource(o['files-from']) : null), {
    // A summary needs only the fields it counts, a text line the ones it shows: the rest is neither read nor computed.
    jobs, small: 'inline', select: select ?? (o.summary ? [...SUMMARY_FIELDS] : json ? undefined : [...LINE_FIELDS]), shard, followSymlinks: o['follow-symlinks'], oneFileSystem: o['one-file-system'], exclude: o.exclude,
    archives: o['no-archives'] ? false : undefined,
    onSkip: (p, reason) => say(`binspect scan: skipped ${escapeText(p)}: ${reason}\n`),
  });
  const t0 = Date.now();
  // What is known while the walk goes on: files done, the rate, and the path being inspected (the
  // total is not known until the walk ends).
  const draw = status
    ? () => {
      const s = run.stats;
      const secs = (Date.now() - t0) / 1000;
      status.show(`${s.done} files, ${s.binaries} binaries, ${(s.done / Math.max(secs, 0.001)).toFixed(0)}/s, ${secs.toFixed(1)} s  ${escapeText(s.current ?? '')}`);
    }
    : null;
  const every = progressInterval();
  const progress = draw && every > 0 ? setInterval(draw, every) : null;
  // Interval 0: redrawn after every report (or batch) instead, so what a terminal sees does not depend on timing.
  const tick = draw && every === 0 ? draw : () => {};
  const sum = o.summary ? summarize() : null;
  // Output is gathered into chunks: one write per ~64 KiB, not one per report.
  let pending = '';
  const emit = (s: string): void => {
    pending += s;
    if (pending.length >= 65536) {
      print(pending);
      pending = '';
    }
  };
  let first = true;
  try {
    const bytes = print === out ? out.bytes : undefined;
    if (framing === FORMATS.ndjson.reports && bytes) {
      // NDJSON to standard output: the workers' bytes written as they came, never decoded here.
      for await (const chunk of run.byteChunks()) {
        if (pending) print(pending);
        pending = '';
        await bytes(chunk);
        tick();
      }
    } else if (framing) {
      emit(framing.open);
      // Whole batches of JSON lines, as the workers made them: nothing is parsed here.
      for await (const chunk of run.chunks()) {
        emit(framing.lines(chunk, first));
        first = false;
        tick();
      }
    } else {
      for await (const r of run) {
        if (sum) {
          sum.add(r);
          // The summary names no file: say which ones failed, and why, on stderr.
          if (hasErrors(r)) say(`binspect scan: ${oneLine(r)}\n`);
        } else {
          emit(`${oneLine(r)}\n`);
        }
        first = false;
        tick();
      }
    }
    if (framing && !(framing === FORMATS.ndjson.reports && bytes)) emit(framing.close(first));
    if (pending) print(pending);
  } finally {
    if (progress) clearInterval(progress);
    status?.clear();
  }
  const s = run.stats;
  if (sum) {
    const result = sum.result({ notBinaries: s.notBinary, skipped: s.skipped });
    out(summaryJson ? `${JSON.stringify(result, null, 2)}\n` : summaryText(result, escapeText));
  }
  err(`binspect scan: ${s.done} files, ${s.binaries} binaries, ${s.notBinary} not binaries, ${s.skipped} skipped, ${s.failed} with errors; read ${(s.bytesRead / 2 ** 20).toFixed(1)} MiB in ${s.reads} reads, ${((Date.now() - t0) / 1000).toFixed(2)} s\n`);
  return s.failed > 0 ? 2 : 0;
}
