import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from './inproc.js';
import { escapeText } from '../../src/util/escape.js';
import type { Report } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

function highestGlibc(path: string): string {
  const text = execFileSync('readelf', ['-V', '-W', path], { encoding: 'utf8' });
  return text.match(/GLIBC_[0-9][0-9.]*/g)!.map((v) => v.slice(6)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1)!;
}

describe('binspect CLI', () => {
  it('glibc --json on /usr/bin/ls: glibcMax is the highest GLIBC_ readelf -V shows, with the symbols that need it', async () => {
    const { status, out } = await run(['glibc', '/usr/bin/ls', '--json']);
    expect(status).toBe(0);
    const [r] = JSON.parse(out) as Report[];
    expect(r!.glibcMax).toBe(highestGlibc('/usr/bin/ls'));
    expect(r!.glibcFloorSymbols!.some((s) => s.symbol !== null && s.version === `GLIBC_${r!.glibcMax}`)).toBe(true);
    expect(r!.io!.reads).toBeGreaterThan(0);
    expect(r).not.toHaveProperty('symbolVersions');
  });

  it('glibc on /usr/bin/getent: the floor is 2.36, set by GLIBC_ABI_DT_RELR', async () => {
    const text = execFileSync('readelf', ['-V', '-W', '/usr/bin/getent'], { encoding: 'utf8' });
    expect(text).toContain('GLIBC_ABI_DT_RELR');
    const { out } = await run(['glibc', '/usr/bin/getent', '--json']);
    const [r] = JSON.parse(out) as Report[];
    expect(r!.glibcFloor).toBe('2.36');
    expect(r!.glibcFloorSymbols).toContainEqual({ symbol: null, version: 'GLIBC_ABI_DT_RELR', file: 'libc.so.6' });
  });

  it('names the copy-relocated symbol that alone sets the floor of a -no-pie file', async () => {
    const { out } = await run(['glibc', corpusPath('elf/x86_64/copyreloc-nopie'), '--ndjson']);
    const r = JSON.parse(out.trim()) as Report;
    expect(r.glibcFloorSymbols).toEqual([{ symbol: '__libc_single_threaded', version: 'GLIBC_2.32', file: 'libc.so.6' }]);
  });

  it('--ndjson prints one report per line; --symbols adds every versioned symbol', async () => {
    const { out } = await run(['glibc', '--symbols', '--ndjson', corpusPath('elf/x86_64/hello-pie'), corpusPath('elf/x86_64/cxx-hello')]);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    const cxx = JSON.parse(lines[1]!) as Report;
    expect(cxx.symbolVersions!.some((s) => s.version.startsWith('GLIBCXX_'))).toBe(true);
    expect(Object.keys(cxx.maxVersions!)).toEqual(expect.arrayContaining(['GLIBC', 'GLIBCXX', 'CXXABI']));
  });

  it('text output aligns columns and reports each file', async () => {
    const { status, out } = await run(['info', corpusPath('elf/aarch64/bp-standard-nostdlib')]);
    expect(status).toBe(0);
    expect(out).toMatch(/^ {2}machine +aarch64 \(183\)$/m);
    const starts = out.trim().split('\n').slice(1).map((l) => /^ {2}\S+(?: \S+)* +/.exec(l)![0].length);
    expect(new Set(starts).size).toBe(1);
    expect(out).toMatch(/features +.*\bbti\b.*\bpac\b/);
  });

  it('exits 2 for a missing, a non-binary and a truncated file, still reporting the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-cli-'));
    writeFileSync(join(dir, 'script.sh'), '#!/bin/sh\necho hi\n');
    writeFileSync(join(dir, 'trunc'), Buffer.from(execFileSync('head', ['-c', '3000', corpusPath('elf/x86_64/hello-pie')])));
    const { status, out } = await run(['info', '--json', join(dir, 'missing'), join(dir, 'script.sh'), join(dir, 'trunc'), corpusPath('elf/x86_64/hello-pie')]);
    expect(status).toBe(2);
    const reports = JSON.parse(out) as Report[];
    expect(reports.map((r) => r.error?.code ?? null)).toEqual(['IO', 'BAD_MAGIC', null, null]);
    expect(reports[2]!.linkage).toBeNull();
    expect(reports[2]!.fieldErrors.length).toBeGreaterThan(0);
    expect(reports[3]!.linkage).toBe('dynamic');
  });

  it('counts non-binaries found in a directory walk instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-walk-'));
    writeFileSync(join(dir, 'README'), 'text');
    writeFileSync(join(dir, 'a.out'), execFileSync('cat', [corpusPath('elf/x86_64/hello-static')]));
    const { status, out, err } = await run(['features', '--json', dir]);
    expect(status).toBe(0);
    expect((JSON.parse(out) as Report[]).map((r) => r.path)).toEqual([join(dir, 'a.out')]);
    expect(err).toMatch(/1 file .* not ELF, PE or Mach-O/);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await run([])).status).toBe(2);
    expect((await run(['frobnicate', '/usr/bin/ls'])).status).toBe(2);
    expect((await run(['info', '--bogus', '/usr/bin/ls'])).status).toBe(2);
    expect((await run(['info'])).status).toBe(2);
  });

  it('escapes control characters from binaries in text output', async () => {
    expect(escapeText('lib\x1b[31mred\n.so\\')).toBe('lib\\x1b[31mred\\x0a.so\\\\');
    expect(escapeText('\u009b')).toBe('\\x9b');
    expect(escapeText('plain/path-1.so')).toBe('plain/path-1.so');
  });

  it('runs as an executable from the build', async () => {
    const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'features', corpusPath('elf/x86_64/cet-forced')], { encoding: 'utf8' });
    if (r.error) throw r.error;
    expect(r.status).toBe(0);
    const [head, row] = r.stdout.trim().split('\n');
    const cols = head!.split(/ {2,}/);
    const cells = row!.split(/ {2,}/);
    expect(cells[cols.indexOf('ibt')]).toBe('yes');
    expect(cells[cols.indexOf('shstk')]).toBe('yes');
  });
});

describe('binspect CLI across formats', () => {
  it('glibc on PE and Mach-O says not applicable and shows the platform floor', async () => {
    const { status, out } = await run(['glibc', corpusPath('pe/hello64.exe'), corpusPath('macho/go-darwin-universal')]);
    expect(status).toBe(0);
    expect(out).toMatch(/glibc floor +not applicable \(PE\)/);
    expect(out).toMatch(/platform floor +windows \d+\.\d+/);
    expect(out).toMatch(/slice 1 aarch64 +glibc not applicable \(Mach-O\); platform floor macos 11\.0/);
  });

  it('features prints one table for ELF, PE and every slice of a fat Mach-O', async () => {
    const { out } = await run(['features', corpusPath('elf/aarch64/bp-standard-nostdlib'), corpusPath('pe/guard32.exe'), corpusPath('macho/go-darwin-universal')]);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(5);
    const cols = lines[0]!.split(/ {2,}/);
    expect(cols.slice(0, 3)).toEqual(['file', 'format', 'machine']);
    const row = (i: number): Record<string, string> => Object.fromEntries(lines[i]!.split(/ {2,}/).map((v, c) => [cols[c], v]));
    expect(row(1)).toMatchObject({ format: 'elf', machine: 'aarch64', bti: 'yes', pac: 'yes', ibt: '-' });
    expect(row(2)).toMatchObject({ format: 'pe', machine: 'i386', cfg: 'yes', bti: '-' });
    expect(row(2).other).toContain('safeSeh');
    expect(row(3)).toMatchObject({ format: 'macho', machine: 'x86_64' });
    expect(row(4)).toMatchObject({ format: 'macho', machine: 'aarch64', pie: 'yes' });
    expect(row(4).other).toContain('adHoc');
  });
});
