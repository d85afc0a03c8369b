/**
 * Start-up benchmark: for each CLI command, how many of binspect's modules it loads and what the
 * whole process costs next to `node -e 0` (the floor any Node CLI pays). Runs are paired — command,
 * `node -e 0`, command, ... — and the ratio is taken pair by pair; medians are printed. With
 * `--groups`, it also prints what importing each layer costs in a fresh process (milliseconds per
 * group, in import order: each group's figure is what it adds to the ones before it).
 * Prints numbers; asserts nothing. Run: npm run bench:startup [-- --runs N] [--groups]
 *
 * Target of the start-up work: `info FILE` and `check FILE --policy manylinux2014` at most 1.3x
 * `node -e 0` (docs/performance.md, "Start-up").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MODULE_LOG_ENV, moduleLogHook } from './modules.js';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '21' }, groups: { type: 'boolean' } } });
const RUNS = Number(opt.runs);
const DIST = new URL('../src/', import.meta.url).pathname;
const CLI = join(DIST, 'cli', 'main.js');
const CORPUS = new URL('../../corpus/', import.meta.url).pathname;

const COMMANDS: Record<string, string[]> = {
  '--version': ['--version'],
  'info /usr/bin/true': ['info', '/usr/bin/true'],
  'info PE': ['info', join(CORPUS, 'pe', 'hello64.exe')],
  'info Mach-O (fat)': ['info', join(CORPUS, 'macho', 'go-darwin-universal')],
  'glibc /usr/bin/true': ['glibc', '/usr/bin/true'],
  'features /usr/bin/true': ['features', '/usr/bin/true'],
  'check --policy manylinux2014': ['check', '/usr/bin/true', '--policy', 'manylinux2014'],
  'scan /usr/bin/true': ['scan', '/usr/bin/true', '--ndjson', '--jobs', '1'],
};

// The count of binspect's own modules a command loads (bench/modules.ts), in an untimed run.
const dir = mkdtempSync(join(tmpdir(), 'binspect-startup-'));
const register = moduleLogHook(dir);

function modulesLoaded(args: string[]): { count: number; kib: number } {
  const log = join(dir, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  spawnSync(process.execPath, ['--import', register, CLI, ...args], { env: { ...process.env, [MODULE_LOG_ENV]: log }, stdio: 'ignore' });
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith(`file://${DIST}`)))];
  const bytes = urls.reduce((s, u) => s + readFileSync(new URL(u)).length, 0);
  return { count: urls.length, kib: bytes / 1024 };
}

function wall(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.error) throw r.error;
  return performance.now() - t0;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`Node ${process.version}; ${RUNS} paired runs per command (command, then node -e 0); medians`);
console.log('command                          modules    KiB   wall ms  node -e 0 ms  extra ms  ratio');
for (const [name, args] of Object.entries(COMMANDS)) {
  const { count, kib } = modulesLoaded(args);
  wall(process.execPath, [CLI, ...args]); // warm the page cache
  const a: number[] = [];
  const b: number[] = [];
  const ratio: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(wall(process.execPath, [CLI, ...args]));
    b.push(wall(process.execPath, ['-e', '0']));
    ratio.push(a.at(-1)! / b.at(-1)!);
  }
  const extra = a.map((x, i) => x - b[i]!);
  console.log(`${name.padEnd(32)} ${String(count).padStart(7)} ${kib.toFixed(0).padStart(6)} ${median(a).toFixed(1).padStart(9)} ${median(b).toFixed(1).padStart(13)} ${median(extra).toFixed(1).padStart(9)} ${median(ratio).toFixed(2).padStart(6)}`);
}

if (opt.groups) {
  // Each layer imported in turn in one fresh process; a group's time is what it adds to those before.
  const groups: Array<[string, string[]]> = [
    ['node:fs, node:path, node:util', ['node:fs', 'node:path', 'node:util']],
    ['cli entry (args, version)', ['cli/args.js', 'cli/version.js']],
    ['bytes + errors', ['bytes/source.js', 'bytes/view.js', 'bytes/strings.js', 'bytes/file.js', 'errors.js']],
    ['elf parser', ['elf/file.js']],
    ['elf queries', ['query/elf.js']],
    ['report (ELF only)', ['report/build.js']],
    ['cli info (inputs, text)', ['cli/inputs.js', 'cli/text.js', 'cli/oneoff.js']],
    ['gate + check command', ['cli/check.js']],
    ['pe parser + queries', ['pe/file.js', 'query/pe.js']],
    ['macho parser + queries', ['macho/file.js', 'query/macho.js']],
    ['archives + every format', ['report/report.js', 'inspect/file.js']],
    ['scan command', ['cli/scan.js']],
  ];
  const script = join(dir, 'groups.mjs');
  writeFileSync(script, `const t = [];
const groups = ${JSON.stringify(groups.map(([, mods]) => mods.map((m) => (m.startsWith('node:') ? m : `file://${DIST}${m}`))))};
for (const g of groups) { const t0 = performance.now(); for (const m of g) await import(m); t.push(performance.now() - t0); }
process.stdout.write(JSON.stringify(t));
`);
  const samples: number[][] = [];
  for (let i = 0; i < RUNS; i++) samples.push(JSON.parse(spawnSync(process.execPath, [script], { encoding: 'utf8' }).stdout) as number[]);
  console.log('\nimport cost per group (fresh process, in this order; median ms of what each group adds)');
  groups.forEach(([name], i) => console.log(`${name.padEnd(32)} ${median(samples.map((s) => s[i]!)).toFixed(1).padStart(7)}`));
}
