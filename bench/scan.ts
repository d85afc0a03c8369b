/**
 * Fleet-scan benchmark (issue #10). Builds a fleet list from the corpus and the machine's own /usr
 * (ELF files only; `--repeat N` repeats it to amortize start-up), then runs each tool on the same
 * list, alternating tools round by round, under /usr/bin/time for wall time and peak RSS:
 *   binspect scan --jobs 1 and --jobs N (the gate/scan question: machine, type, linkage, NEEDED,
 *   Verneed versions and glibc floor, property notes), GNU readelf -h -l -d -V -n -W through xargs,
 *   scanelf (pax-utils) if installed, and a naive Node whole-file read.
 * Then a directory scan of the roots (`binspect scan ROOTS --summary`: the walk, and every file opened).
 * With --margin, also the cost of each further file: binspect, the C floor and scanelf on the list
 * and on the list doubled, alternating; (time(2N) - time(N)) / N is the marginal cost per file.
 * Prints a table; asserts nothing. Usage: npm run bench:scan -- [--repeat N] [--rounds R] [--root DIR] [--margin]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { repeat: { type: 'string', default: '1' }, rounds: { type: 'string', default: '3' }, root: { type: 'string', multiple: true }, margin: { type: 'boolean' } },
});
const repeat = Number(values.repeat);
const rounds = Number(values.rounds);
const roots = values.root ?? [new URL('../../corpus', import.meta.url).pathname, '/usr'];
const here = new URL('.', import.meta.url).pathname;
const cli = join(here, '..', 'src', 'cli', 'main.js');

function isElf(p: string): boolean {
  try {
    const fd = openSync(p, 'r');
    try {
      const b = Buffer.alloc(4);
      return readSync(fd, b, 0, 4, 0) === 4 && b.readUInt32BE(0) === 0x7f454c46;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && isElf(p)) out.push(p);
  }
}

const files: string[] = [];
for (const r of roots) walk(r, files);
const bytes = files.reduce((s, p) => s + statSync(p).size, 0) * repeat;
const fleet = Array.from({ length: repeat }, () => files).flat();
const dir = mkdtempSync(join(tmpdir(), 'binspect-bench-'));
const list = join(dir, 'list');
writeFileSync(list, `${fleet.join('\n')}\n`);
// Warm the page cache so every tool sees the same warm cache.
const warm = (): void => {
  for (const p of files) execFileSync('cat', [p], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
};
warm();

// The issue's question: machine, type, linkage, NEEDED, Verneed versions and glibc floor, property notes.
const SELECT = 'machine,type,linkage,needed,versionRequirements,glibcFloor,features';
const jobs = availableParallelism();
interface Tool { name: string; cmd: string[]; stats?: (stderr: string) => { kib: number; reads: number } | null }
const binspectStats = (s: string): { kib: number; reads: number } | null => {
  const m = /read ([0-9.]+) MiB in ([0-9]+) reads/.exec(s);
  return m ? { kib: (Number(m[1]) * 1024) / fleet.length, reads: Number(m[2]) / fleet.length } : null;
};
const tools: Tool[] = [
  { name: `binspect scan --jobs ${jobs}`, cmd: [process.execPath, cli, 'scan', '--jobs', String(jobs), '--ndjson', '--select', SELECT, '--files-from', list], stats: binspectStats },
  { name: 'binspect scan --jobs 1', cmd: [process.execPath, cli, 'scan', '--jobs', '1', '--ndjson', '--select', SELECT, '--files-from', list], stats: binspectStats },
  { name: 'readelf -h -l -d -V -n -W (xargs)', cmd: ['xargs', '-a', list, 'readelf', '-h', '-l', '-d', '-V', '-n', '-W'] },
  { name: 'naive node readFileSync', cmd: [process.execPath, join(here, 'naive.js'), list], stats: () => ({ kib: bytes / 1024 / fleet.length, reads: 1 }) },
];
// The C floor: bench/floor.c built with the machine's cc (skipped with a message when there is none).
const floorBin = join(dir, 'floor');
const cc = spawnSync('cc', ['-O2', '-o', floorBin, join(here, '..', '..', 'bench', 'floor.c')], { encoding: 'utf8' });
if (cc.status === 0) {
  tools.push({
    name: 'C floor (bench/floor.c)', cmd: [floorBin, list], stats: (s) => {
      const m = /read ([0-9]+) bytes in ([0-9]+) syscalls/.exec(s);
      return m ? { kib: Number(m[1]) / 1024 / fleet.length, reads: Number(m[2]) / fleet.length } : null;
    },
  });
} else {
  console.log(`no C floor: cc failed or is missing (${(cc.error?.message ?? cc.stderr).trim()})`);
}
tools.push({ name: 'node -e 0 (start-up only)', cmd: [process.execPath, '-e', '0'] });
if (spawnSync('scanelf', ['-V']).status === 0) {
  tools.splice(3, 0, { name: 'scanelf -f LIST -F "%a %o %n %i %x"', cmd: ['scanelf', '-q', '-f', list, '-F', '%a %o %n %i %x'] });
}

const runs = new Map<string, Array<{ secs: number; rssKiB: number; stats: { kib: number; reads: number } | null }>>();
for (let round = 0; round < rounds; round++) {
  for (const t of round % 2 ? [...tools].reverse() : tools) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...t.cmd], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
    const last = r.stderr.trim().split('\n').at(-1)!.split(' ');
    runs.set(t.name, [...(runs.get(t.name) ?? []), { secs: Number(last[0]), rssKiB: Number(last[1]), stats: t.stats?.(r.stderr) ?? null }]);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(runs.get(tools[0]!.name)!.map((r) => r.secs));
const startup = median(runs.get('node -e 0 (start-up only)')!.map((r) => r.secs));
const floorRuns = runs.get('C floor (bench/floor.c)');
const floor = floorRuns ? median(floorRuns.map((r) => r.secs)) : NaN;
console.log(`fleet: ${fleet.length} ELF files (${files.length} distinct x ${repeat}), ${(bytes / 2 ** 20).toFixed(0)} MiB, warm cache, ${jobs} cores, median of ${rounds} rounds`);
console.log(`${'tool'.padEnd(40)} ${'seconds'.padStart(8)} ${'files/s'.padStart(9)} ${'MiB/s'.padStart(8)} ${'KiB read/file'.padStart(14)} ${'reads/file'.padStart(11)} ${'peak RSS MiB'.padStart(13)} ${'x binspect'.padStart(10)} ${'x C floor'.padStart(10)} ${'µs/file'.padStart(8)}`);
for (const t of tools) {
  const rs = runs.get(t.name)!;
  const secs = median(rs.map((r) => r.secs));
  const st = rs[0]!.stats;
  console.log(`${t.name.padEnd(40)} ${secs.toFixed(2).padStart(8)} ${(fleet.length / secs).toFixed(0).padStart(9)} ${(bytes / 2 ** 20 / secs).toFixed(0).padStart(8)} ${(st ? st.kib.toFixed(1) : '-').padStart(14)} ${(st ? st.reads.toFixed(2) : '-').padStart(11)} ${(Math.max(...rs.map((r) => r.rssKiB)) / 1024).toFixed(0).padStart(13)} ${(secs / base).toFixed(2).padStart(10)} ${(secs / floor).toFixed(2).padStart(10)} ${((secs * 1e6) / fleet.length).toFixed(1).padStart(8)}`);
}
// The issue's targets are ratios taken in this one run; node's start-up is subtracted for Node tools.
const net = (name: string): number => median(runs.get(name)!.map((r) => r.secs)) - startup;
for (const t of tools.filter((x) => x.name.startsWith('binspect'))) {
  console.log(`${t.name}: (wall - node start-up) / C floor = ${(net(t.name) / floor).toFixed(2)}; ${((net(t.name) * 1e6) / fleet.length).toFixed(1)} µs/file net`);
}

// Large files: the 50 largest of the fleet, repeated to the fleet's size (as many files, so the same
// start-up and warm-up share); per-file cost against the whole fleet's with --jobs 1.
const largest = [...files].sort((a, b) => statSync(b).size - statSync(a).size).slice(0, 50);
const bigList = join(dir, 'largest');
const reps = Math.max(1, Math.round(fleet.length / largest.length));
writeFileSync(bigList, `${Array.from({ length: reps }, () => largest).flat().join('\n')}\n`);
const big = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'scan', '--jobs', '1', '--ndjson', '--select', SELECT, '--files-from', bigList],
  { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
const [bigSecs] = big.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
const bigStats = binspectStats(big.stderr);
const sizes = largest.map((p) => statSync(p).size);
const bigN = reps * largest.length;
const smallNet = net('binspect scan --jobs 1') / fleet.length;
console.log(`largest 50 files (${(Math.min(...sizes) / 2 ** 20).toFixed(0)}-${(Math.max(...sizes) / 2 ** 20).toFixed(0)} MiB) x${reps}: ` +
  `${(((bigSecs! - startup) * 1e6) / bigN).toFixed(1)} µs/file net with --jobs 1 (${(((bigSecs! - startup) / bigN) / smallNet).toFixed(2)} x the fleet's), ` +
  `${bigStats ? ((bigStats.kib * fleet.length) / bigN).toFixed(1) : '-'} KiB read/file`);

// A directory scan, as users run it (`binspect scan DIR --summary`): the walk, and every file under
// the roots (not only the ELF ones) opened; most are no binary and cost one read.
const dirRuns = Array.from({ length: rounds }, () => {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'scan', '--summary', ...roots], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const [secs, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { secs: secs!, rss: rss!, files: /scan: ([0-9]+) files, ([0-9]+) binaries/.exec(r.stderr) };
});
const dirFiles = dirRuns[0]!.files;
console.log(`binspect scan ${roots.join(' ')} --summary: ${dirFiles ? `${dirFiles[1]} files (${dirFiles[2]} binaries)` : '?'} in ` +
  `${median(dirRuns.map((r) => r.secs)).toFixed(2)} s (median of ${rounds}), peak RSS ${(Math.max(...dirRuns.map((r) => r.rss)) / 1024).toFixed(0)} MiB`);

// The margin: what each further file costs once start-up and warm-up are paid, from runs on the
// list and on the list doubled (the issue's "at the margin" target).
if (values.margin) {
  const doubled = join(dir, 'doubled');
  writeFileSync(doubled, `${[...fleet, ...fleet].join('\n')}\n`);
  const names = [tools[0]!.name, 'C floor (bench/floor.c)', ...tools.filter((t) => t.name.startsWith('scanelf')).map((t) => t.name)];
  const timed = new Map<string, number[][]>(names.map((n) => [n, [[], []]]));
  warm(); // the runs above may have pushed some of the fleet out of the page cache
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const t = tools.find((x) => x.name === name);
      if (!t) continue;
      const order: Array<[string, number]> = [[list, 0], [doubled, 1]];
      for (const [l, k] of round % 2 ? order.reverse() : order) {
        const r = spawnSync('/usr/bin/time', ['-f', '%e', ...t.cmd.map((a) => (a === list ? l : a))], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
        timed.get(name)![k]!.push(Number(r.stderr.trim().split('\n').at(-1)));
      }
    }
  }
  const margin = (name: string): number => {
    const [one, two] = timed.get(name)!;
    return one!.length ? ((median(two!) - median(one!)) * 1e6) / fleet.length : NaN;
  };
  const floorMargin = margin('C floor (bench/floor.c)');
  console.log(`margin (${fleet.length} -> ${2 * fleet.length} files, median of ${rounds} rounds):`);
  for (const name of names) {
    if (!tools.some((t) => t.name === name)) continue;
    console.log(`  ${name.padEnd(40)} ${margin(name).toFixed(1).padStart(7)} µs/file  ${(margin(name) / floorMargin).toFixed(2).padStart(6)} x C floor's`);
  }
}
