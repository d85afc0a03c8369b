import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('Report types', () => {
  it('a typo or an unselected field does not type-check, and select narrows the report type (tsc on a fixture)', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'test', 'report', 'types', 'tsconfig.json')], { encoding: 'utf8' });
    // tsc fails on a line that does not type-check and on an @ts-expect-error line that does.
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
