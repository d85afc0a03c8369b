/**
 * A scan worker: inspects batches of paths with synchronous positioned reads into one reused
 * arena, and sends each batch back as one string of newline-separated JSON reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createArena } from '../bytes/file.js';
import { META, inspectPath } from './inspect.js';
import { type InspectOptions, type ReportField, hasErrors } from '../report/report.js';

interface Init {
  select?: ReportField[];
  limits?: InspectOptions['limits'];
  maxBytes?: number;
}
const init = workerData as Init;
const arena = createArena();

/** Per report: [1 if no binary format was recognized (BAD_MAGIC), 1 if error or fieldErrors, bytes read, reads, 1 if a format was recognized]. */
parentPort!.on('message', (msg: { id: number; paths: string[]; sizes: number[] }) => {
  const lines: string[] = [];
  const meta = new Float64Array(msg.paths.length * META);
  msg.paths.forEach((p, i) => {
    const size = msg.sizes[i]!;
    const r = inspectPath(p, init.select, arena, size >= 0 ? size : undefined, { limits: init.limits, maxBytes: init.maxBytes });
    lines.push(JSON.stringify(r));
    meta.set([r.format === null && r.error?.code === 'BAD_MAGIC' ? 1 : 0, hasErrors(r) ? 1 : 0,
      r.io?.bytesRead ?? 0, r.io?.reads ?? 0, r.format !== null ? 1 : 0], i * META);
  });
  parentPort!.postMessage({ id: msg.id, reports: lines.join('\n'), meta }, [meta.buffer]);
});
