import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain Node script of the corpus tools, without type declarations
import { COMMIT, generate, paths } from '../../corpus/tools/gen-policies.mjs';
import { AUDITWHEEL_COMMIT, WHEEL_POLICIES } from '../../src/gate/policies.generated.js';

describe('generated auditwheel policy data', () => {
  it('regenerating from the pinned JSON gives the committed module byte for byte', () => {
    const text = generate(readFileSync(paths.manylinux, 'utf8'), readFileSync(paths.musllinux, 'utf8'));
    expect(text === readFileSync(paths.module, 'utf8')).toBe(true);
    expect(AUDITWHEEL_COMMIT).toBe(COMMIT);
    expect(readFileSync(new URL('../../corpus/third_party/auditwheel/README.md', import.meta.url), 'utf8')).toContain(COMMIT);
  });

  it('holds every policy and architecture of the JSON, lists in JSON order', () => {
    const json = [
      ...JSON.parse(readFileSync(paths.manylinux, 'utf8')).map((p: object) => [p, 'glibc'] as const),
      ...JSON.parse(readFileSync(paths.musllinux, 'utf8')).map((p: object) => [p, 'musl'] as const),
    ].filter(([p]) => (p as { name: string }).name !== 'linux') as Array<readonly [{ name: string; priority: number; symbol_versions: Record<string, Record<string, string[]>>; lib_whitelist: string[] }, string]>;
    expect(WHEEL_POLICIES.map((p) => p.name)).toEqual(json.map(([p]) => p.name));
    for (const [p, libc] of json) {
      const g = WHEEL_POLICIES.find((x) => x.name === p.name)!;
      expect(g.libc).toBe(libc);
      expect(g.priority).toBe(p.priority);
      expect(Object.keys(g.arches)).toEqual(Object.keys(p.symbol_versions));
      for (const [arch, nss] of Object.entries(p.symbol_versions)) {
        expect(g.arches[arch as keyof typeof g.arches]!.versions).toEqual(nss);
        const wl = g.arches[arch as keyof typeof g.arches]!.libWhitelist;
        // musl: `libc.so` becomes the architecture's Alpine name, as auditwheel's _fixup_musl_libc_soname does.
        expect(wl).toEqual(p.lib_whitelist.map((l) => (libc === 'musl' && l === 'libc.so' ? wl.find((x) => x.startsWith('libc.musl-')) : l)));
        if (libc === 'musl') expect(wl.some((x) => x.startsWith('libc.musl-'))).toBe(true);
      }
    }
  });
});
