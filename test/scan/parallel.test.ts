/**
 * The GNU parallel recipes of docs/scaling.md, run for real (Debian's `parallel`, installed by
 * .ci/run): four `--shard K/4` jobs, and the `--pipe -N` split of one path list, each compared with
 * one plain run over the same list, line for line after sorting.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE } from '../cli/built.js';
import { ROOT } from '../helpers.js';

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) corpusFiles(p, out);
    else if (e.isFile() && statSync(p).size > 0) out.push(p);
  }
  return out;
}

const sh = (cmd: string): string => execFileSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
const sorted = (s: string): string[] => s.split('\n').filter(Boolean).sort();
const SELECT = 'machine,type,linkage,needed,glibcFloor';

describe('GNU parallel recipes (docs/scaling.md)', () => {
  const files = corpusFiles(join(ROOT, 'corpus', 'elf')).concat(corpusFiles(join(ROOT, 'corpus', 'pe')), corpusFiles(join(ROOT, 'corpus', 'macho')));
  const list = join(mkdtempSync(join(tmpdir(), 'binspect-parallel-')), 'paths');
  writeFileSync(list, `${files.join('\n')}\n`);
  const scan = `${NODE} ${CLI} scan --ndjson --select ${SELECT} --files-from`;
  const whole = sorted(sh(`${scan} ${list} || [ $? -eq 2 ]`));

  it('a plain run lists every binary of the corpus', () => {
    expect(whole.length).toBeGreaterThan(60);
    expect(new Set(whole.map((l) => (JSON.parse(l) as { path: string }).path)).size).toBe(whole.length);
  });

  it('four --shard K/4 jobs under parallel give the plain run, each file once', () => {
    const out = sh(`parallel --will-cite -j 2 "${scan} ${list} --shard {}/4 || [ \\$? -eq 2 ]" ::: 1 2 3 4`);
    expect(sorted(out)).toEqual(whole);
  }, 120_000);

  it('the list cut into blocks with parallel --pipe -N gives the plain run', () => {
    const out = sh(`parallel --will-cite --pipe -N 10 -j 2 '${scan} - || [ $? -eq 2 ]' < ${list}`);
    expect(sorted(out)).toEqual(whole);
  }, 120_000);
});
