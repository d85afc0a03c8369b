import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT, manifest } from '../helpers.js';
import { fieldsOf } from './fields.js';
import { checkInput } from './harness.js';
import { applyMutations, mutation } from './mutate.js';

/**
 * Property suite (issue #6): mutate and truncate every corpus file (ELF, PE/COFF, Mach-O and fat);
 * binspect must finish within its step budget, throw only BinspectError from the structure views,
 * return a JSON-serializable report and keep its invariants. CI size: BINSPECT_FUZZ_RUNS inputs
 * (default 100,000) spread evenly over all seeds. Long runs: `npm run fuzz -- --runs N --seed S`.
 */
const manifestPaths = (file: string): string[] =>
  (JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Array<{ path: string }>).map((e) => e.path);
/** Seed files: corpus/MANIFEST.json (ELF), corpus/pe/MANIFEST.json and corpus/macho/MANIFEST.json (paths relative to corpus/). */
const SEEDS = [...manifest().map((e) => e.path), ...manifestPaths('pe/MANIFEST.json'), ...manifestPaths('macho/MANIFEST.json')]
  .map((p) => join(CORPUS, p));
const RUNS_TOTAL = Number(process.env.BINSPECT_FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.BINSPECT_FUZZ_SEED ?? 20261202);

describe('fuzz: mutated corpus files', () => {
  const perSeed = Math.ceil(RUNS_TOTAL / SEEDS.length);
  let total = 0;
  let slowest = 0;
  for (const path of SEEDS) {
    it(path.slice(CORPUS.length + 1), () => {
      const seed = readFileSync(path);
      // Every field carries its own byte order (fat headers are big-endian, a Mach-O slice may not be).
      const fields = fieldsOf(seed);
      const le = seed[0] === 0x7f && seed[1] === 0x45 ? seed[5] !== 2 : true;
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
