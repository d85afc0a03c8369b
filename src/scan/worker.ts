/**
 * A scan worker: runs {@link processBatch} on the batches it is sent, with synchronous positioned
 * reads into one reused arena, and sends back each batch's JSON lines (each ended by `\n`) as UTF-8 bytes whose buffer
 * is transferred, not copied: the calling thread writes them out without decoding or re-encoding
 * (a full report is about 8 KiB of JSON a file).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createArena } from '../bytes/file.js';
import { type BatchItem, type BatchOptions, processBatch } from './batch.js';

const options = workerData as BatchOptions;
const arena = createArena();
const utf8 = new TextEncoder();
/** Output buffers the calling thread gave back once written: reused, so output allocates nothing. */
const free: ArrayBuffer[] = [];

/** `text` as UTF-8 in a free buffer (or a new one, at least 64 KiB, when none is large enough). */
function encode(text: string): Uint8Array {
  for (;;) {
    const buf = free.pop() ?? new ArrayBuffer(Math.max(65536, text.length + (text.length >> 3)));
    const { read, written } = utf8.encodeInto(text, new Uint8Array(buf));
    if (read === text.length) return new Uint8Array(buf, 0, written);
    // Too small (a long report, or text beyond ASCII): the worst case is 3 bytes a UTF-16 unit.
    free.push(new ArrayBuffer(text.length * 3));
  }
}

parentPort!.on('message', (msg: { id: number; items: BatchItem[] } | { recycle: ArrayBuffer }) => {
  if ('recycle' in msg) {
    free.push(msg.recycle);
    return;
  }
  const result = processBatch(msg.items, options, arena);
  const bytes = encode(`${result.lines}\n`);
  result.lines = '';
  parentPort!.postMessage({ id: msg.id, result, bytes }, [bytes.buffer as ArrayBuffer]);
});
