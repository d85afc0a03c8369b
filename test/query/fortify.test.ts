import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFortify, GLIBC_FORTIFIED } from '../../src/query/fortify.js';

const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';

describe('GLIBC_FORTIFIED', () => {
  it.skipIf(!existsSync(LIBC))("is the set of __*_chk functions this machine's glibc exports (as checksec 2.6 derives it)", () => {
    const out = execFileSync('readelf', ['-W', '-s', LIBC], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // checksec: sed -ne 's/.*__\(.*_chk\)@@.*/\1/p' (greedy: the text after the last "__" before "_chk@@").
    const names = new Set<string>();
    for (const line of out.split('\n')) {
      const m = /.*__(.*_chk)@@/.exec(line);
      if (m) names.add(m[1]!.replace(/_chk$/, ''));
    }
    expect([...names].sort()).toEqual([...GLIBC_FORTIFIED].sort());
  });

  it('classifies names as checksec counts them: leading underscores and @version dropped, one entry per symbol', () => {
    expect(classifyFortify(['__memcpy_chk', 'memcpy', '__memcpy_chk@GLIBC_2.3.4', '____longjmp_chk', '_IO_puts', 'puts', '__stack_chk_fail', 'read', 'x_chk']))
      .toEqual({ fortified: ['__memcpy_chk', '__memcpy_chk@GLIBC_2.3.4', '____longjmp_chk'], unfortified: ['memcpy', 'read'] });
  });
});
