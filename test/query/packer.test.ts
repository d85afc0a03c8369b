import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspect, inspectFileSync } from '../../src/index.js';
import { corpusPath, manifest } from '../helpers.js';

/**
 * `packer`: UPX's l_info after the program headers (corpus/hardening/upx-packed, built by
 * corpus/tools/upx_layout.py to UPX's layout), never the bytes "UPX!" elsewhere
 * (corpus/hardening/upx-string). Where l_info sits comes from readelf -h on the same file.
 */
function lInfoOffset(f: string): number {
  const h = execFileSync('readelf', ['-h', '-W', f], { encoding: 'utf8' });
  const num = (re: RegExp): number => Number(re.exec(h)![1]);
  return num(/Start of program headers:\s+(\d+)/) + num(/Number of program headers:\s+(\d+)/) * num(/Size of program headers:\s+(\d+)/);
}

describe('packer', () => {
  it('is upx for a file in UPX layout: "UPX!" at l_info.l_magic, right after the program headers', () => {
    const f = corpusPath('hardening/upx-packed');
    const b = readFileSync(f);
    const at = lInfoOffset(f);
    expect(b.subarray(at + 4, at + 8).toString('latin1')).toBe('UPX!');
    expect(b.subarray(b.length - 36, b.length - 32).toString('latin1')).toBe('UPX!'); // the PackHeader at the end
    const r = inspectFileSync(f);
    expect(r.packer).toBe('upx');
    expect(r.go).toBeNull();
  });

  it('is null for a file that merely contains the bytes UPX!, and for every other corpus file', () => {
    const f = corpusPath('hardening/upx-string');
    const b = readFileSync(f);
    expect(b.indexOf('UPX!')).toBeGreaterThan(0);
    expect(b.subarray(lInfoOffset(f) + 4, lInfoOffset(f) + 8).toString('latin1')).not.toBe('UPX!');
    expect(inspectFileSync(f).packer).toBeNull();
    for (const e of manifest()) expect(inspectFileSync(corpusPath(e.path)).packer ?? null, e.path).toBeNull();
  });

  it('a PE is upx when it has UPX0 and UPX1 sections', () => {
    const pe = readFileSync(corpusPath('pe/hello64.exe'));
    const r0 = inspect(pe);
    expect(r0.packer).toBeNull();
    // Rename the first two sections to UPX's names in a copy (IMAGE_SECTION_HEADER.Name, 8 bytes each).
    const b = new Uint8Array(pe);
    const lfanew = new DataView(b.buffer, b.byteOffset).getUint32(0x3c, true);
    const optSize = new DataView(b.buffer, b.byteOffset).getUint16(lfanew + 4 + 16, true);
    const table = lfanew + 4 + 20 + optSize;
    b.set(new TextEncoder().encode('UPX0\0\0\0\0'), table);
    b.set(new TextEncoder().encode('UPX1\0\0\0\0'), table + 40);
    expect(inspect(b).packer).toBe('upx');
  });
});
