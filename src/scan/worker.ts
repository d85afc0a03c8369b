/**
 * A scan worker: runs {@link processBatch} on the batches it is sent, with synchronous positioned
 * reads into one reused arena, and sends back each batch's JSON lines as one string.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createArena } from '../bytes/file.js';
import { type BatchItem, type BatchOptions, processBatch } from './batch.js';

const options = workerData as BatchOptions;
const arena = createArena();

parentPort!.on('message', (msg: { id: number; items: BatchItem[] }) => {
  parentPort!.postMessage({ id: msg.id, result: processBatch(msg.items, options, arena) });
});
