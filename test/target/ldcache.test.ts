import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { cacheFlagsFor, cacheLookup, parseLdCache } from '../../src/target/ldcache.js';
import { packedTargets } from './roots.js';

/** `ldconfig -p -C FILE`: the oracle's reading of a cache file, as [soname, path] pairs. */
function ldconfigList(file: string): Array<[string, string]> {
  const out = execFileSync('ldconfig', ['-p', '-C', file], { encoding: 'utf8' });
  return [...out.matchAll(/^\t(\S+) \(([^)]*)\) => (\S+)$/gm)].map((m) => [m[1]!, m[3]!]);
}

describe('ld.so.cache in the three layouts ldconfig writes', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'binspect-ldcache-'));
    cpSync(join(packedTargets(), 'roots', 'amd64'), root, { recursive: true, verbatimSymlinks: true });
    // -X: leave the links alone; -c: the layout; -C is taken inside the root given by -r.
    for (const f of ['old', 'compat', 'new']) execFileSync('ldconfig', ['-X', '-c', f, '-r', root, '-C', `/etc/cache.${f}`]);
  }, 60_000);

  for (const layout of ['old', 'compat', 'new'] as const) {
    it(`${layout}: the entries ldconfig -p lists, in its order`, () => {
      const file = join(root, 'etc', `cache.${layout}`);
      const cache = parseLdCache(readFileSync(file));
      expect(cache.layout).toBe(layout);
      const oracle = ldconfigList(file);
      expect(oracle.length).toBeGreaterThan(5);
      expect(cache.entries.map((e) => [e.key, e.value])).toEqual(oracle);
      // Every library here is x86-64: the flags the x86_64 loader accepts.
      const accepted = cacheFlagsFor({ class: 64, e_machine: 62, e_flags: 0 });
      for (const e of cache.entries) expect(accepted).toContain(e.flags);
      expect(cacheLookup(cache, 'libfoo.so.1', accepted)).toBe('/usr/lib/x86_64-linux-gnu/libfoo.so.1');
      // An i386 loader accepts none of them.
      expect(cacheLookup(cache, 'libfoo.so.1', cacheFlagsFor({ class: 32, e_machine: 3, e_flags: 0 }))).toBeNull();
    });
  }

  it('a cut or corrupted cache gives a typed error naming ld.so.cache, never another exception', () => {
    const whole = readFileSync(join(root, 'etc', 'cache.compat'));
    for (let n = 0; n < whole.length; n += 7) {
      try {
        parseLdCache(whole.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(BinspectError);
        expect((e as BinspectError).format).toBe('ld.so.cache');
      }
    }
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(whole.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (edits) => {
      const b = Uint8Array.from(whole);
      for (const [at, v] of edits) b[at] = v;
      try {
        parseLdCache(b);
      } catch (e) {
        if (!(e instanceof BinspectError)) throw e;
      }
    }), { numRuns: 300 });
    expect(() => parseLdCache(new TextEncoder().encode('not a cache at all'))).toThrow(/BAD_MAGIC|neither/);
  });
});
