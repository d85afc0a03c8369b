import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BinspectError } from '../../src/errors.js';
import { memorySource } from '../../src/bytes/source.js';
import { type GoImage, readGoBuildInfo } from '../../src/provenance/go.js';
import { parseModInfo } from '../../src/provenance/modinfo.js';

/** An image whose address space is the byte array itself, mapped at `base`. */
function image(bytes: Uint8Array, base = 0x1000n, dataStart: bigint | null = base): GoImage {
  return {
    source: memorySource(bytes), format: 'elf', dataStart,
    map(addr, max) {
      if (addr < base || addr >= base + BigInt(bytes.length)) return null;
      const off = Number(addr - base);
      return { offset: off, length: Math.min(max, bytes.length - off) };
    },
  };
}

const enc = new TextEncoder();
const MAGIC = [0xff, ...enc.encode(' Go buildinf:')];
const frame = (mod: string): string => `${'0'.repeat(16)}${mod}${'1'.repeat(16)}`;
function uvarint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A Go 1.18+ blob (inline strings) at offset `at` of a `size`-byte image. */
function inline(version: string, mod: string, at = 0, size = 4096): Uint8Array {
  const b = new Uint8Array(size);
  const v = enc.encode(version);
  const m = enc.encode(mod);
  b.set([...MAGIC, 8, 2], at);
  b.set([...uvarint(v.length), ...v, ...uvarint(m.length), ...m], at + 32);
  return b;
}

/** A pre-1.18 blob: header with two pointers to string headers, each pointing to the bytes. */
function pointers(version: string, mod: string, ptr: 4 | 8, bigEndian: boolean, base = 0x1000n): Uint8Array {
  const b = new Uint8Array(1024);
  const dv = new DataView(b.buffer);
  const put = (at: number, v: bigint): void => {
    if (ptr === 8) dv.setBigUint64(at, v, !bigEndian);
    else dv.setUint32(at, Number(v), !bigEndian);
  };
  b.set([...MAGIC, ptr, bigEndian ? 1 : 0], 0);
  const hdrs = 64;
  put(16, base + BigInt(hdrs));
  put(16 + ptr, base + BigInt(hdrs + 2 * ptr));
  const v = enc.encode(version);
  const m = enc.encode(mod);
  const vAt = 256;
  const mAt = vAt + v.length;
  put(hdrs, base + BigInt(vAt));
  put(hdrs + ptr, BigInt(v.length));
  put(hdrs + 2 * ptr, base + BigInt(mAt));
  put(hdrs + 3 * ptr, BigInt(m.length));
  b.set(v, vAt);
  b.set(m, mAt);
  return b;
}

const MOD = 'path\texample.com/x\nmod\texample.com/x\t(devel)\t\ndep\texample.com/d\tv1.0.0\th1:abc=\n=>\t../d\t(devel)\t\nbuild\t-ldflags="-s -w"\nbuild\tGOOS=linux\n';
const EXPECT = {
  version: 'go1.17.13', path: 'example.com/x',
  main: { path: 'example.com/x', version: '(devel)', sum: null, replace: null },
  deps: [{ path: 'example.com/d', version: 'v1.0.0', sum: 'h1:abc=', replace: { path: '../d', version: '(devel)', sum: null, replace: null } }],
  settings: { '-ldflags': '"-s -w"', GOOS: 'linux' },
};

describe('readGoBuildInfo', () => {
  it('reads the inline (Go 1.18+) form', () => {
    expect(readGoBuildInfo(image(inline('go1.17.13', frame(MOD))))).toEqual(EXPECT);
  });

  for (const ptr of [4, 8] as const) {
    for (const big of [false, true]) {
      it(`reads the pointer (pre-1.18) form, ${ptr}-byte ${big ? 'big' : 'little'}-endian`, () => {
        expect(readGoBuildInfo(image(pointers('go1.17.13', frame(MOD), ptr, big)))).toEqual(EXPECT);
      });
    }
  }

  it('finds the blob only at a 16-byte aligned offset, anywhere in the first 64 KiB', () => {
    expect(readGoBuildInfo(image(inline('go1.20', frame(MOD), 5008, 70000)))?.version).toBe('go1.20');
    expect(readGoBuildInfo(image(inline('go1.20', frame(MOD), 5000, 70000)))).toBeNull();
    expect(readGoBuildInfo(image(inline('go1.20', frame(MOD), 65536, 70000)))).toBeNull();
    // The header's 32 bytes must fit before the window ends.
    expect(readGoBuildInfo(image(inline('', '', 65536 - 16, 70000)))).toBeNull();
  });

  it('reads only what it needs when the blob opens the data', () => {
    const b = inline('go1.20', frame(MOD), 0, 1 << 20);
    let read = 0;
    const img = image(b);
    const counting: GoImage = { ...img, source: { size: b.length, read: (o, n) => ((read += n), b.subarray(o, o + n)) } };
    expect(readGoBuildInfo(counting)?.version).toBe('go1.20');
    expect(read).toBeLessThanOrEqual(4096);
  });

  it('is null without a data start, a blob or a version; drops module info without its framing', () => {
    expect(readGoBuildInfo(image(inline('go1.20', frame(MOD)), 0x1000n, null))).toBeNull();
    expect(readGoBuildInfo(image(new Uint8Array(4096)))).toBeNull();
    expect(readGoBuildInfo(image(inline('', frame(MOD))))).toBeNull();
    expect(readGoBuildInfo(image(inline('go1.20', MOD)))).toEqual({ version: 'go1.20', path: null, main: null, deps: [], settings: {} });
  });

  it('treats a string that runs past the window as absent, as Go does', () => {
    const b = inline('go1.20', frame(MOD), 0, 4096);
    expect(readGoBuildInfo(image(b.slice(0, 64)))).toEqual({ version: 'go1.20', path: null, main: null, deps: [], settings: {} });
    expect(readGoBuildInfo(image(b.slice(0, 32 + 1 + 6)))).toBeNull(); // the version reaches the end: Go wants it to end before
    expect(readGoBuildInfo(image(b.slice(0, 32 + 1 + 7)))?.version).toBe('go1.20');
  });

  it('throws LIMIT for a pointed-to string over 16 MiB, and never anything but BinspectError on random bytes', () => {
    const b = pointers('go1.17', frame(MOD), 8, false);
    new DataView(b.buffer).setBigUint64(64 + 8, 1n << 40n, true);
    expect(() => readGoBuildInfo(image(b))).toThrow(BinspectError);
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.integer({ min: 0, max: 3 }), (tail, kind) => {
      const b = kind < 2 ? inline('go1.20', frame(MOD), 0, 700) : pointers('go1.17', frame(MOD), kind === 2 ? 4 : 8, false);
      b.set(tail.subarray(0, b.length - 14), 14);
      try {
        readGoBuildInfo(image(b));
      } catch (e) {
        expect(e).toBeInstanceOf(BinspectError);
      }
    }));
  });
});

describe('parseModInfo (Go 1.19 runtime/debug.ParseBuildInfo)', () => {
  const at = { format: 'elf' as const, offset: 0 };
  it('keeps settings in file order, quoted keys and values as printed, __proto__ as data', () => {
    const r = parseModInfo('go1.20', 'build\tz=1\nbuild\t"a b"="x y"\nbuild\t__proto__=p\nbuild\ta=\n', at);
    expect(Object.keys(r.settings)).toEqual(['z', '"a b"', '__proto__', 'a']);
    expect(r.settings['"a b"']).toBe('"x y"');
    expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
    expect(r.settings.__proto__).toBe('p');
  });
  it('ignores unknown lines and an unterminated last line', () => {
    expect(parseModInfo('go1.20', 'go\tgo1.20\nfoo\tbar\npath\tp\nbuild\tx=1', at)).toEqual({ version: 'go1.20', path: 'p', main: null, deps: [], settings: {} });
  });
  it.each([
    ['mod\ta\n', '2 or 3 columns'],
    ['dep\ta\tb\tc\td\n', '2 or 3 columns'],
    ['=>\ta\tb\tc\n', 'no module on previous line'],
    ['mod\ta\tb\n=>\ta\tb\n', '3 columns for replacement'],
    ['build\t\n', "missing '='"],
    ['build\t=x\n', 'missing key'],
    ['build\tk\n', "missing '=' after key"],
    ['build\t"k\n', 'invalid quoted key'],
    ['build\t"k"x\n', "missing '=' after quoted key"],
    ['build\tk=a b\n', 'must be quoted'],
    ['build\tk="a\n', 'invalid quoted value'],
  ])('rejects %j as Go does', (text, why) => {
    expect(() => parseModInfo('go1.20', text, at)).toThrow(why);
  });
});
