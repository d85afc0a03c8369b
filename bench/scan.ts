/**
 * Fleet-scan benchmark. Builds a fleet list of the ELF files under the roots (default: the corpus
 * and the machine's /usr), then times, in one run and alternating tools round by round under
 * /usr/bin/time (wall, user + system CPU, peak RSS), on the list as it is (about 2.4k files here)
 * and repeated --repeat times (default 10, about 24k):
 *   - binspect scan with the bench's question (--ndjson --select QUESTION) at --jobs 1, 2, ... N;
 *   - binspect scan with the full report (no --select) at the default --jobs;
 *   - a plain single-threaded Node reader of the same question (bench/plain.ts);
 *   - scanelf (pax-utils, answers less), the C floor (bench/floor.c), `node -e 0`.
 * Prints the table and the ratios the fleet targets are stated in (docs/performance.md), then the
 * directory scan as users run it: `scan ROOTS` (text) against `scan ROOTS --summary`.
 * --verify checks first that binspect and the plain reader give the same answers on the list.
 * --profile prints where a --jobs 1 scan spends its CPU (top functions by self time, GC share).
 * Asserts nothing. Usage: npm run bench:scan -- [--repeat N] [--rounds R] [--root DIR]... [--verify] [--profile]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' }, root: { type: 'string', multiple: true },
    verify: { type: 'boolean' }, profile: { type: 'boolean' },
  },
});
const repeat = Number(values.repeat);
const rounds = Number(values.rounds);
const roots = values.root ?? [new URL('../../corpus', import.meta.url).pathname, '/usr'];
const here = new URL('.', import.meta.url).pathname;
const cli = join(here, '..', 'src', 'cli', 'main.js');
const node = process.execPath;

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
const dir = mkdtempSync(join(tmpdir(), 'binspect-bench-'));
const lists = { small: join(dir, 'small'), large: join(dir, 'large') };
writeFileSync(lists.small, `${files.join('\n')}\n`);
writeFileSync(lists.large, `${Array.from({ length: repeat }, () => files.join('\n')).join('\n')}\n`);
const count = { small: files.length, large: files.length * repeat };
const warm = (): void => {
  for (const p of files) execFileSync('cat', [p], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
};
warm();

// The bench's question: machine, type, linkage, NEEDED, Verneed versions and glibc floor, features.
const QUESTION = 'machine,type,linkage,needed,versionRequirements,glibcFloor,features';
const ncpu = availableParallelism();
const jobsList = [...new Set([1, 2, ncpu])].filter((j) => j <= Math.max(2, ncpu));
const scan = (list: string, ...args: string[]): string[] => [node, cli, 'scan', '--ndjson', ...args, '--files-from', list];

if (values.verify) {
  // Same answers: needed, floor and linkage per file from both readers.
  const plain = spawnSync(node, [join(here, 'plain.js'), lists.small], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.trim().split('\n');
  const [cmd0, ...args0] = scan(lists.small, '--select', QUESTION);
  interface Ours { path: string; linkage?: string; needed?: string[]; glibcFloor?: string; features?: { canary?: boolean | null; fortify?: { fortified: string[]; unfortified: string[] } | null } }
  const ours = spawnSync(cmd0!, args0, { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.trim().split('\n').map((l) => JSON.parse(l) as Ours);
  const byPath = new Map(ours.map((r) => [r.path, r]));
  let same = 0;
  const diffs: string[] = [];
  for (const line of plain) {
    const [path, , , , , linkage, neededF, , floorF] = line.split(' ');
    const r = byPath.get(path ?? '');
    const f = r?.features;
    const want = `${r?.linkage ?? '-'} ${(r?.needed ?? []).join(',')} ${r?.glibcFloor ?? '-'} canary=${f?.canary ? 'yes' : 'no'} `
      + `fortified=${f?.fortify?.fortified.length ?? 0} fortifiable=${f?.fortify?.unfortified.length ?? 0}`;
    const checksec = / (canary=\S+ fortified=\S+ fortifiable=\S+)/.exec(line)?.[1] ?? '';
    const got = `${linkage} ${neededF!.slice(7)} ${floorF!.slice(6)} ${checksec}`;
    if (want === got) same++;
    else if (diffs.length < 10) diffs.push(`${path}: binspect ${want} / plain ${got}`);
  }
  console.log(`verify: ${same} of ${plain.length} files give the same linkage, needed, floor, canary and fortify counts${diffs.length ? `; differences:\n  ${diffs.join('\n  ')}` : ''}`);
}

interface Tool { name: string; size: 'small' | 'large'; cmd: string[] }
const tools: Tool[] = [];
for (const size of ['small', 'large'] as const) {
  const list = lists[size];
  for (const j of jobsList) tools.push({ name: `binspect --jobs ${j}`, size, cmd: scan(list, '--jobs', String(j), '--select', QUESTION) });
  tools.push({ name: 'binspect default jobs', size, cmd: scan(list, '--select', QUESTION) });
  tools.push({ name: 'binspect full report', size, cmd: scan(list) });
  tools.push({ name: 'plain Node reader', size, cmd: [node, join(here, 'plain.js'), list] });
  if (spawnSync('scanelf', ['-V']).status === 0) tools.push({ name: 'scanelf', size, cmd: ['scanelf', '-q', '-f', list, '-F', '%a %o %n %i %x'] });
}
const floorBin = join(dir, 'floor');
const cc = spawnSync('cc', ['-O2', '-o', floorBin, join(here, '..', '..', 'bench', 'floor.c')], { encoding: 'utf8' });
if (cc.status === 0) for (const size of ['small', 'large'] as const) tools.push({ name: 'C floor', size, cmd: [floorBin, lists[size]] });
else console.log(`no C floor: cc failed or is missing (${(cc.error?.message ?? cc.stderr).trim()})`);
tools.push({ name: 'node -e 0', size: 'small', cmd: [node, '-e', '0'] });

interface Run { wall: number; cpu: number; rss: number }
function timed(cmd: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + sys!, rss: rss! / 1024 };
}
const runs = new Map<Tool, Run[]>(tools.map((t) => [t, []]));
for (let round = 0; round < rounds; round++) {
  for (const t of round % 2 ? [...tools].reverse() : tools) runs.get(t)!.push(timed(t.cmd));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stat = (name: string, size: 'small' | 'large', k: keyof Run): number => {
  const t = tools.find((x) => x.name === name && x.size === size);
  return t ? (k === 'rss' ? Math.max(...runs.get(t)!.map((r) => r.rss)) : median(runs.get(t)!.map((r) => r[k]))) : NaN;
};

console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${ncpu} cores, Node ${process.version}; ${new Date().toISOString()}`);
console.log(`fleet: ${count.small} ELF files under ${roots.join(' ')}, and that list x${repeat} (${count.large}); warm cache; median of ${rounds} alternating rounds`);
console.log(`${'tool'.padEnd(24)} ${'files'.padStart(7)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'µs/file'.padStart(8)} ${'peak RSS MiB'.padStart(13)}`);
for (const t of tools) {
  const rs = runs.get(t)!;
  const wall = median(rs.map((r) => r.wall));
  const n = t.name === 'node -e 0' ? 0 : count[t.size];
  console.log(`${t.name.padEnd(24)} ${String(n).padStart(7)} ${wall.toFixed(2).padStart(7)} ${median(rs.map((r) => r.cpu)).toFixed(2).padStart(7)} ${(n ? (wall * 1e6) / n : 0).toFixed(1).padStart(8)} ${Math.max(...rs.map((r) => r.rss)).toFixed(0).padStart(13)}`);
}

// The targets, as ratios within this run.
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '-');
const def = 'binspect default jobs';
const rows: Array<[string, string, string]> = [
  ['binspect (default jobs) / plain Node reader, wall', ratio(stat(def, 'small', 'wall'), stat('plain Node reader', 'small', 'wall')), ratio(stat(def, 'large', 'wall'), stat('plain Node reader', 'large', 'wall'))],
  ['binspect --jobs 1 / plain Node reader, CPU', ratio(stat('binspect --jobs 1', 'small', 'cpu'), stat('plain Node reader', 'small', 'cpu')), ratio(stat('binspect --jobs 1', 'large', 'cpu'), stat('plain Node reader', 'large', 'cpu'))],
  ['binspect (default jobs) / scanelf, wall', ratio(stat(def, 'small', 'wall'), stat('scanelf', 'small', 'wall')), ratio(stat(def, 'large', 'wall'), stat('scanelf', 'large', 'wall'))],
  ['binspect (default jobs) / C floor, wall', ratio(stat(def, 'small', 'wall'), stat('C floor', 'small', 'wall')), ratio(stat(def, 'large', 'wall'), stat('C floor', 'large', 'wall'))],
  ['full report / question (default jobs), wall', ratio(stat('binspect full report', 'small', 'wall'), stat(def, 'small', 'wall')), ratio(stat('binspect full report', 'large', 'wall'), stat(def, 'large', 'wall'))],
  ['full report peak RSS, MiB', stat('binspect full report', 'small', 'rss').toFixed(0), stat('binspect full report', 'large', 'rss').toFixed(0)],
  ...jobsList.filter((j) => j > 1).map((j): [string, string, string] => [`--jobs 1 / --jobs ${j}, wall`, ratio(stat('binspect --jobs 1', 'small', 'wall'), stat(`binspect --jobs ${j}`, 'small', 'wall')), ratio(stat('binspect --jobs 1', 'large', 'wall'), stat(`binspect --jobs ${j}`, 'large', 'wall'))]),
];
console.log(`\n${'ratio'.padEnd(48)} ${`${count.small} files`.padStart(12)} ${`${count.large} files`.padStart(12)}`);
for (const [name, a, b] of rows) console.log(`${name.padEnd(48)} ${a.padStart(12)} ${b.padStart(12)}`);

// The directory scan as users run it: the walk, every file opened; text lines against the summary.
const dirTimes = { text: [] as Run[], summary: [] as Run[] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? (['summary', 'text'] as const) : (['text', 'summary'] as const);
  for (const k of order) dirTimes[k].push(timed([node, cli, 'scan', ...(k === 'summary' ? ['--summary'] : []), ...roots]));
}
const tw = median(dirTimes.text.map((r) => r.wall));
const sw = median(dirTimes.summary.map((r) => r.wall));
console.log(`\nscan ${roots.join(' ')}: text ${tw.toFixed(2)} s, --summary ${sw.toFixed(2)} s, text / summary ${ratio(tw, sw)} (median of ${rounds})`);

if (values.profile) {
  // Where a --jobs 1 scan of the small list spends its CPU (it runs on the main thread).
  const profDir = join(dir, 'prof');
  spawnSync(node, ['--cpu-prof', '--cpu-prof-dir', profDir, cli, 'scan', '--jobs', '1', '--ndjson', '--select', QUESTION, '--files-from', lists.small], { stdio: 'ignore' });
  interface Node_ { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
  for (const f of readdirSync(profDir)) {
    const prof = JSON.parse(readFileSync(join(profDir, f), 'utf8')) as { nodes: Node_[]; samples: number[] };
    const self = new Map<number, number>();
    for (const s of prof.samples) self.set(s, (self.get(s) ?? 0) + 1);
    const byFn = new Map<string, number>();
    for (const n of prof.nodes) {
      const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/dist\//, '')}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
      byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
    }
    const total = prof.samples.length;
    const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 15);
    const gc = [...byFn].filter(([k]) => k.startsWith('(garbage collector)')).reduce((s, [, v]) => s + v, 0);
    console.log(`\nCPU profile (${f}): ${total} samples, GC ${((gc * 100) / total).toFixed(1)}%; top functions by self time:`);
    for (const [k, v] of top) console.log(`  ${((v * 100) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}
