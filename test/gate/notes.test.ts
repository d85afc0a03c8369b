import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GATE_FORMATS } from '../../src/cli/formats.js';
import { runCli } from '../cli/inproc.js';
import { corpusPath } from '../helpers.js';

// BTI is an AArch64 protection: on an x86_64 file `--require bti` does not apply. The check passes
// (exit status unchanged) and says so at a level that never fails.
const X86 = corpusPath('elf/x86_64/hello-pie');
const check = (...args: string[]) => runCli(['check', X86, '--require', 'bti', ...args]);

describe('check --require X where X does not apply: passes, and says so as a note', () => {
  const summaryBefore = process.env.GITHUB_STEP_SUMMARY;
  afterEach(() => {
    if (summaryBefore === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = summaryBefore;
  });

  it('every gate output format names the rule and exits 0, with --strict too', async () => {
    for (const format of GATE_FORMATS) {
      for (const strict of [[], ['--strict']]) {
        const r = await check('--format', format, ...strict);
        expect(r.status, `${format} ${strict}`).toBe(0);
        expect(r.out, format).toContain('not-applicable');
        expect(r.out, format).toContain('bti');
      }
    }
  });

  it('text: a NOTE line and a count of notes in the closing line', async () => {
    const r = await check();
    expect(r.out).toContain('  NOTE [not-applicable] required protection bti does not apply to this file (ELF, x86_64, pie-executable): not judged\n');
    expect(r.out).toContain('binspect check: passed — 1 file, 0 errors, 0 warnings, 1 note\n');
    expect(r.out).not.toMatch(/FAIL|WARN/);
  });

  it('json and ndjson: passed, the finding at level "note"', async () => {
    const json = JSON.parse((await check('--json')).out) as { passed: boolean; violations: Array<{ rule: string; level: string; old: string }> };
    expect(json.passed).toBe(true);
    expect(json.violations).toEqual([expect.objectContaining({ rule: 'not-applicable', level: 'note', old: 'bti' })]);
    const lines = (await check('--ndjson')).out.trim().split('\n').map((l) => JSON.parse(l) as { passed: boolean; violations: Array<{ level: string }> });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.passed).toBe(true);
    expect(lines[0]!.violations.map((v) => v.level)).toEqual(['note']);
  });

  it('github: a ::notice workflow command, no ::error or ::warning', async () => {
    const out = (await check('--format', 'github')).out;
    expect(out).toMatch(/^::notice file=[^\n]*hello-pie,title=binspect not-applicable::required protection bti does not apply/);
    expect(out).not.toMatch(/::(error|warning) /);
  });

  it('sarif: the result and the rule\'s default level are "note"', async () => {
    const sarif = JSON.parse((await check('--format', 'sarif')).out) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: Array<{ ruleId: string; level: string }> }>;
    };
    const run = sarif.runs[0]!;
    expect(run.results.map((x) => [x.ruleId, x.level])).toEqual([['not-applicable', 'note']]);
    expect(run.tool.driver.rules.map((x) => [x.id, x.defaultConfiguration.level])).toEqual([['not-applicable', 'note']]);
  });

  it('junit: not a failure, the note in the test case\'s <system-out>', async () => {
    const xml = (await check('--format', 'junit')).out;
    expect(xml).toContain('tests="1" failures="0" errors="0"');
    expect(xml).not.toMatch(/<failure|<error/);
    expect(xml).toMatch(/<system-out>NOTE \[not-applicable\] required protection bti does not apply[^<]*<\/system-out>/);
  });

  it('the GitHub step summary: passed, a row at level note', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'binspect-notes-')), 'summary.md');
    process.env.GITHUB_STEP_SUMMARY = file;
    expect((await check()).status).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('### binspect check: passed');
    expect(md).toContain('1 file, 0 errors, 0 warnings, 1 note');
    expect(md).toMatch(/^\| note \| [^|]*hello-pie \| not-applicable \| required protection bti does not apply/m);
  });

  it('beside a requirement that fails, the run still fails, with the note kept', async () => {
    const r = await runCli(['check', X86, '--require', 'bti,relro=full']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('FAIL [missing-protection] required protection relro=full is not declared');
    expect(r.out).toContain('NOTE [not-applicable] required protection bti');
    expect(r.out).toContain('FAILED — 1 file, 1 error, 0 warnings, 1 note');
  });

  it('where the protection applies, no note', async () => {
    const r = await runCli(['check', corpusPath('elf/aarch64/bp-standard-nostdlib'), '--require', 'bti', '--json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.out) as { violations: unknown[] }).violations).toEqual([]);
  });
});
