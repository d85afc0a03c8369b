import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/index.js';
import { maxVersion, splitVersionName } from '../../src/query/version.js';

describe('compareVersions', () => {
  it.each([
    ['2.10', '2.9', 1], ['2.9', '2.10', -1], ['2.2.5', '2.17', -1], ['2.17', '2.2.5', 1], ['2.34', '2.34.0', 0],
    ['2.34.0', '2.34', 0], ['2.34', '2.34', 0], ['3.4.29', '3.4.3', 1], ['1', '1.0.0.0', 0], ['1.0.1', '1', 1],
    ['14', '9', 1], ['2.010', '2.9', 1],
  ])('%s vs %s → %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });

  it('TypeError on something that is not a version', () => {
    for (const bad of ['', 'abc', '2.', '.2', '2..3', '2.x', 'GLIBC_2.3']) expect(() => compareVersions(bad, '1')).toThrow(TypeError);
  });

  it('maxVersion keeps the higher, either side may be null', () => {
    expect(maxVersion(null, '2.9')).toBe('2.9');
    expect(maxVersion('2.9', null)).toBe('2.9');
    expect(maxVersion('2.9', '2.10')).toBe('2.10');
    expect(maxVersion('2.34', '2.34.0')).toBe('2.34');
    expect(maxVersion(null, null)).toBeNull();
  });

  it('splitVersionName follows the maxVersions namespace rule', () => {
    expect(splitVersionName('GLIBC_2.34')).toEqual(['GLIBC', '2.34']);
    expect(splitVersionName('GLIBCXX_3.4.29')).toEqual(['GLIBCXX', '3.4.29']);
    expect(splitVersionName('CXXABI_TM_1')).toEqual(['CXXABI_TM', '1']);
    expect(splitVersionName('LLVM_14')).toEqual(['LLVM', '14']);
    expect(splitVersionName('ZLIB_1.2.3.4')).toEqual(['ZLIB', '1.2.3.4']);
    for (const n of ['GLIBC_PRIVATE', 'GLIBC_ABI_DT_RELR', 'GNUTLS_3_4', 'PNG16_0', 'V1', '_1', 'GLIBC_2.']) {
      expect(splitVersionName(n), n).toBeNull();
    }
  });
});
