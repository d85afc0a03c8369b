/**
 * The built CLI and library on the Node that runs them in child processes ({@link NODE}): CI runs
 * this file a second time with `BINSPECT_TEST_NODE` set to the `engines` floor's Node (.ci/run).
 * Each child's output must equal what the same call gives in this process, and no child may print
 * a warning (an ExperimentalWarning there means an API newer than the floor or still experimental).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as inProcess } from '../cli/inproc.js';
import { inspect, inspectFileSync, scan, type Report } from '../../src/index.js';
import { inspect as coreInspect } from '../../src/core.js';
import { NODE, binspect, ensureBuilt } from '../cli/built.js';
import { ROOT, corpusPath, manifest } from '../helpers.js';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

function versionOf(node: string): number[] {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1).split('.').map(Number);
}

function atLeast(v: number[], floor: number[]): boolean {
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (floor[i] ?? 0)) return (v[i] ?? 0) > (floor[i] ?? 0);
  return true;
}

beforeAll(() => ensureBuilt(), 180_000);

describe(`the built package on ${NODE}`, () => {
  it('engines.node is one ">=X.Y.Z" floor, and the Node under test is at or above it', () => {
    const m = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(PKG.engines.node);
    expect(m).not.toBeNull();
    expect(atLeast(versionOf(NODE), m!.slice(1).map(Number))).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'binspect-floor-'));
  const elf = corpusPath('elf/x86_64/relr');
  const commands: string[][] = [
    ['--version'],
    ['--help'],
    ['info', elf, corpusPath('pe/hello64.exe'), corpusPath('macho/go-darwin-universal')],
    ['glibc', '/usr/bin/ls', '--symbols'],
    ['features', corpusPath('pe'), corpusPath('macho'), '--json'],
    ['scan', corpusPath('elf'), '--ndjson', '--jobs', '2', '--exclude', '**/aarch64/*', '--exclude', '*.o'],
    ['scan', corpusPath('elf'), '--summary', '--jobs', '1'],
    ['check', elf, '/usr/bin/ls', '--policy', 'manylinux2014', '--deny-needed', 'libz*', '--allow-needed', 'lib[a-z]*.so.[0-9]'],
    ['check', elf, '--policy', 'manylinux_2_28', '--format', 'sarif'],
    ['check', elf, '--policy', 'manylinux_2_28', '--format', 'junit'],
    ['baseline', elf, '/usr/bin/ls', '--write', join(dir, 'baseline.json')],
    ['check', elf, '/usr/bin/ls', '--baseline', join(dir, 'baseline.json')],
    ['check', elf, '--max', 'GLIBC=2.17', '--format', 'github'],
  ];
  it.each(commands)('binspect %s: same output and status as in this process, no warning', async (...args) => {
    const child = await binspect(args);
    expect(child.stderr).not.toMatch(/Warning|ERR_|at .*\(.*:\d+:\d+\)/);
    const here = await inProcess(args);
    expect(child.status).toBe(here.status);
    const lines = (s: string): string[] => (args[0] === 'scan' && args.includes('--ndjson') ? s.split('\n').sort() : s.split('\n'));
    expect(lines(child.stdout)).toEqual(lines(here.out));
  });

  it('the library: inspect, inspectFileSync, inspectFile, binspect/core and scan() give the reports this process gives', async () => {
    const files = manifest().map((e) => corpusPath(e.path));
    const script = `
      import { readFileSync } from 'node:fs';
      import { inspect, inspectFile, inspectFileSync, scan } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'index.js'))};
      import { inspect as core } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'core.js'))};
      const files = ${JSON.stringify(files)};
      const out = { fromFile: [], fromBytes: [], fromCore: [], async: [], scanned: [] };
      for (const f of files) {
        out.fromFile.push(inspectFileSync(f));
        out.fromBytes.push(inspect(readFileSync(f)));
        out.fromCore.push(core(readFileSync(f)));
        out.async.push(await inspectFile(f));
      }
      for await (const r of scan([${JSON.stringify(corpusPath('elf'))}], { jobs: 2, select: ['machine', 'glibcFloor'] })) out.scanned.push(r);
      process.stdout.write(JSON.stringify(out));`;
    const file = join(dir, 'library.mjs');
    writeFileSync(file, script);
    const res = spawnSync(NODE, [file], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const child = JSON.parse(res.stdout) as Record<string, Report[]>;
    expect(child.fromFile).toEqual(files.map((f) => inspectFileSync(f)));
    const bytes = files.map((f) => inspect(readFileSync(f)));
    expect(child.fromBytes).toEqual(bytes);
    expect(child.fromCore).toEqual(files.map((f) => coreInspect(readFileSync(f))));
    expect(child.async).toEqual(child.fromFile);
    const scanned: Report[] = [];
    for await (const r of scan([corpusPath('elf')], { jobs: 2, select: ['machine', 'glibcFloor'] })) scanned.push(r);
    const byPath = (a: Report, b: Report): number => (a.path! < b.path! ? -1 : 1);
    expect(child.scanned!.sort(byPath)).toEqual(scanned.sort(byPath));
    expect(scanned.length).toBeGreaterThan(20);
  });
});
