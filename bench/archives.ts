/**
 * Archive benchmark (docs/archives.md). Prints, under /usr/bin/time (wall seconds, peak RSS):
 *   1. `binspect scan DIR` of a directory of real wheels (fetched from the machine's Python package
 *      mirror with `pip download --no-deps`) and npm packages (the corpus's `npm pack` outputs),
 *      against unpacking each with unzip / tar, then `binspect scan` of the unpacked tree;
 *   2. peak RSS of `binspect scan` on a generated ~10 MiB and ~1 GiB archive (zip and .tar.gz: random
 *      data members around a few ELF files), generated here, never committed;
 *   3. `binspect check WHEEL --policy auto` on the largest wheel fetched, against what auditwheel
 *      does to read it: unpack, then every ELF member's version needs with pyelftools
 *      (bench/wheel_pyelftools.py).
 * Asserts nothing. Usage: npm run build && node dist/bench/archives.js [--wheel NAME]... [--largest NAME]
 *   [--big-mib N] [--keep DIR] [--pip-index URL]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomFillSync } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    wheel: { type: 'string', multiple: true }, largest: { type: 'string' }, 'big-mib': { type: 'string', default: '1024' },
    keep: { type: 'string' }, 'pip-index': { type: 'string' },
  },
});
/** pip's index: --pip-index URL (e.g. the machine's mirror, file:///...), else pip's own configuration. */
const pipIndex = values['pip-index'] ? ['--index-url', values['pip-index']] : [];
const here = new URL('.', import.meta.url).pathname;
const cli = join(here, '..', 'src', 'cli', 'main.js');
const corpus = join(here, '..', '..', 'corpus');
const node = process.execPath;
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'binspect-archives-'));
mkdirSync(work, { recursive: true });

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MiB) and stdout. */
function timed(cmd: string, args: string[], cwd?: string): { wall: number; rssMiB: number; out: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').at(-1)!;
  const [wall, kib] = last.split(' ').map(Number) as [number, number];
  return { wall, rssMiB: kib / 1024, out: r.stdout };
}
const fmt = (n: number, d = 2): string => n.toFixed(d);

// 1. A directory of wheels and npm packages.
const wheels = values.wheel ?? ['numpy', 'pillow', 'cryptography', 'lxml', 'psutil', 'pyyaml', 'orjson', 'pydantic_core', 'scipy', 'pandas'];
const dist = join(work, 'dist');
mkdirSync(dist, { recursive: true });
for (const w of wheels) {
  const r = spawnSync('pip', ['download', '--quiet', '--no-deps', '--only-binary', ':all:', ...pipIndex, '-d', dist, w], { encoding: 'utf8' });
  if (r.status !== 0) console.error(`(pip download ${w} failed: ${r.stderr.trim().split('\n').at(-1)})`);
}
for (const f of readdirSync(join(corpus, 'archive')).filter((f) => f.endsWith('.tgz'))) cpSync(join(corpus, 'archive', f), join(dist, f));
const files = readdirSync(dist).sort();
const bytes = files.reduce((n, f) => n + statSync(join(dist, f)).size, 0);
console.log(`\n1. scan of ${files.length} archives (${files.filter((f) => f.endsWith('.whl')).length} wheels, ${fmt(bytes / 2 ** 20, 1)} MiB) in ${dist}`);
const direct = timed(node, [cli, 'scan', dist, '--ndjson']);
const members = direct.out.split('\n').filter(Boolean).length;
const unpacked = join(work, 'unpacked');
const unpack = (): void => {
  rmSync(unpacked, { recursive: true, force: true });
  for (const f of files) {
    const to = join(unpacked, f);
    mkdirSync(to, { recursive: true });
    if (f.endsWith('.whl') || f.endsWith('.zip')) execFileSync('unzip', ['-q', '-o', join(dist, f), '-d', to]);
    else execFileSync('tar', ['-xzf', join(dist, f), '-C', to]);
  }
};
const t0 = performance.now();
unpack();
const unpackWall = (performance.now() - t0) / 1000;
const after = timed(node, [cli, 'scan', unpacked, '--ndjson']);
console.log('| method | wall s | peak RSS MiB | binaries reported |');
console.log('|---|---|---|---|');
console.log(`| binspect scan DIR (archives read in place) | ${fmt(direct.wall)} | ${fmt(direct.rssMiB, 0)} | ${members} |`);
console.log(`| unzip/tar to disk, then binspect scan | ${fmt(unpackWall + after.wall)} (${fmt(unpackWall)} + ${fmt(after.wall)}) | ${fmt(after.rssMiB, 0)} | ${after.out.split('\n').filter(Boolean).length} |`);

// 2. Peak RSS on generated archives of ~10 MiB and ~1 GiB.
console.log('\n2. peak RSS of binspect scan FILE on generated archives');
const elf = join(corpus, 'elf', 'x86_64', 'hello-pie');
/** A zip (random stored and deflated members around ELF files) of about `mib` MiB, written by streaming. */
function bigZip(path: string, mib: number): void {
  const fd = openSync(path, 'w');
  const cd: Buffer[] = [];
  let at = 0;
  const chunk = Buffer.alloc(8 << 20);
  const add = (name: string, data: Buffer, deflate: boolean): void => {
    const raw = deflate ? deflateRawSync(data, { level: 1 }) : data;
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(deflate ? 8 : 0, 8);
    const crc = crc32(data);
    h.writeUInt32LE(crc, 14); h.writeUInt32LE(raw.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(0x031e, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(deflate ? 8 : 0, 10);
    c.writeUInt32LE(crc, 16); c.writeUInt32LE(raw.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(at, 42);
    cd.push(c, n);
    writeSync(fd, h); writeSync(fd, n); writeSync(fd, raw);
    at += 30 + n.length + raw.length;
  };
  const elfBytes = execFileSync('cat', [elf]);
  for (let i = 0; at < mib * 2 ** 20; i++) {
    randomFillSync(chunk);
    add(`data/blob${i}.bin`, chunk, i % 2 === 1);
    add(`lib/libx${i}.so`, elfBytes, i % 2 === 0);
  }
  const cdBuf = Buffer.concat(cd);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0); e.writeUInt16LE(cd.length / 2, 8); e.writeUInt16LE(cd.length / 2, 10);
  e.writeUInt32LE(cdBuf.length, 12); e.writeUInt32LE(at, 16);
  writeSync(fd, cdBuf); writeSync(fd, e);
  closeSync(fd);
}
console.log('| archive | size MiB | members reported | wall s | peak RSS MiB |');
console.log('|---|---|---|---|---|');
for (const mib of [10, Number(values['big-mib'])]) {
  const zip = join(work, `big-${mib}.zip`);
  bigZip(zip, mib);
  const tree = join(work, `tree-${mib}`);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree);
  execFileSync('unzip', ['-q', zip, '-d', tree]);
  const tgz = join(work, `big-${mib}.tar.gz`);
  execFileSync('sh', ['-c', `tar -C "${tree}" -cf - . | gzip -1 > "${tgz}"`]);
  rmSync(tree, { recursive: true, force: true });
  for (const f of [zip, tgz]) {
    const r = timed(node, [cli, 'scan', f, '--ndjson']);
    console.log(`| ${f.slice(work.length + 1)} | ${fmt(statSync(f).size / 2 ** 20, 1)} | ${r.out.split('\n').filter(Boolean).length} | ${fmt(r.wall)} | ${fmt(r.rssMiB, 0)} |`);
  }
  rmSync(zip);
  rmSync(tgz);
}

// 3. The largest wheel: check --policy auto against unpack + pyelftools.
const largest = values.largest
  ? (spawnSync('pip', ['download', '--quiet', '--no-deps', '--only-binary', ':all:', ...pipIndex, '-d', dist, values.largest]), readdirSync(dist).find((f) => f.toLowerCase().startsWith(values.largest!.toLowerCase().replace(/-/g, '_'))))
  : files.filter((f) => f.endsWith('.whl')).sort((a, b) => statSync(join(dist, b)).size - statSync(join(dist, a)).size)[0];
if (largest) {
  const w = join(dist, largest);
  console.log(`\n3. the largest wheel: ${largest} (${fmt(statSync(w).size / 2 ** 20, 1)} MiB)`);
  const b = timed(node, [cli, 'check', w, '--policy', 'auto']);
  const p = timed('/usr/bin/python3', [join(here, '..', '..', 'bench', 'wheel_pyelftools.py'), w]);
  console.log('| method | wall s | peak RSS MiB | says |');
  console.log('|---|---|---|---|');
  console.log(`| binspect check --policy auto | ${fmt(b.wall)} | ${fmt(b.rssMiB, 0)} | ${b.out.trim().split('\n').at(-1)} |`);
  console.log(`| unpack + pyelftools (auditwheel's reading) | ${fmt(p.wall)} | ${fmt(p.rssMiB, 0)} | ${p.out.trim()} |`);
}
if (!values.keep) rmSync(work, { recursive: true, force: true });
