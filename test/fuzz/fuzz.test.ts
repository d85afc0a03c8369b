import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT, manifest } from '../helpers.js';
import { elfFields } from './fields.js';
import { checkInput } from './harness.js';
import { applyMutations, mutation } from './mutate.js';

/**
 * Property suite (issue #6): mutate and truncate every corpus file; binspect must finish within
 * its step budget, throw only BinspectError from the structure view, return a JSON-serializable
 * report and keep its invariants. CI size: RUNS_PER_SEED per corpus file (100,000+ inputs in all).
 * Long runs: `npm run fuzz -- --runs N --seed S`.
 */
const SEEDS = manifest().map((e) => join(CORPUS, e.path));
const RUNS_TOTAL = Number(process.env.BINSPECT_FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.BINSPECT_FUZZ_SEED ?? 20261202);

describe('fuzz: mutated corpus files', () => {
  const perSeed = Math.ceil(RUNS_TOTAL / SEEDS.length);
  let total = 0;
  let slowest = 0;
  for (const path of SEEDS) {
    it(path.slice(CORPUS.length + 1), () => {
      const seed = readFileSync(path);
      const fields = elfFields(seed);
      const le = seed[5] !== 2;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
          const input = applyMutations(seed, fields, muts, le);
          const { violations, steps } = checkInput(input);
          total++;
          slowest = Math.max(slowest, steps);
          if (violations.length) {
            const name = createHash('sha256').update(input).digest('hex').slice(0, 16);
            // Long runs save what fails, so that it becomes a permanent regression test.
            if (process.env.BINSPECT_FUZZ_SAVE) writeFileSync(join(ROOT, 'test', 'regressions', `${name}.bin`), input);
            throw new Error(`${violations.join('; ')} (input ${name})`);
          }
        }),
        { numRuns: perSeed, seed: SEED, endOnFailure: true },
      );
    }, 300_000);
  }
  it('ran the CI-sized total', () => {
    console.log(`fuzz: ${total} inputs from ${SEEDS.length} seeds, seed ${SEED}, slowest input ${slowest} reads`);
    expect(total).toBeGreaterThanOrEqual(RUNS_TOTAL);
  });
});

describe('fuzz regressions (test/regressions)', () => {
  const dir = join(ROOT, 'test', 'regressions');
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  it('keeps every saved failing input fixed', () => {
    for (const f of files) expect(checkInput(readFileSync(join(dir, f))).violations, f).toEqual([]);
  });
});
