import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_FIELDS, hasErrors, inspect, inspectFileSync } from '../../src/index.js';
import { corpusPath } from '../helpers.js';

describe('report contract across formats', () => {
  it('a file that cannot be opened still carries every selected field (null), and absent means not asked', () => {
    const r = inspectFileSync('/nonexistent/binspect-test');
    expect(r.error?.code).toBe('IO');
    expect(r.error?.message).toMatch(/^bytes file: ENOENT: no such file/);
    expect(r.error?.message).not.toMatch(/ENOENT: ENOENT/);
    for (const f of REPORT_FIELDS) expect(r[f], f).toBeNull();
    const some = inspectFileSync('/nonexistent/binspect-test', { select: ['machine'] });
    expect(Object.keys(some)).toEqual(['schema', 'path', 'size', 'format', 'error', 'machine', 'fieldErrors']);
  });

  it('a selection array edited in place between calls selects what it holds now; an unknown field is a TypeError', () => {
    const bytes = readFileSync(corpusPath('elf/x86_64/hello-pie'));
    const select: Array<(typeof REPORT_FIELDS)[number]> = ['machine'];
    expect(Object.keys(inspect(bytes, { select }))).toContain('machine');
    select[0] = 'type';
    const r = inspect(bytes, { select });
    expect(r.type).toBe('pie-executable');
    expect('machine' in r).toBe(false);
    select.push('nonsense' as never);
    expect(() => inspect(bytes, { select })).toThrow(TypeError);
  });

  it('every report of every corpus format has every field, in contract order', () => {
    for (const p of ['elf/x86_64/hello-pie', 'pe/mylib.dll', 'pe/hello64.obj', 'macho/libhello-arm64.dylib', 'macho/go-darwin-universal']) {
      const r = inspect(readFileSync(corpusPath(p)));
      const keys = Object.keys(r);
      expect(keys.slice(0, 5), p).toEqual(['schema', 'path', 'size', 'format', 'error']);
      const order = REPORT_FIELDS.map((f) => keys.indexOf(f));
      expect(order.every((i) => i >= 5), p).toBe(true);
      expect([...order].sort((a, b) => a - b), p).toEqual(order);
      expect(keys.at(-1), p).toBe('fieldErrors');
    }
  });

  it('an MS-DOS program (MZ without PE\\0\\0) is no format binspect reads', () => {
    const dos = new Uint8Array(512);
    dos.set([0x4d, 0x5a]);
    dos[0x3c] = 0x80; // e_lfanew -> "NE"
    dos.set([0x4e, 0x45], 0x80);
    const r = inspect(dos);
    expect(r.format).toBeNull();
    expect(r.error?.code).toBe('BAD_MAGIC');
    // Cut before PE\0\0: no PE, as the Windows loader and file(1) see it; cut after it: a truncated PE.
    const exe = readFileSync(corpusPath('pe/hello64.exe'));
    const lfanew = exe.readUInt32LE(0x3c);
    const before = inspect(exe.subarray(0, lfanew + 2));
    expect(before.format).toBeNull();
    expect(before.error?.code).toBe('BAD_MAGIC');
    const cut = inspect(exe.subarray(0, lfanew + 10));
    expect(cut.format).toBe('pe');
    expect(cut.error?.code).toBe('TRUNCATED');
  });

  it('a fat Mach-O with one broken slice reports the other slice and counts as having errors', () => {
    const fat = Uint8Array.from(readFileSync(corpusPath('macho/go-darwin-universal')));
    const dv = new DataView(fat.buffer);
    const off1 = dv.getUint32(8 + 20 + 8); // fat_arch[1].offset (big-endian)
    dv.setUint32(off1, 0xdeadbeef); // break slice 1's mach_header magic
    const r = inspect(fat);
    expect(r.error).toBeNull();
    expect(r.slices).toHaveLength(2);
    expect(r.slices![0]!.error).toBeNull();
    expect(r.slices![0]!.machine).toBe('x86_64');
    expect(r.slices![1]!.error).not.toBeNull();
    expect(hasErrors(r)).toBe(true);
    expect(hasErrors(inspect(readFileSync(corpusPath('macho/go-darwin-universal'))))).toBe(false);
  });
});
