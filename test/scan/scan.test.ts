import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../cli/inproc.js';
import { flattenArchive, inspectFileSync, scan, type Report } from '../../src/index.js';
import { inShard, parseShard } from '../../src/scan/shard.js';
import { SUMMARY_FIELDS, type Summary, summarize } from '../../src/scan/summary.js';
import { CORPUS, corpusPath } from '../helpers.js';

async function collect(run: AsyncIterable<Report>): Promise<Report[]> {
  const out: Report[] = [];
  for await (const r of run) out.push(r);
  return out.sort((a, b) => (a.path! < b.path! ? -1 : 1));
}

/** A directory with binaries, a script, a FIFO, a symlink loop and a sparse 10 GiB file. */
function hostileTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'binspect-scan-'));
  mkdirSync(join(dir, 'sub'));
  copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'sub', 'app'));
  copyFileSync(corpusPath('pe/hello64.exe'), join(dir, 'app.exe'));
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
  writeFileSync(join(dir, 'name\nwith\x1bnewline'), 'text');
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  symlinkSync('..', join(dir, 'sub', 'up'));
  symlinkSync('sub/app', join(dir, 'link-to-app'));
  writeFileSync(join(dir, 'sparse'), '');
  truncateSync(join(dir, 'sparse'), 10 * 2 ** 30);
  return dir;
}

describe('scan()', () => {
  it('gives the same reports with 2 workers, 1 worker and inline as inspectFileSync, counting non-binaries', async () => {
    const expected = new Map<string, Report>();
    const listed = execFileSync('find', [CORPUS, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    let notBinary = 0;
    for (const p of listed) {
      const r = inspectFileSync(p);
      // An archive: each member binary is a report of its own; its other members count as non-binaries.
      if (Array.isArray(r.members)) {
        for (const m of flattenArchive(r)) expected.set(m.path!, m as Report);
        notBinary += r.notBinaries ?? 0;
      } else if (r.format !== null) expected.set(p, r);
      else notBinary++;
    }
    // Every way of running: pooled (large fleet), one worker, inline (small fleet, or jobs 0).
    for (const [jobs, small, poolFrom] of [[2, 'worker', 20], [2, 'worker', 1e9], [1, 'worker', 20], [2, 'inline', 1e9], [0, 'worker', 20]] as const) {
      const run = scan([CORPUS], { jobs, small, poolFrom, batchSize: 7 });
      const got = await collect(run);
      expect(got.map((r) => r.path)).toEqual([...expected.keys()].sort());
      for (const r of got) expect(r).toEqual(expected.get(r.path!));
      expect(run.stats.found).toBe(listed.length);
      expect(run.stats.notBinary).toBe(notBinary);
      expect(run.stats.done).toBe(listed.length);
    }
  }, 120_000);

  it('byteChunks() gives the bytes of chunks(), each line ended by a newline, whether workers (their buffers reused) or the calling thread made them', async () => {
    for (const [jobs, small, poolFrom] of [[2, 'worker', 20], [1, 'worker', 1e9], [2, 'inline', 1e9]] as const) {
      const o = { jobs, small, poolFrom, batchSize: 5, select: ['machine', 'needed', 'glibcFloor'] } as const;
      let text = '';
      for await (const c of scan([corpusPath('elf')], o).chunks()) text += `${c}\n`;
      // A chunk is valid until the next is asked for: copied here, as a caller that keeps it must.
      const parts: Buffer[] = [];
      for await (const b of scan([corpusPath('elf')], o).byteChunks()) parts.push(Buffer.from(b));
      expect(parts.length).toBeGreaterThan(3);
      expect(Buffer.concat(parts).toString('utf8')).toBe(text);
      expect(text.split('\n').length).toBeGreaterThan(40);
    }
  }, 120_000);

  it('selects fields and reads less', async () => {
    const all = scan([corpusPath('elf')], { jobs: 1 });
    for await (const _ of all) void _;
    const some = scan([corpusPath('elf')], { jobs: 1, select: ['machine'] });
    const reports = await collect(some);
    expect(Object.keys(reports[0]!)).toEqual(['schema', 'path', 'size', 'format', 'error', 'machine', 'fieldErrors', 'io']);
    expect(some.stats.bytesRead).toBeLessThan(all.stats.bytesRead);
  });

  it('never opens FIFOs, skips symlinks unless asked, detects symlink loops, and finishes on a 10 GiB sparse file', async () => {
    const dir = hostileTree();
    const skipped: string[] = [];
    const run = scan([dir], { jobs: 1, onSkip: (p, why) => skipped.push(`${p.slice(dir.length)} ${why}`) });
    const got = await collect(run);
    expect(got.map((r) => r.path!.slice(dir.length))).toEqual(['/app.exe', '/sub/app']);
    expect(skipped).toEqual(['/pipe FIFO']);
    expect(run.stats.notBinary).toBe(3); // run.sh, the newline name, sparse
    const followed: string[] = [];
    const run2 = scan([dir], { jobs: 0, followSymlinks: true, onSkip: (p, why) => followed.push(`${p.slice(dir.length)} ${why}`) });
    const got2 = await collect(run2);
    expect(got2.map((r) => r.path!.slice(dir.length))).toEqual(['/app.exe', '/link-to-app', '/sub/app']);
    expect(followed).toEqual(expect.arrayContaining(['/pipe FIFO', '/sub/up symlink loop']));
  });

  it('reports named special and endless files instead of hanging', async () => {
    const dir = hostileTree();
    const got = await collect(scan([join(dir, 'pipe'), '/dev/zero', '/proc/self/maps', join(dir, 'sparse')], { jobs: 1 }));
    const byPath = Object.fromEntries(got.map((r) => [r.path, r.error?.code]));
    expect(byPath).toEqual({ [join(dir, 'pipe')]: 'IO', '/dev/zero': 'IO', '/proc/self/maps': 'BAD_MAGIC', [join(dir, 'sparse')]: 'BAD_MAGIC' });
    const sparse = got.find((r) => r.path === join(dir, 'sparse'))!;
    expect(sparse.size).toBe(10 * 2 ** 30);
    expect(sparse.io!.bytesRead).toBeLessThanOrEqual(4096);
  });

  it('reaches files whose names are not UTF-8, reporting the exact path bytes in pathBase64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-utf8-'));
    const raw = Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('name')]);
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), raw);
    for (const jobs of [0, 1]) {
      const [r] = await collect(scan([dir], { jobs }));
      expect(r!.error).toBeNull();
      expect(r!.machine).toBe('x86_64');
      expect(r!.path).toBe(`${dir}/bad\ufffd\ufffdname`);
      expect(Buffer.from(r!.pathBase64 as string, 'base64').equals(raw)).toBe(true);
    }
  });

  it('shards split the fleet stably and completely', async () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    expect(() => parseShard('0/3')).toThrow(TypeError);
    expect(() => parseShard('4/3')).toThrow(TypeError);
    const all = (await collect(scan([corpusPath('elf')], { jobs: 0 }))).map((r) => r.path);
    const parts = await Promise.all([1, 2, 3].map(async (k) => (await collect(scan([corpusPath('elf')], { jobs: 0, shard: { k, n: 3 } }))).map((r) => r.path)));
    expect(parts.flat().sort()).toEqual(all);
    for (const p of parts) expect(p.length).toBeGreaterThan(0);
    expect(parts[0]!.every((p) => inShard(p!, { k: 1, n: 3 }))).toBe(true);
  });

  it('excludes by glob', async () => {
    const got = await collect(scan([corpusPath('elf')], { jobs: 0, exclude: ['aarch64', '**/x86_64/*.o'] }));
    expect(got.length).toBeGreaterThan(10);
    expect(got.some((r) => r.path!.includes('/aarch64/') || r.path!.endsWith('.o'))).toBe(false);
  });
});

describe('scan() cost per file', () => {
  it('walks a tree without a stat per file: a non-binary costs an open, one read and a close; a binary adds an fstat and the change check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-cost-'));
    mkdirSync(join(dir, 'sub'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, i % 2 ? 'sub' : '', `text-${i}.txt`), `plain text ${i}\n`.repeat(i * 50));
    writeFileSync(join(dir, 'empty'), '');
    copyFileSync(corpusPath('elf/x86_64/hello-pie'), join(dir, 'sub', 'app'));
    const calls = new Map<string, number>();
    const originals = new Map<string, unknown>();
    const fsObject = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of ['statSync', 'lstatSync', 'fstatSync', 'openSync', 'readSync']) {
      const orig = fsObject[name]!;
      originals.set(name, orig);
      fsObject[name] = (...a: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return orig(...a);
      };
    }
    syncBuiltinESMExports();
    let got: Report[];
    try {
      got = await collect(scan([dir], { jobs: 0 }));
    } finally {
      for (const [name, orig] of originals) fsObject[name] = orig as (...a: unknown[]) => unknown;
      syncBuiltinESMExports();
    }
    expect(got.map((r) => r.path)).toEqual([join(dir, 'sub', 'app')]);
    expect(got[0]!.error).toBeNull();
    // 42 files: each opened once; the binary alone is fstat-ed; only the directories are stat-ed.
    // The binary is checked for a change while it was read (src/bytes/file.ts checkUnchanged): one
    // more fstat, and as it changed in the last two seconds (it was just written), each range it
    // read is read once more and compared, between two fstats.
    expect(calls.get('openSync')).toBe(42);
    expect(calls.get('fstatSync')).toBe(3);
    expect((calls.get('statSync') ?? 0) + (calls.get('lstatSync') ?? 0)).toBe(2); // the root and sub/
    expect(calls.get('readSync')).toBe(41 + 2 * got[0]!.io!.reads);
  });
});

describe('scan() over a file list', () => {
  it('stats listed paths in the workers: walks listed directories, skips devices, counts non-binaries', async () => {
    const dir = hostileTree();
    for (const jobs of [0, 2]) {
      const skipped: string[] = [];
      const run = scan([{ path: join(dir, 'sub'), named: false }, { path: '/dev/null', named: false }, { path: join(dir, 'run.sh'), named: false },
        { path: corpusPath('pe/hello64.exe'), named: false }], { jobs, onSkip: (p, why) => skipped.push(`${p} ${why}`) });
      const got = (await collect(run)).map((r) => r.path);
      expect(got).toEqual([corpusPath('pe/hello64.exe'), join(dir, 'sub', 'app')].sort());
      expect(skipped).toEqual(['/dev/null device']);
      expect(run.stats).toMatchObject({ found: 3, done: 3, notBinary: 1, binaries: 2, skipped: 1 });
    }
  });
});

describe('binspect scan CLI', () => {
  it('--ndjson over --files-from, with a summary count on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-scan-'));
    const list = join(dir, 'list');
    writeFileSync(list, `${corpusPath('elf/x86_64/hello-pie')}\n${corpusPath('elf/x86_64/relr')}\n`);
    const r = await cli(['scan', '--ndjson', '--files-from', list, '--select', 'machine,glibcFloor']);
    expect(r.status).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Report);
    expect(lines.map((x) => x.glibcFloor).sort()).toEqual(['2.34', '2.36']);
    expect(r.err).toMatch(/2 files, 2 binaries, 0 not binaries/);
  });

  it('--summary counts formats, machines, linkage, libc and glibc floors, and each protection by applicability', async () => {
    const r = await cli(['scan', '--summary', '--jobs', '1', corpusPath('.')]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^format$/m);
    expect(r.out).toMatch(/^ {2}elf +\d+$/m);
    expect(r.out).toMatch(/^ {2}macho-fat +2$/m);
    expect(r.out).toMatch(/^glibc floor$/m);
    expect(r.out).toMatch(/^ {2}2\.36 +\d+$/m);
    expect(r.out).toMatch(/^ {2}musl +\d+\n {6}e\.g\. \//m);
    expect(r.out).toMatch(/^protections of executables and libraries$/m);
    expect(r.out).toMatch(/^ {2}pie +\d+ +[1-9]\d* +\d+ +\d+\n {6}lacking, e\.g\. \//m);
    const s = summarize();
    for (const p of ['elf/aarch64/bp-standard-linked', 'elf/aarch64/bp-standard-nostdlib', 'elf/x86_64/hello-pie']) s.add(inspectFileSync(corpusPath(p)));
    const bti = s.result().protections.bti!;
    expect(bti.no).toEqual({ count: 1, examples: [corpusPath('elf/aarch64/bp-standard-linked')] });
    expect(bti['n/a'].examples).toEqual([corpusPath('elf/x86_64/hello-pie')]);
  });

  it('--summary --json: missing PIE and musl counted as GNU readelf sees the files, with example paths', async () => {
    const r = await cli(['scan', '--summary', '--json', '--jobs', '1', corpusPath('elf')]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.out) as Summary;
    const files = execFileSync('find', [corpusPath('elf'), '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    const exec: string[] = [];
    const musl: string[] = [];
    for (const p of files) {
      let text: string;
      try {
        text = execFileSync('readelf', ['-hldW', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch {
        continue;
      }
      if (/^\s*Type:\s+EXEC\b/m.test(text)) exec.push(p);
      if (/interpreter: \S*ld-musl-/.test(text) || /\(NEEDED\)\s+Shared library: \[libc\.musl-/.test(text)) musl.push(p);
    }
    expect(exec.length).toBeGreaterThan(3);
    expect(s.protections.pie!.no.count).toBe(exec.length);
    for (const p of s.protections.pie!.no.examples) expect(exec).toContain(p);
    expect(musl.length).toBeGreaterThan(0);
    expect(s.libc.musl!.count).toBe(musl.length);
    for (const p of s.libc.musl!.examples) expect(musl).toContain(p);
    expect(s.linkage.static!.examples.length).toBeGreaterThan(0);
    expect(Object.keys(s.glibcFloor).length).toBeGreaterThan(3);
    expect(s.files.notBinaries).toBeGreaterThanOrEqual(0);
  });

  it('a text scan line names musl as it names glibc', async () => {
    const r = await cli(['scan', '--jobs', '1', corpusPath('elf/x86_64/musl-dynamic'), corpusPath('elf/x86_64/hello-pie')]);
    expect(r.out).toMatch(/musl-dynamic: elf x86_64 \S+ dynamic musl$/m);
    expect(r.out).toMatch(/hello-pie: elf x86_64 pie-executable dynamic glibc 2\.\d+$/m);
  });

  it('a summary of only SUMMARY_FIELDS counts what a summary of whole reports counts', () => {
    const files = execFileSync('find', [CORPUS, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    const whole = summarize();
    const lean = summarize();
    for (const p of files) {
      whole.add(inspectFileSync(p));
      lean.add(inspectFileSync(p, { select: [...SUMMARY_FIELDS] }));
    }
    const w = whole.result();
    const l = lean.result();
    expect(Object.keys(w.protections).length).toBeGreaterThan(3);
    expect(Object.keys(w.glibcFloor).length).toBeGreaterThan(3);
    expect({ ...l, files: { ...l.files, withErrors: null } }).toEqual({ ...w, files: { ...w.files, withErrors: null } });
  });

  it('exit 2 and bad usage', async () => {
    expect((await cli(['scan', '--jobs', 'x', CORPUS])).status).toBe(2);
    expect((await cli(['scan', '--shard', '5/2', CORPUS])).status).toBe(2);
    expect((await cli(['scan', '--select', 'nope', CORPUS])).status).toBe(2);
    expect((await cli(['scan'])).status).toBe(2);
    expect((await cli(['scan', '--json', '/dev/zero'])).status).toBe(2);
  });
});
