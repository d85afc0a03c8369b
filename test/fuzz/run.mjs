#!/usr/bin/env node
// npm run fuzz -- --runs N --seed S : a long fuzz run; failing inputs are saved under test/regressions/.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000000' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) } } });
console.log(`fuzz: ${values.runs} inputs, seed ${values.seed}`);
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz/fuzz.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, BINSPECT_FUZZ_RUNS: values.runs, BINSPECT_FUZZ_SEED: values.seed, BINSPECT_FUZZ_SAVE: '1' },
});
process.exitCode = r.status ?? 1;
