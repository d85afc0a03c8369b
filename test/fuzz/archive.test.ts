import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectContainer } from '../../src/container/detect.js';
import { openArchive } from '../../src/container/expand.js';
import { nodeInflater } from '../../src/container/node/zlib.js';
import { BinspectError } from '../../src/errors.js';
import { buildReport } from '../../src/report/report.js';
import { CORPUS } from '../helpers.js';
import type { Field } from './fields.js';
import { countingSource } from './harness.js';
import { applyMutations, mutation } from './mutate.js';

/**
 * Property suite for the containers layer: mutate and truncate every corpus archive (zip, wheel,
 * jar, tar, .tar.gz, .tgz, ar); reading it, every member, and every member binary's report must
 * end within the step budget and throw nothing (a member's reads only BinspectError). Runs:
 * BINSPECT_FUZZ_ARCHIVE_RUNS inputs per seed (default 150).
 */
const DIR = join(CORPUS, 'archive');
const SEEDS = readdirSync(DIR).filter((f) => /\.(zip|whl|jar|tar|gz|tgz|a)$/.test(f)).map((f) => join(DIR, f));
const RUNS = Number(process.env.BINSPECT_FUZZ_ARCHIVE_RUNS ?? 150);
const SEED = Number(process.env.BINSPECT_FUZZ_SEED ?? 20261207);

/** Structure-aware targets: the size, offset, count and length fields of zip records (APPNOTE 4.3.7, 4.3.12, 4.3.16). */
function zipFields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  const at = (o: number, width: 2 | 4): void => void out.push({ offset: o, width } as Field);
  for (let i = 0; i + 4 <= b.length; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
    const sig = b[i + 2]! | (b[i + 3]! << 8);
    if (sig === 0x0403) [18, 22].forEach((k) => at(i + k, 4)), [8, 26, 28].forEach((k) => at(i + k, 2));
    if (sig === 0x0201) [20, 24, 42, 38].forEach((k) => at(i + k, 4)), [4, 10, 28, 30, 32].forEach((k) => at(i + k, 2));
    if (sig === 0x0605) [12, 16].forEach((k) => at(i + k, 4)), [8, 10, 20].forEach((k) => at(i + k, 2));
  }
  return out;
}

function check(input: Uint8Array): string[] {
  const v: string[] = [];
  const kind = detectContainer(input.subarray(0, 512));
  if (!kind || !('format' in kind)) return v;
  const src = countingSource(input);
  try {
    for (const ev of openArchive(src, 'F', kind.format, { inflater: nodeInflater })) {
      if (ev.kind !== 'member') continue;
      try {
        const r = buildReport(ev.member.source, ev.member.path);
        JSON.stringify(r);
      } catch (e) {
        if (!(e instanceof BinspectError)) v.push(`member report threw ${String(e)}`);
      }
    }
  } catch (e) {
    v.push(`openArchive threw ${e instanceof Error ? e.stack : String(e)}`);
  }
  return v;
}

describe('fuzz: mutated corpus archives', () => {
  for (const path of SEEDS) {
    it(path.slice(CORPUS.length + 1), () => {
      const seed = readFileSync(path);
      const fields = zipFields(seed);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
          const violations = check(applyMutations(seed, fields, muts, true));
          expect(violations).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }, 300_000);
  }
});
