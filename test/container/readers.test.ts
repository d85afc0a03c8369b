import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/bytes/source.js';
import { detectContainer } from '../../src/container/detect.js';
import { type ArchiveEvent, openArchive } from '../../src/container/expand.js';
import { nodeInflater } from '../../src/container/node/zlib.js';
import { CORPUS } from '../helpers.js';
import { arNames, extract, sha256, tarList, unzipList } from './oracle.js';

const A = (name: string): string => join(CORPUS, 'archive', name);

interface Seen {
  size: number;
  sha: string | null;
  kind: ArchiveEvent['kind'];
}

/** Every member (and nested archive cut off by maxDepth) by its path below `outer`, with its bytes' digest. */
function read(file: string, maxDepth = 1): Map<string, Seen> {
  const bytes = readFileSync(file);
  const kind = detectContainer(bytes.subarray(0, 512));
  if (!kind || !('format' in kind)) throw new Error(`${file} is no container`);
  const out = new Map<string, Seen>();
  for (const ev of openArchive(memorySource(bytes), 'OUT', kind.format, { inflater: nodeInflater, limits: { maxDepth } })) {
    if (ev.kind === 'member') {
      out.set(ev.member.path.slice('OUT!/'.length), { size: ev.member.size, sha: sha256(ev.member.source.read(0, ev.member.size)), kind: 'member' });
    } else if (ev.kind === 'error') {
      // A nested archive past maxDepth: listed by the outer tool as a file.
      expect(ev.error.code).toBe('LIMIT');
      out.set(ev.path.slice('OUT!/'.length), { size: ev.size, sha: null, kind: 'error' });
    }
  }
  return out;
}

describe('readers against the tools that wrote the archives', () => {
  const zips = ['zip-infozip.zip', 'zip-python.zip', 'native.jar', 'demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'newfloor-1.0-cp311-cp311-manylinux_2_17_x86_64.whl'];
  for (const z of zips) {
    it(`${z}: the files unzip -l lists, with their sizes and the bytes unzip -p extracts`, () => {
      const ours = read(A(z));
      const oracle = unzipList(A(z));
      expect([...ours.keys()].sort()).toEqual([...oracle.keys()].sort());
      for (const [name, size] of oracle) {
        expect(ours.get(name)!.size, name).toBe(size);
        expect(ours.get(name)!.sha, name).toBe(sha256(extract('zip', A(z), name)));
      }
    });
  }
  const tars = ['release.tar', 'release.tar.gz', 'longname-pax.tar.gz', 'longname-gnu.tgz', 'demo-linux-x64-gnu-1.0.0.tgz', 'demo-linux-arm64-musl-1.0.0.tgz'];
  for (const t of tars) {
    it(`${t}: the regular files tar tvf lists, with their sizes and the bytes tar -xO extracts`, () => {
      const ours = read(A(t));
      const oracle = tarList(A(t));
      expect(oracle.size).toBeGreaterThan(0);
      expect([...ours.keys()].sort()).toEqual([...oracle.keys()].sort());
      for (const [name, size] of oracle) {
        expect(ours.get(name)!.size, name).toBe(size);
        if (ours.get(name)!.sha !== null) expect(ours.get(name)!.sha, name).toBe(sha256(extract('tar', A(t), name)));
      }
    });
  }
  for (const a of ['libobjs-gnu.a', 'libobjs-bsd.a']) {
    it(`${a}: the members ar t lists (symbol tables aside) and the bytes ar p extracts`, () => {
      const ours = read(A(a));
      const names = arNames(A(a)).filter((n) => !n.startsWith('__.SYMDEF'));
      expect(names.some((n) => n.length > 15)).toBe(true); // long names: the GNU // table, the BSD #1/ form
      expect([...ours.keys()]).toEqual(names);
      for (const n of names) expect(ours.get(n)!.sha, n).toBe(sha256(extract('ar', A(a), n)));
    });
  }

  it('release.tar.gz: the jar and the wheel inside are opened; their members are the bytes the tools extract in turn', () => {
    const ours = read(A('release.tar.gz'), 4);
    const tmp = mkdtempSync(join(tmpdir(), 'binspect-oracle-'));
    const jar = join(tmp, 'native.jar');
    writeFileSync(jar, extract('tar', A('release.tar.gz'), 'rel/lib/native.jar'));
    const inner = unzipList(jar);
    for (const [name, size] of inner) {
      const m = ours.get(`rel/lib/native.jar!/${name}`);
      expect(m, name).toBeDefined();
      expect(m!.size).toBe(size);
      expect(m!.sha).toBe(sha256(extract('zip', jar, name)));
    }
    expect(ours.has('rel/lib/native.jar')).toBe(false);
    expect([...ours.keys()].filter((k) => k.includes('.whl!/')).length).toBe(unzipList(A('demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).size);
  });

  it('a symlink in a tar is an anomaly, never a member', () => {
    const evs = [...openArchive(memorySource(readFileSync(A('release.tar'))), 'r.tar', 'tar', {})];
    const links = evs.filter((e) => e.kind === 'anomaly' && e.anomaly.code === 'SYMLINK_MEMBER');
    expect(links.map((e) => e.path)).toEqual(['r.tar!/rel/lib/libfoo.so']);
  });

  it('detects by content, and names what it cannot decompress', () => {
    expect(detectContainer(readFileSync(A('release.tar.gz')).subarray(0, 512))).toEqual({ format: 'gzip' });
    expect(detectContainer(readFileSync(A('release.tar')).subarray(0, 512))).toEqual({ format: 'tar' });
    expect(detectContainer(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]))).toEqual({ unsupported: 'xz' });
    expect(detectContainer(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0, 0]))).toEqual({ unsupported: 'zstd' });
    expect(detectContainer(Buffer.from('BZh91AY&SY\0\0'))).toEqual({ unsupported: 'bzip2' });
    expect(detectContainer(Buffer.from('!<thin>\n'))).toEqual({ unsupported: 'thin-ar' });
    expect(detectContainer(readFileSync(join(CORPUS, 'elf/x86_64/hello-pie')).subarray(0, 512))).toBeNull();
  });
});
