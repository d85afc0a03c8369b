/**
 * Amplification benchmark: a 390 KB ELF whose 20,000 DT_NEEDED entries all name one 64 KiB string
 * (about 1.3 GB of names if decoded one by one). Prints the time, peak RSS and report size of
 * inspect(bytes) and inspectFileSync(path) on it; asserts nothing. Run: node dist/bench/amplification.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspect, inspectFileSync } from '../src/index.js';

/** ELF64 LE ET_DYN: one PT_LOAD over the whole file, PT_DYNAMIC, a string table of one `len`-byte name, `n` DT_NEEDED naming it. */
export function amplificationElf(n = 20_000, len = 65_535): Uint8Array {
  const strtab = 0x100;
  const strsz = len + 2;
  const dyn = (strtab + strsz + 7) & ~7;
  const entries = n + 3;
  const size = dyn + entries * 16;
  const b = Buffer.alloc(size);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b.writeUInt16LE(3, 16); // ET_DYN
  b.writeUInt16LE(62, 18); // EM_X86_64
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(64n, 32); // e_phoff
  b.writeUInt16LE(64, 52);
  b.writeUInt16LE(56, 54);
  b.writeUInt16LE(2, 56);
  const phdr = (at: number, type: number, off: number, sz: number): void => {
    b.writeUInt32LE(type, at);
    b.writeUInt32LE(6, at + 4);
    b.writeBigUInt64LE(BigInt(off), at + 8);
    b.writeBigUInt64LE(BigInt(off), at + 16);
    b.writeBigUInt64LE(BigInt(off), at + 24);
    b.writeBigUInt64LE(BigInt(sz), at + 32);
    b.writeBigUInt64LE(BigInt(sz), at + 40);
    b.writeBigUInt64LE(8n, at + 48);
  };
  phdr(64, 1, 0, size); // PT_LOAD
  phdr(120, 2, dyn, entries * 16); // PT_DYNAMIC
  b.fill(0x61, strtab + 1, strtab + 1 + len);
  const put = (i: number, tag: number, val: number): void => {
    b.writeBigInt64LE(BigInt(tag), dyn + 16 * i);
    b.writeBigUInt64LE(BigInt(val), dyn + 16 * i + 8);
  };
  put(0, 5, strtab); // DT_STRTAB
  put(1, 10, strsz); // DT_STRSZ
  for (let i = 0; i < n; i++) put(2 + i, 1, 1); // DT_NEEDED -> offset 1
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function measure(what: string, f: () => unknown): void {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  const json = JSON.stringify(r).length;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`${what.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms   peak RSS ${rss.toFixed(0)} MiB   report ${json} bytes`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bytes = amplificationElf();
  console.log(`file: ${bytes.length} bytes, 20,000 DT_NEEDED of one 65,535-byte name`);
  measure('inspect(bytes)', () => inspect(bytes));
  const dir = mkdtempSync(join(tmpdir(), 'binspect-amp-'));
  const path = join(dir, 'amp.so');
  writeFileSync(path, bytes);
  measure('inspectFileSync(path)', () => inspectFileSync(path));
  rmSync(dir, { recursive: true });
}
