import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../../src/bytes/file.js';
import { ElfFile } from '../../src/elf/file.js';
import { hasElfMagic } from '../../src/elf/header.js';
import { main } from '../../src/cli/main.js';
import { elfDeps } from '../../src/target/elfdeps.js';
import { ROOT } from '../helpers.js';
import { packedTargets } from './roots.js';

const ELFDEPS = '/usr/lib/rpm/elfdeps';

/** rpm's elfdeps on one file: its -P or -R lines, as a set. */
function oracle(path: string, flag: '-P' | '-R'): string[] {
  const out = execFileSync(ELFDEPS, [flag], { input: `${path}\n`, encoding: 'utf8' });
  return [...new Set(out.split('\n').filter(Boolean))].sort();
}

function ours(path: string): { requires: string[]; provides: string[] } | null {
  const src = openFileSource(path);
  try {
    if (src.size < 64 || !hasElfMagic(src.read(0, 4))) return null;
    const d = elfDeps(new ElfFile(src), path, (statSync(path).mode & 0o111) !== 0);
    return { requires: [...d.requires].sort(), provides: [...d.provides].sort() };
  } finally {
    src.close();
  }
}

/** Regular files under `dir`, recursively (symlinks not followed), sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function compare(paths: string[]): number {
  let n = 0;
  for (const p of paths) {
    const d = ours(p);
    if (d === null) continue;
    n++;
    expect(d.provides, `${p} provides`).toEqual(oracle(p, '-P'));
    expect(d.requires, `${p} requires`).toEqual(oracle(p, '-R'));
  }
  return n;
}

describe('--requires / --provides equal rpm elfdeps as sets', () => {
  let dir: string;
  beforeAll(() => {
    dir = packedTargets();
  }, 120_000);

  it('on every ELF file of the corpus and of the target roots', () => {
    // corpus/elf/loader holds files rewritten so that a reader of the section headers (libelf, as
    // elfdeps uses) and the loader disagree on purpose (docs/loader.md): binspect follows the loader there.
    const corpusElf = files(join(ROOT, 'corpus', 'elf')).filter((p) => !p.includes(`${join('corpus', 'elf', 'loader')}/`));
    const n = compare([...corpusElf, ...files(join(dir, 'roots', 'amd64')), ...files(join(dir, 'roots', 'arm64')), ...files(join(dir, 'roots', 'musl'))]);
    expect(n).toBeGreaterThan(40);
  }, 120_000);

  it('on a sample of this machine\'s /usr/bin and /usr/lib', () => {
    const sample = (xs: string[], k: number): string[] => xs.filter((_, i) => i % k === 0);
    const bin = sample(files('/usr/bin'), 16);
    const lib = sample(files('/usr/lib/x86_64-linux-gnu').filter((p) => /\.so(\.|$)/.test(p)), 10);
    expect(compare([...bin, ...lib])).toBeGreaterThan(30);
  }, 300_000);

  it('binspect info --requires / --provides prints them', async () => {
    let out = '';
    expect(await main(['info', '--requires', '/usr/bin/ls'], (s) => (out += s), () => 0)).toBe(0);
    expect(out.split('\n').filter(Boolean).sort()).toEqual(oracle('/usr/bin/ls', '-R'));
    out = '';
    const lib = '/lib/x86_64-linux-gnu/libz.so.1';
    expect(await main(['info', '--provides', lib], (s) => (out += s), () => 0)).toBe(0);
    expect(out.split('\n').filter(Boolean).sort()).toEqual(oracle(lib, '-P'));
  });
});
