import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as index from '../../src/index.js';
import * as core from '../../src/core.js';
import { ensureBuilt } from '../cli/built.js';
import { ROOT, corpusPath } from '../helpers.js';

beforeAll(() => ensureBuilt(), 180_000);

describe("require('binspect') (Node >= 20.19 loads ES modules from require)", () => {
  it('returns the module import() returns, for binspect and binspect/core, without a warning', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(major > 20 || minor >= 19).toBe(true);
    const file = corpusPath('elf/x86_64/relr');
    const r = spawnSync(process.execPath, [join(ROOT, 'test', 'package', 'require.cjs'), file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got.sameMain).toBe(true);
    expect(got.sameCore).toBe(true);
    expect(got.mainKeys).toEqual(Object.keys(index).sort());
    expect(got.coreKeys).toEqual(Object.keys(core).sort());
    expect(got.report).toEqual(index.inspectFileSync(file));
    expect(got.coreReport).toEqual(core.inspect(readFileSync(file)));
  });
});
