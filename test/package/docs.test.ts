/**
 * The published files (npm pack: dist/src, docs, README.md, LICENSE) reference only what they ship:
 * no internal design notes, and every relative Markdown link resolves to a shipped file.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/built.js';
import { ROOT } from '../helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    const st = lstatSync(p);
    return st.isDirectory() ? files(p) : st.isFile() ? [p] : [];
  });
}

beforeAll(() => ensureBuilt(), 180_000);

describe('published files', () => {
  const shipped = (): Set<string> => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    return new Set(packed[0]!.files.map((f) => f.path));
  };

  it('no file in docs, src, dist/src or README.md names DESIGN.md', () => {
    const all = [...files(join(ROOT, 'docs')), ...files(join(ROOT, 'src')), ...files(join(ROOT, 'dist', 'src')), join(ROOT, 'README.md')];
    expect(all.length).toBeGreaterThan(100);
    const hits = all.filter((f) => readFileSync(f, 'latin1').includes('DESIGN.md')).map((f) => relative(ROOT, f));
    expect(hits).toEqual([]);
  });

  it('every relative link of the shipped Markdown points at a shipped file', () => {
    const ship = shipped();
    const md = [...ship].filter((f) => f.endsWith('.md'));
    expect(md).toEqual(expect.arrayContaining(['README.md', 'docs/report.md', 'docs/vocabulary.md', 'docs/errors.md', 'docs/schema/README.md']));
    const broken: string[] = [];
    for (const f of md) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.replace(/#.*$/, '');
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        const path = normalize(join(dirname(f), target));
        if (!ship.has(path) && !ship.has(join(path, 'README.md'))) broken.push(`${f} -> ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);
});
