import { matchesGlob } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatch } from '../../src/util/glob.js';

describe('globMatch', () => {
  it.each([
    ['libz.so.1', 'libz*', true],
    ['libzstd.so.1', 'libz.so*', false],
    ['libc.so.6', 'lib?.so.6', true],
    ['libcc.so.6', 'lib?.so.6', false],
    ['KERNEL32.dll', 'kernel32.dll', false],
    ['libssl.so.3', 'lib[sx]sl.so.[0-9]', true],
    ['libtsl.so.3', 'lib[!sx]sl.so.3', true],
    ['libssl.so.3', 'lib[^sx]sl.so.3', false],
    ['a]b', 'a[]]b', true],
    ['a-b', 'a[a-]b', true],
    ['a[b', 'a[b', true],
    ['a*b', 'a\\*b', true],
    ['axb', 'a\\*b', false],
    ['.hidden.so', '*.so', true],
    ['{a,b}', '{a,b}', true],
    ['a', '{a,b}', false],
    ['/usr/lib/x.so', '*.so', false],
    ['/usr/lib/x.so', '**/*.so', true],
    ['x.so', '**/*.so', true],
    ['/usr/lib/debug', '/usr/lib/debug/**', true],
    ['/usr/lib/debug/a/b.debug', '/usr/lib/debug/**', true],
    ['/usr/lib/debugx/a', '/usr/lib/debug/**', false],
    ['/usr/lib/a/b/c', '/usr/**/c', true],
    ['/usr/c', '/usr/**/c', true],
    ['/usr/lib/a/b/c', '/usr/*/c', false],
    ['a/b', 'a?b', false],
    ['a/b', 'a[/]b', false],
    ['ab', 'a**b', true],
    ['é.so', '?.so', true],
    ['😀.so', '?.so', true],
    ['', '*', true],
    ['', '', true],
    ['a', '', false],
  ])('%j against %j is %s', (text, glob, want) => {
    expect(globMatch(text, glob)).toBe(want);
  });

  it('rejects a non-string glob with TypeError', () => {
    expect(() => compileGlob(42 as unknown as string)).toThrow(TypeError);
  });

  it('ends quickly on globs that make a backtracking matcher exponential', () => {
    const text = `${'a'.repeat(5000)}b`;
    expect(globMatch(text, `${'*a'.repeat(40)}c`)).toBe(false);
    const deep = `${'a/'.repeat(2000)}b`;
    expect(globMatch(deep, `${'**/a/'.repeat(30)}c`)).toBe(false);
  });

  // Node's own matcher (path.matchesGlob, minimatch's dialect) as an independent oracle on the
  // common ground: no dot files (minimatch's `*` skips them), no braces or `!` at the start, no
  // empty segment in the text or glob, and no glob ending in `/**` (minimatch: `a/**` does not match `a`).
  it('agrees with node:path matchesGlob on generated globs', () => {
    const piece = fc.constantFrom('a', 'b', '/', '*', '?', '[ab]', '[!a]', '**', 'a/**/', '/**');
    const char = fc.constantFrom('a', 'b', 'c', '/');
    fc.assert(fc.property(fc.array(piece, { maxLength: 6 }), fc.array(char, { maxLength: 8 }), (p, t) => {
      const glob = p.join('');
      const text = t.join('');
      fc.pre(!glob.startsWith('!') && !glob.endsWith('/**') && !glob.includes('//') && !/(^|\/)\*\*[^/]|[^/]\*\*/.test(glob));
      fc.pre(text !== '' && !text.split('/').includes(''));
      expect(globMatch(text, glob)).toBe(matchesGlob(text, glob));
    }), { numRuns: 3000 });
  });
});
