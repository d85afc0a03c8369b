/**
 * What a command loads (start-up, docs/performance.md): the built CLI given only ELF files loads no
 * module of the other formats or the archive readers, and the gate's output writers only for check
 * and baseline; given a file of another format it loads them and reads it as before. Counted with
 * the module loader hook bench/startup.ts counts with (bench/modules.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODULE_LOG_ENV, moduleLogHook } from '../../bench/modules.js';
import { corpusPath } from '../helpers.js';
import { CLI, NODE, TIMEOUT_MS, ensureBuilt } from './built.js';

let dir: string;
let register: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'binspect-modules-'));
  register = moduleLogHook(dir);
}, 120_000);

/** The binspect modules (paths below dist/src) `binspect ARGS` loads, and its stdout and status. */
function modules(args: string[]): { mods: string[]; out: string; status: number | null } {
  const log = join(dir, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  const r = spawnSync(NODE, ['--import', register, CLI, ...args], { env: { ...process.env, [MODULE_LOG_ENV]: log }, encoding: 'utf8', timeout: TIMEOUT_MS });
  const base = `file://${join(CLI, '..', '..')}/`;
  const mods = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith(base)).map((u) => u.slice(base.length)))];
  return { mods, out: r.stdout, status: r.status };
}

const OTHERS = /^(pe\/file|macho\/file|query\/pe|query\/macho|archive\/report|container\/(?!detect\.js)|gate\/output|report\/report|inspect\/file)\b/;

describe('start-up: a command loads what its files need', () => {
  it('info, glibc, features, check --policy and baseline on ELF files load no other format, archive reader or gate output', () => {
    const elf = [corpusPath('elf/x86_64/hello-pie'), corpusPath('elf/aarch64/bp-standard-nostdlib')];
    for (const args of [['info', ...elf], ['glibc', ...elf], ['features', ...elf], ['info', '--json', ...elf], ['check', ...elf, '--policy', 'manylinux2014'],
      ['baseline', ...elf, '--write', join(dir, 'baseline.json')]]) {
      const { mods, status } = modules(args);
      expect(status, args.join(' ')).not.toBe(2);
      expect(mods, args.join(' ')).toContain('report/build.js');
      expect(mods.filter((m) => OTHERS.test(m) && !(['check', 'baseline'].includes(args[0]!) && m === 'gate/output.js')), args.join(' ')).toEqual([]);
    }
  });

  it('a file of another format, a directory or an archive loads every format, and the reports are the library\'s', () => {
    for (const p of ['pe/hello64.exe', 'macho/go-darwin-universal', 'archive/release.tar.gz', 'elf/i386']) {
      const { mods, out, status } = modules(['info', '--json', corpusPath('elf/x86_64/hello-pie'), corpusPath(p)]);
      expect(status, p).toBe(0);
      expect(mods, p).toEqual(expect.arrayContaining(['report/report.js', 'inspect/file.js', 'pe/file.js', 'macho/file.js', 'archive/report.js']));
      expect((JSON.parse(out) as Array<{ error: unknown }>).every((r) => r.error === null), p).toBe(true);
    }
  });

  it('report/build.js alone: an ELF file is read, another format is an UNSUPPORTED error report, not a crash', () => {
    const script = `import { buildReport } from ${JSON.stringify(`file://${join(CLI, '..', '..', 'report', 'build.js')}`)};
import { memorySource } from ${JSON.stringify(`file://${join(CLI, '..', '..', 'bytes', 'source.js')}`)};
import { readFileSync } from 'node:fs';
const r = (p) => buildReport(memorySource(readFileSync(p)), p);
process.stdout.write(JSON.stringify([r(${JSON.stringify(corpusPath('elf/x86_64/hello-pie'))}).error, r(${JSON.stringify(corpusPath('pe/hello64.exe'))}).error]));`;
    const r = spawnSync(NODE, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: TIMEOUT_MS });
    expect(r.status, r.stderr).toBe(0);
    const [elf, pe] = JSON.parse(r.stdout) as Array<{ code: string } | null>;
    expect(elf).toBeNull();
    expect(pe?.code).toBe('UNSUPPORTED');
  });
});
