import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinspectError, inspect, inspectFile, inspectFileSync, nodeInflater, openFileHead, openFileSource } from '../../src/index.js';
import { ET, buildElf, caught } from '../builders/elf.js';
import { buildReport } from '../../src/report/report.js';
import { CORPUS } from '../helpers.js';

let dir: string;
const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'binspect-file-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('openFileSource', () => {
  it('reads only the ranges asked for and counts bytes and reads', () => {
    const data = pattern(100_000);
    const src = openFileSource(file('big.bin', data), { block: 512 });
    try {
      expect(src.size).toBe(100_000);
      expect(src.io).toEqual({ bytesRead: 0, reads: 0 });
      expect(Array.from(src.read(0, 16))).toEqual(Array.from(data.subarray(0, 16)));
      expect(src.io).toEqual({ bytesRead: 4096, reads: 1 }); // the first read covers the first 4 KiB
      expect(Array.from(src.read(100, 200))).toEqual(Array.from(data.subarray(100, 300)));
      expect(src.io).toEqual({ bytesRead: 4096, reads: 1 }); // served from the first block
      expect(Array.from(src.read(50_010, 8))).toEqual(Array.from(data.subarray(50_010, 50_018)));
      expect(src.io).toEqual({ bytesRead: 4096 + 512, reads: 2 }); // one aligned 512-byte block
      src.read(50_100, 8);
      expect(src.io).toEqual({ bytesRead: 4096 + 512, reads: 2 }); // same block, cached
      expect(Array.from(src.read(60_000, 3000))).toEqual(Array.from(data.subarray(60_000, 63_000)));
      expect(src.io).toEqual({ bytesRead: 4096 + 512 + 3000, reads: 3 }); // large reads go straight to the file
      expect(Array.from(src.read(99_990, 10))).toEqual(Array.from(data.subarray(99_990)));
      expect(src.io.bytesRead).toBe(4096 + 512 + 3000 + (100_000 - 99_840)); // last, partial block
      expect(src.read(5, 0).length).toBe(0);
    } finally {
      src.close();
    }
  });

  it('a range across two blocks is stitched from a block already read, else read once, exactly', () => {
    const data = pattern(20_000);
    const src = openFileSource(file('stitch.bin', data), { block: 1024 });
    try {
      src.read(0, 8); // the first 4 KiB, which also serve as blocks 0-3
      expect(Array.from(src.read(4090, 20))).toEqual(Array.from(data.subarray(4090, 4110)));
      expect(src.io).toEqual({ bytesRead: 4096 + 1024, reads: 2 }); // block 4 read, then stitched to the first read
      expect(Array.from(src.read(5100, 40))).toEqual(Array.from(data.subarray(5100, 5140)));
      expect(src.io).toEqual({ bytesRead: 4096 + 2048, reads: 3 }); // block 5 read, stitched to cached block 4
      expect(Array.from(src.read(10_230, 20))).toEqual(Array.from(data.subarray(10_230, 10_250)));
      expect(src.io).toEqual({ bytesRead: 4096 + 2048 + 20, reads: 4 }); // neither block read: one exact read
      expect(Array.from(src.read(19_990, 10))).toEqual(Array.from(data.subarray(19_990)));
      expect(Array.from(src.read(19_450, 550))).toEqual(Array.from(data.subarray(19_450))); // the short last block
    } finally {
      src.close();
    }
  });

  it('honours firstRead, block and maxBytes (LIMIT)', () => {
    const src = openFileSource(file('opts.bin', pattern(10_000)), { firstRead: 64, block: 128, maxBytes: 300 });
    try {
      src.read(0, 8);
      expect(src.io).toEqual({ bytesRead: 64, reads: 1 });
      src.read(1000, 8);
      expect(src.io).toEqual({ bytesRead: 64 + 128, reads: 2 });
      const e = caught(() => src.read(5000, 200)) as BinspectError;
      expect(e).toBeInstanceOf(BinspectError);
      expect(e.code).toBe('LIMIT');
    } finally {
      src.close();
    }
  });

  it('a small file is read once, whole', () => {
    const src = openFileSource(file('small.bin', pattern(100)));
    src.read(90, 10);
    src.read(0, 4);
    expect(src.io).toEqual({ bytesRead: 100, reads: 1 });
    src.close();
    src.close(); // idempotent
  });

  it('refuses directories, FIFOs and missing files with code IO (without blocking)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const p of [dir, fifo, join(dir, 'missing')]) {
      const e = caught(() => openFileSource(p)) as BinspectError;
      expect(e).toBeInstanceOf(BinspectError);
      expect(e.code).toBe('IO');
      expect(e.format).toBe('bytes');
      const r = inspectFileSync(p);
      expect(r.error?.code).toBe('IO');
      expect(r.format).toBeNull();
    }
  });

  it('reads after close are IO; a file that shrinks while open is TRUNCATED', () => {
    const p = file('shrink.bin', pattern(20_000));
    const src = openFileSource(p);
    src.read(0, 8);
    truncateSync(p, 5000);
    const e = caught(() => src.read(10_000, 2000)) as BinspectError;
    expect(e.code).toBe('TRUNCATED');
    src.close();
    expect((caught(() => src.read(0, 4)) as BinspectError).code).toBe('IO');
    const again = openFileSource(p);
    again.close();
    expect((caught(() => again.read(4096, 4)) as BinspectError).code).toBe('IO');
  });
});

describe('openFileHead (a file a walk found regular by its directory entry)', () => {
  it('reads the head in one call and takes no size until measure()', () => {
    const small = pattern(100);
    const head = openFileHead(file('unsized-small.bin', small));
    expect('size' in head && head.size).toBe(-1); // private to the class: FileHead has no size
    expect(head.head()).toEqual(small);
    expect(head.io).toEqual({ bytesRead: 100, reads: 1 }); // the short read is not followed by one that finds the end
    const src = head.measure();
    expect(src.size).toBe(100);
    expect(src.read(90, 10)).toEqual(small.subarray(90));
    expect(src.io.reads).toBe(1);
    src.close();

    const big = pattern(10_000);
    const longHead = openFileHead(file('unsized-big.bin', big), { block: 1024 });
    expect(longHead.head()).toEqual(big.subarray(0, 4096));
    const long = longHead.measure();
    expect(long.size).toBe(10_000);
    expect(long.read(8000, 100)).toEqual(big.subarray(8000, 8100));
    expect(long.read(1000, 100)).toEqual(big.subarray(1000, 1100)); // from the head
    expect(long.io.reads).toBe(2);
    long.close();
  });

  it('measure() without head() bounds the first read by the size; a file that shrank after its head is TRUNCATED', () => {
    const src = openFileHead(file('unsized-nohead.bin', pattern(100))).measure();
    expect(src.read(0, 100)).toEqual(pattern(100));
    src.close();
    const p = file('unsized-shrink.bin', pattern(10_000));
    const shrinking = openFileHead(p);
    shrinking.head();
    truncateSync(p, 1000);
    expect((caught(() => shrinking.measure()) as BinspectError).code).toBe('TRUNCATED');
    shrinking.close();
  });

  it('measure() refuses what is no regular file (a FIFO that replaced the file), without blocking', () => {
    const fifo = join(dir, 'unsized-fifo');
    execFileSync('mkfifo', [fifo]);
    const src = openFileHead(fifo);
    const e = caught(() => src.measure()) as BinspectError;
    expect(e.code).toBe('IO');
    expect(e.message).toMatch(/not a regular file/);
    src.close();
  });
});

describe('inspectFileSync / inspectFile', () => {
  function bigElf(): { path: string; bytes: Uint8Array } {
    const img = buildElf({ class: 64, endian: 'little', type: ET.DYN, needed: ['libc.so.6'], interp: '/lib64/ld-linux-x86-64.so.2' });
    const bytes = new Uint8Array(1 << 20);
    bytes.set(img.bytes);
    return { path: file('big.elf', bytes), bytes };
  }

  it('a header question costs one 4 KiB read, not the file', () => {
    const { path } = bigElf();
    const r = inspectFileSync(path, { select: ['machine', 'class'] });
    expect(r.machine).toBe('x86_64');
    expect(r.io).toEqual({ bytesRead: 4096, reads: 1 });
    expect('needed' in r).toBe(false);
  });

  it('every corpus file gives the in-memory report whatever the read geometry (blocks, stitching, first read)', () => {
    const files = execFileSync('find', [CORPUS, '-type', 'f', '!', '-name', '*.json', '!', '-name', '*.sh', '!', '-name', '*.c', '!', '-name', '*.go'],
      { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(80);
    // Odd sizes make reads straddle blocks (stitched when a block is cached), start past the first
    // read, or fall wholly inside it.
    const geometries = [{ firstRead: 100, block: 64 }, { firstRead: 64, block: 1000 }, { firstRead: 4096, block: 512 }, {}];
    for (const p of files) {
      const m = inspect(readFileSync(p));
      for (const g of geometries) {
        const src = openFileSource(p, g);
        try {
          // Archives too (their members' reads go through the same source), with zlib as inspect() has it.
          expect({ ...buildReport(src, null, { archives: { inflater: nodeInflater } }), io: undefined }, `${p} ${JSON.stringify(g)}`).toEqual({ ...m, io: undefined });
        } finally {
          src.close();
        }
      }
    }
  }, 60_000);

  it('a full report reads far less than the file and equals the in-memory report', async () => {
    const { path, bytes } = bigElf();
    const r = inspectFileSync(path);
    expect(r.needed).toEqual(['libc.so.6']);
    expect(r.io!.bytesRead).toBeLessThan(16 * 1024);
    expect(r.size).toBe(1 << 20);
    const m = inspect(bytes);
    expect({ ...m, path: r.path, io: r.io }).toEqual(r);
    const a = await inspectFile(path);
    expect(a).toEqual(r);
  });
});
