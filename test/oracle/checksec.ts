import { execFile, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyReport, Features } from '../../src/index.js';

/** One file's line of `checksec --output=json` (Debian's checksec 2.6): every value a string. */
export type ChecksecFacts = Record<string, string>;

/** True when checksec is installed. */
export function hasChecksec(): boolean {
  try {
    execFileSync('checksec', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * checksec's JSON, read one file line at a time: its writer does not escape names or values, so
 * one odd line would sink a whole-document parse. A line that does not parse is left out.
 */
export function parseChecksecJson(out: string): Record<string, ChecksecFacts> {
  const facts: Record<string, ChecksecFacts> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*"(.*)": (\{.*\})\s*,?\s*$/.exec(line);
    if (!m) continue;
    try {
      facts[m[1]!] = JSON.parse(m[2]!) as ChecksecFacts;
    } catch {
      // unparseable: absent, and the caller's check for every file fails on it
    }
  }
  return facts;
}

/**
 * `checksec --file=F --output=json` for each of `paths`, `jobs` at a time (each run costs about half
 * a second: checksec is a shell script that runs readelf several times per file).
 */
export async function checksecFiles(paths: readonly string[], jobs = 2): Promise<Record<string, ChecksecFacts>> {
  const facts: Record<string, ChecksecFacts> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const f = paths[next++]!;
      const out = await new Promise<string>((resolve) => {
        execFile('checksec', [`--file=${f}`, '--output=json'], { encoding: 'utf8', maxBuffer: 16 << 20 }, (_e, stdout) => resolve(stdout ?? ''));
      });
      // One file's output is `{ "F": {...} }` on one line: the same parser as a list's.
      Object.assign(facts, parseChecksecJson(out.replace(/^\{ /, '').replace(/ \}\s*$/, '')));
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return facts;
}

/** `checksec --listfile=L --output=json` over `paths` (one run: its start-up costs more than a file). */
export function checksecBatch(paths: readonly string[]): Record<string, ChecksecFacts> {
  const dir = mkdtempSync(join(tmpdir(), 'checksec-'));
  try {
    const list = join(dir, 'list');
    writeFileSync(list, paths.join('\n') + '\n');
    const out = execFileSync('checksec', [`--listfile=${list}`, '--output=json'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    return parseChecksecJson(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * checksec's facts as binspect's report says them, in checksec's vocabulary (its `filecheck`):
 * relro full/partial/no; canary, nx, rpath, runpath, symbols yes/no; pie yes/no/dso/rel;
 * fortified and fortify-able counts. `pie` "dso" is checksec's name for an ET_DYN without
 * DT_DEBUG: binspect's shared library (pie null).
 */
export function asChecksec(r: AnyReport): ChecksecFacts {
  const f: Partial<Features> = r.features ?? {};
  const yes = (b: unknown): string => (b ? 'yes' : 'no');
  const fortify = f.fortify ?? null;
  // checksec reads the first RPATH/RUNPATH line readelf prints and says yes when it is not empty.
  const nonEmpty = (l: string[] | null | undefined): boolean => !!l && l.length > 0 && l[0] !== '';
  return {
    relro: f.relro === 'full' ? 'full' : f.relro === 'partial' ? 'partial' : 'no',
    canary: yes(f.canary),
    nx: yes(f.nx === true),
    pie: r.type === 'relocatable' ? 'rel' : f.pie === true ? 'yes' : f.pie === false ? 'no' : 'dso',
    rpath: yes(nonEmpty(r.rpath)),
    runpath: yes(nonEmpty(r.runpath)),
    symbols: yes(r.stripped === false),
    fortified: String(fortify?.fortified.length ?? 0),
    'fortify-able': String((fortify?.fortified.length ?? 0) + (fortify?.unfortified.length ?? 0)),
  };
}

/** The facts compared, in checksec's names. */
export const CHECKSEC_FACTS = ['relro', 'canary', 'nx', 'pie', 'rpath', 'runpath', 'symbols', 'fortified', 'fortify-able'] as const;

function isElf(p: string): boolean {
  const fd = openSync(p, 'r');
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.toString('latin1') === '\x7fELF';
  } finally {
    closeSync(fd);
  }
}

/** ELF files (over 64 bytes, by their magic) under `dir`, `depth` directory levels down, sorted by name. */
export function elfFiles(dir: string, depth: number, out: string[] = [], level = 0): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    try {
      const st = statSync(p);
      if (st.isDirectory() && level < depth) elfFiles(p, depth, out, level + 1);
      else if (st.isFile() && st.size > 64 && isElf(p)) out.push(p);
    } catch {
      // unreadable: not in the sample
    }
  }
  return out;
}

/** Every k-th file, so that the sample spreads over the whole tree. */
export const spread = (l: string[], n: number): string[] => l.filter((_, i) => i % Math.max(1, Math.floor(l.length / n)) === 0).slice(0, n);
