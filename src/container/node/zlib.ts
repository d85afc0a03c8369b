/**
 * The Node side of decompression: zlib, made synchronous for the parsers. Node's synchronous zlib
 * calls (`inflateRawSync`) are one-shot: they cannot be fed a stream piece by piece, and a
 * `.tar.gz` read in one pass needs exactly that. So one helper thread (started on first use, one
 * per thread that needs it, never keeping the process alive) runs zlib's streaming inflaters; the
 * calling thread posts a chunk and blocks on a shared flag until the output is back
 * (`Atomics.wait`, then `receiveMessageOnPort`). A chunk of compressed input yields its output in
 * one round trip, so the bridge costs little next to inflating itself.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';
import type { Compression, Inflater, InflateStream } from '../inflate.js';

/** The helper thread's code (CommonJS, evaluated): one zlib stream per id; a reply per push, then a notify. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { port, signal } = workerData;
const streams = new Map();
port.on('message', (m) => {
  if (m.op === 'close') {
    const s = streams.get(m.id);
    if (s) { s.z.destroy(); streams.delete(m.id); }
    return;
  }
  let s = streams.get(m.id);
  if (!s) {
    const opts = { chunkSize: 64 * 1024 };
    const z = m.kind === 'gzip' ? zlib.createGunzip(opts) : zlib.createInflateRaw(opts);
    s = { z, out: [], err: null, pending: null };
    z.on('data', (c) => s.out.push(c));
    z.on('error', (e) => { s.err = e; if (s.pending) s.pending(); });
    streams.set(m.id, s);
  }
  let replied = false;
  const reply = () => {
    if (replied) return;
    replied = true;
    s.pending = null;
    const out = s.out.length === 1 ? s.out[0] : Buffer.concat(s.out);
    s.out = [];
    const copy = new Uint8Array(out.length);
    copy.set(out);
    port.postMessage({ id: m.id, out: copy.buffer, error: s.err ? String(s.err.message || s.err) : null }, [copy.buffer]);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  if (s.err) return reply();
  s.pending = reply;
  s.z.write(Buffer.from(m.data), reply);
});
`;

/** Milliseconds a push may take before the helper thread is taken for dead (`Error`). */
const TIMEOUT_MS = 60_000;

interface Bridge {
  port: MessagePort;
  signal: Int32Array;
  nextId: number;
}

let bridge: Bridge | null = null;

function start(): Bridge {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(WORKER, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
  w.unref();
  port1.unref();
  return { port: port1, signal, nextId: 1 };
}

/** Output cap of the first, one-shot push (a bomb's first chunk cannot produce more). */
const FIRST_OUTPUT_MAX = 8 << 20;

/**
 * zlib as an {@link Inflater}: raw DEFLATE (zip entries) and gzip (multi-member streams included).
 * `push` blocks the calling thread until zlib has consumed the chunk; it throws an `Error` with
 * zlib's message for corrupt data (the container layer turns it into a `BinspectError`). Most
 * members are only sniffed (their first bytes tell they are no binary), so the first push is a
 * one-shot synchronous inflate on the calling thread (`Z_SYNC_FLUSH`: as far as the input goes);
 * only a second push starts a stream on the helper thread, fed the first input again, whose output
 * up to what the first push returned is dropped (zlib's output for a prefix is a prefix).
 */
export const nodeInflater: Inflater = (kind: Compression): InflateStream => {
  let first: Uint8Array | null = null;
  let skip = 0;
  let started = false;
  const streamed = threadStream(kind);
  return {
    push(input) {
      if (!started) {
        started = true;
        first = new Uint8Array(input);
        const once = kind === 'gzip' ? gunzipSync : inflateRawSync;
        const out = once(first, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: FIRST_OUTPUT_MAX, chunkSize: 4096 });
        skip = out.length;
        return new Uint8Array(out.buffer, out.byteOffset, out.length);
      }
      let chunk = input;
      if (first !== null) {
        chunk = new Uint8Array(first.length + input.length);
        chunk.set(first);
        chunk.set(input, first.length);
        first = null;
      }
      const out = streamed.push(chunk);
      const drop = Math.min(skip, out.length);
      skip -= drop;
      return out.subarray(drop);
    },
    close() {
      first = null;
      streamed.close();
    },
  };
};

/** A zlib stream on the helper thread (started on first push). */
function threadStream(kind: Compression): InflateStream {
  let id = 0;
  return {
    push(input) {
      const b = (bridge ??= start());
      if (id === 0) id = b.nextId++;
      Atomics.store(b.signal, 0, 0);
      const copy = new Uint8Array(input.length);
      copy.set(input);
      b.port.postMessage({ op: 'push', id, kind, data: copy.buffer }, [copy.buffer]);
      for (const started = Date.now(); ;) {
        const waited = Atomics.wait(b.signal, 0, 0, 1000);
        const m = receiveMessageOnPort(b.port) as { message: { id: number; out: ArrayBuffer; error: string | null } } | undefined;
        if (m) {
          if (m.message.error !== null) throw new Error(m.message.error);
          return new Uint8Array(m.message.out);
        }
        if (waited === 'timed-out' && Date.now() - started > TIMEOUT_MS) throw new Error('the zlib helper thread did not answer');
        if (waited !== 'timed-out') Atomics.store(b.signal, 0, 0);
      }
    },
    close() {
      if (id > 0 && bridge) bridge.port.postMessage({ op: 'close', id });
      id = -1;
    },
  };
}

/**
 * `options` with zlib as the archive inflater, unless archives are off or an inflater is given:
 * what binspect's Node entry points (`inspect`, `inspectFile*`, the scan, the CLI) read archives with.
 */
export function withNodeInflater<O extends { archives?: { inflater?: Inflater } | false }>(options: O): O {
  if (options.archives === false || options.archives?.inflater) return options;
  return { ...options, archives: { ...options.archives, inflater: nodeInflater } };
}
