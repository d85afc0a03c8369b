/**
 * A file rewritten while it is read: every report is the report of one of its versions, or an
 * error (the source re-checks size, mtime and ctime after reading, and the bytes it read when the
 * file changed recently: src/bytes/file.ts checkUnchanged).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownStat, openFileSource } from '../../src/bytes/file.js';
import { inspect, inspectFileSync, type Report } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

const FACTS = ['type', 'linkage', 'interpreter', 'needed', 'versionRequirements', 'glibcFloor', 'features', 'anomalies'] as const;
const facts = (r: Report): string => JSON.stringify(FACTS.map((k) => r[k]));

describe('a file that changes while it is read', () => {
  it('a same-size rewrite between the first read and the check is an IO error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-chg-'));
    const p = join(dir, 'f');
    const a = readFileSync(corpusPath('elf/x86_64/hello-pie'));
    writeFileSync(p, a);
    utimesSync(p, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const src = openFileSource(p);
    src.read(0, 64);
    src.checkUnchanged(); // nothing changed yet
    const b = Buffer.from(a);
    b[100] ^= 0xff;
    writeFileSync(p, b);
    expect(() => src.checkUnchanged()).toThrow(/changed while being read/);
    src.close();
  });

  it('with the stamps of a stat taken before the open (a listed path), an unchanged file is not read again and a rewrite is caught', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-chg-'));
    const p = join(dir, 'f');
    const a = readFileSync(corpusPath('elf/x86_64/hello-pie'));
    writeFileSync(p, a);
    utimesSync(p, new Date(2000, 0, 1), new Date(2000, 0, 1));
    // ctime cannot be set back: wait until the last change is more than two seconds old.
    await new Promise((res) => setTimeout(res, 2100));
    const st = statSync(p);
    const src = openFileSource(p, { known: knownStat(st) });
    src.read(0, 64);
    src.read(8192, 64);
    expect(src.checkUnchanged()).toBe(0); // an old stamp: compared, no range read again
    // A size alone (no stamps) cannot be compared: every range is read again.
    const sized = openFileSource(p, { known: { kind: 'stat', size: st.size } });
    sized.read(0, 64);
    expect(sized.checkUnchanged()).toBe(4096);
    sized.close();
    const b = Buffer.from(a);
    b[100] ^= 0xff;
    writeFileSync(p, b);
    expect(() => src.checkUnchanged()).toThrow(/changed while being read/);
    src.close();
    // The stat's stamp, taken before a rewrite, no longer matches after it: the report is an error.
    utimesSync(p, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const old = statSync(p);
    writeFileSync(p, a);
    const changed = openFileSource(p, { known: knownStat(old) });
    changed.read(0, 64);
    expect(() => changed.checkUnchanged()).toThrow(/changed while being read/);
    changed.close();
  }, 15_000);

  it('under a concurrent writer alternating two same-size versions, no report mixes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binspect-chg-'));
    const p = join(dir, 'f');
    const A = readFileSync(corpusPath('elf/x86_64/hello-pie'));
    const B = readFileSync(corpusPath('elf/loader/strtab-twice-94'));
    expect(B.length).toBe(A.length);
    const want = new Set([facts(inspect(A)), facts(inspect(B))]);
    expect(want.size).toBe(2);
    writeFileSync(p, A);
    writeFileSync(join(dir, 'a'), A);
    writeFileSync(join(dir, 'b'), B);
    const writer = spawn(process.execPath, ['-e', `
      const fs = require('fs');
      const a = fs.readFileSync(${JSON.stringify(join(dir, 'a'))}), b = fs.readFileSync(${JSON.stringify(join(dir, 'b'))});
      const end = Date.now() + 4000;
      for (let i = 0; Date.now() < end; i++) fs.writeFileSync(${JSON.stringify(p)}, i % 2 ? a : b);
    `], { stdio: 'ignore' });
    const done = new Promise((res) => writer.on('exit', res));
    let exited = false;
    void done.then(() => { exited = true; });
    let good = 0;
    let errors = 0;
    const bad: string[] = [];
    while (!exited) {
      const r = inspectFileSync(p);
      if (r.error !== null || r.fieldErrors.length > 0) errors++;
      else if (want.has(facts(r))) good++;
      else bad.push(facts(r));
      await new Promise((res) => setImmediate(res));
    }
    expect(bad).toEqual([]);
    expect(good + errors).toBeGreaterThan(100);
  }, 30_000);
});
