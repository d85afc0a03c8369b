import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BinspectError } from '../../src/errors.js';
import { inspect, inspectFileSync } from '../../src/index.js';
import { RICH_PRODUCTS } from '../../src/pe/richnames.js';
import { PeBuilder } from '../pe/builder.js';
import { commentStrings } from '../../src/provenance/comment.js';
import { parsePackageMetadata } from '../../src/provenance/package.js';
import { parseCargoAuditable } from '../../src/provenance/rust.js';
import { corpusPath, manifest } from '../helpers.js';

/**
 * `rust`, `package`, `compilers` and `notes` against binutils on the same files: the `.dep-v0`
 * bytes dumped by objcopy and inflated by Node's zlib, `readelf -n` for the package note and the
 * note list, `readelf -p .comment` for the compilers (corpus/build-provenance.sh builds the
 * provenance files).
 */
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });

describe('rust (cargo-auditable .dep-v0)', () => {
  it('matches the section objcopy dumps, inflated by zlib', () => {
    const f = corpusPath('provenance/rust-auditable');
    const dir = mkdtempSync(join(tmpdir(), 'binspect-dep-'));
    let json: { format?: number; packages: Array<Record<string, unknown>> };
    try {
      execFileSync('objcopy', ['--dump-section', `.dep-v0=${join(dir, 'dep')}`, f, join(dir, 'out')]);
      json = JSON.parse(inflateSync(readFileSync(join(dir, 'dep'))).toString('utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = inspectFileSync(f);
    expect(r.fieldErrors).toEqual([]);
    expect(r.rust).toEqual({
      format: json.format ?? null,
      packages: json.packages.map((p) => ({
        name: p.name, version: p.version, source: p.source, kind: p.kind ?? 'runtime', dependencies: p.dependencies ?? [], root: p.root === true,
      })),
    });
    expect((r.rust as { packages: Array<{ root: boolean }> }).packages.filter((p) => p.root)).toHaveLength(1);
  });

  it('is null without the section; bad data is UNSUPPORTED, never anything but BinspectError', () => {
    expect(inspectFileSync(corpusPath('elf/x86_64/hello-pie')).rust).toBeNull();
    const at = { format: 'elf' as const, offset: 0 };
    expect(() => parseCargoAuditable(new Uint8Array([1, 2, 3]), at)).toThrow(BinspectError);
    for (const doc of ['[]', '{"packages":{}}', '{"packages":[{"name":1}]}', '{"packages":[{"name":"a","version":"1","source":"x","dependencies":[5]}]}']) {
      const z = new Uint8Array(deflateSync(Buffer.from(doc)));
      expect(() => parseCargoAuditable(z, at), doc).toThrow(/UNSUPPORTED|dep-v0/);
    }
  });
});

describe('package (.note.package)', () => {
  it('is the JSON readelf -n prints as Packaging Metadata', () => {
    const f = corpusPath('provenance/package-note');
    const m = /Packaging Metadata: (.*)$/m.exec(run('readelf', ['-W', '-n', f]));
    expect(m).not.toBeNull();
    expect(inspectFileSync(f).package).toEqual(JSON.parse(m![1]!));
    expect(inspectFileSync(corpusPath('elf/x86_64/hello-pie')).package).toBeNull();
  });
  it('rejects a descriptor that is not a JSON object', () => {
    const at = { format: 'elf' as const, offset: 8 };
    expect(() => parsePackageMetadata(new TextEncoder().encode('[1]\0'), at)).toThrow(BinspectError);
    expect(() => parsePackageMetadata(new TextEncoder().encode('{"a":\0\0'), at)).toThrow(BinspectError);
    expect(parsePackageMetadata(new TextEncoder().encode('{"__proto__":{"x":1},"name":"n"}\0\0\0'), at).name).toBe('n');
  });
});

const elfFiles = [...manifest().filter((e) => e.path.startsWith('elf/')).map((e) => e.path), 'provenance/package-note', 'provenance/rust-auditable'];

describe('compilers (.comment) and notes agree with readelf', () => {
  for (const p of elfFiles) {
    it(p, () => {
      const f = corpusPath(p);
      const r = inspectFileSync(f);
      const comment = run('readelf', ['-W', '-p', '.comment', f]);
      const strings = [...comment.matchAll(/^\s+\[\s*[0-9a-f]+\]\s+(.*)$/gm)].map((m) => m[1]!);
      expect((r.compilers as Array<{ tool: string }>).map((c) => c.tool)).toEqual([...new Set(strings)]);
      // readelf -n: "  OWNER   0x<size>   NT_NAME ..." per note, all note sections/segments.
      const notes = [...run('readelf', ['-W', '-n', f]).matchAll(/^\s{2}(\S+)\s+0x[0-9a-f]+\s+(\S+)/gm)].map((m) => m[1]);
      const ours = (r.notes as Array<{ owner: string }> | null) ?? [];
      expect(ours.map((n) => n.owner).sort()).toEqual(notes.filter((o) => o !== 'Owner').sort());
    });
  }

  it('splits .comment into distinct strings in file order', () => {
    const b = new TextEncoder().encode('\0GCC: a\0GCC: b\0GCC: a\0clang x');
    expect(commentStrings(b)).toEqual(['GCC: a', 'GCC: b', 'clang x']);
  });
});

describe('PE compilers from the Rich header', () => {
  it('names the products of the published table and keeps the number of a later id', () => {
    const key = 0x0badf00d;
    const words = [0x536e6144, 0, 0, 0, (0x0105 << 16) | 30729, 5, (0x0102 << 16) | 30729, 1, (0x0001 << 16) | 0, 12, (0x0110 << 16) | 1, 3];
    const stub = new Uint8Array(words.length * 4 + 8);
    const dv = new DataView(stub.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, (w ^ key) >>> 0, true));
    dv.setUint32(words.length * 4, 0x68636952, true);
    dv.setUint32(words.length * 4 + 4, key, true);
    const r = inspect(new PeBuilder({ stub }).bytes, { select: ['compilers'] });
    expect(r.compilers).toEqual([
      { source: 'rich', tool: 'Utc1900_CPP', version: '30729', count: 5 },
      { source: 'rich', tool: 'Linker1400', version: '30729', count: 1 },
      { source: 'rich', tool: 'Import0', version: '0', count: 12 },
      { source: 'rich', tool: 'prodid 0x0110', version: '1', count: 3 },
    ]);
    // The table is the enumeration's order: each family of a release in the same order.
    expect([0x00fd, 0x0103, 0x0104, 0x010e].map((id) => RICH_PRODUCTS[id])).toEqual(['AliasObj1400', 'Masm1400', 'Utc1900_C', 'Utc1900_POGO_O_CPP']);
    expect(RICH_PRODUCTS).toHaveLength(0x010f);
  });
});
