import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inspectFileSync } from '../../src/index.js';

/** Reading only what a question needs (issue: the glibc floor of the node binary under 256 KiB). */
describe('read cost', () => {
  it('finds the glibc floor of the Node binary reading under 256 KiB of it', () => {
    const r = inspectFileSync(process.execPath, { select: ['glibcMax', 'glibcFloor', 'glibcFloorSymbols', 'versionRequirements', 'maxVersions'] });
    expect(r.error).toBeNull();
    expect(r.fieldErrors).toEqual([]);
    expect(r.size).toBeGreaterThan(10 * 1024 * 1024);
    expect(r.io!.bytesRead).toBeLessThan(256 * 1024);
    const highest = execFileSync('readelf', ['-V', '-W', process.execPath], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .match(/GLIBC_[0-9.]+/g)!.map((v) => v.slice(6))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1);
    expect(r.glibcMax).toBe(highest);
    expect(r.glibcFloorSymbols!.length).toBeGreaterThan(0);
    for (const s of r.glibcFloorSymbols!) expect(s.version).toBe(`GLIBC_${r.glibcFloor}`);
  });

  it('answers a header question from the first read', () => {
    const r = inspectFileSync(process.execPath, { select: ['machine', 'class', 'endian'] });
    expect(r.io).toEqual({ bytesRead: 4096, reads: 1 });
  });
});
