import { randomBytes } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ByteSource, memorySource } from '../../src/bytes/source.js';
import { type ArchiveEvent, openArchive } from '../../src/container/expand.js';
import { containerLimits, DEFAULT_CONTAINER_LIMITS } from '../../src/container/limits.js';
import type { ContainerFormat } from '../../src/container/member.js';
import { nodeInflater } from '../../src/container/node/zlib.js';
import { BinspectError } from '../../src/errors.js';
import { buildTar, buildZip, type ZipEntry } from '../builders/zip.js';

/** Every event, each member read whole (as far as its limits allow): what a consumer may do. */
function drain(bytes: Uint8Array, format: ContainerFormat, limits = {}): { events: ArchiveEvent[]; readErrors: BinspectError[] } {
  const events: ArchiveEvent[] = [];
  const readErrors: BinspectError[] = [];
  for (const ev of openArchive(memorySource(bytes), 'X', format, { inflater: nodeInflater, limits })) {
    events.push(ev);
    if (ev.kind === 'member') {
      try {
        ev.member.source.read(0, ev.member.size);
      } catch (e) {
        if (!(e instanceof BinspectError)) throw e;
        readErrors.push(e);
      }
    }
  }
  return { events, readErrors };
}
const errors = (evs: ArchiveEvent[]): BinspectError[] => evs.flatMap((e) => (e.kind === 'error' ? [e.error] : []));
const anomalies = (evs: ArchiveEvent[]): string[] => evs.flatMap((e) => (e.kind === 'anomaly' ? [e.anomaly.code] : e.kind === 'member' ? e.member.anomalies.map((a) => a.code) : []));

describe('hostile archives: typed errors or anomalies, bounded work', () => {
  /** 42.zip's shape: 16 copies per level, zips in zips around 16 MiB of zeros (16^3 x 16 MiB = 64 GiB declared in 50 KiB). */
  const zeros = (): Uint8Array => deflateRawSync(new Uint8Array(16 << 20));
  const bomb = (): Uint8Array => {
    const z0 = zeros();
    let level: Uint8Array = buildZip(Array.from({ length: 16 }, (_, i) => ({ name: `zeros${i}.bin`, raw: z0, method: 8, uncompressedSize: 16 << 20 })));
    for (let depth = 1; depth < 3; depth++) level = buildZip(Array.from({ length: 16 }, (_, i) => ({ name: `l${depth}-${i}.zip`, data: level })));
    return level;
  };
  const lastError = (evs: ArchiveEvent[]): [string, string, string] | null => {
    const e = evs.at(-1)!;
    return e.kind === 'error' ? [e.path, e.error.code, e.error.message] : null;
  };

  it('a 42.zip-style bomb stops at its limits: compression ratio, nesting, members, total bytes', () => {
    const z = bomb();
    expect(z.length).toBeLessThan(1 << 20);
    // Default limits: every zeros member declares 1024:1 and is refused before anything is inflated.
    const byDefault = drain(z, 'zip');
    expect(errors(byDefault.events).length).toBe(16 ** 3);
    for (const e of errors(byDefault.events)) expect([e.code, e.message]).toEqual(['LIMIT', expect.stringMatching(/maxRatio 200/)]);
    expect(byDefault.events.filter((e) => e.kind === 'member')).toEqual([]);
    // Nesting: with maxDepth 2 the innermost zips are never opened.
    const shallow = drain(z, 'zip', { maxDepth: 2 });
    expect(errors(shallow.events).length).toBe(16 ** 2);
    for (const e of errors(shallow.events)) expect(e.message).toMatch(/maxDepth 2/);
    // Members: the count covers nested archives too.
    expect(lastError(drain(z, 'zip', { maxMembers: 1000 }).events)).toEqual(['X', 'LIMIT', expect.stringMatching(/maxMembers/)]);
    // Ratio raised: the zeros are inflated as they are read, until the total budget ends the whole run.
    const deep = drain(z, 'zip', { maxRatio: 1e6, maxTotalBytes: 256 << 20 });
    expect(lastError(deep.events)).toEqual(['X', 'LIMIT', expect.stringMatching(/maxTotalBytes/)]);
    expect(deep.events.filter((e) => e.kind === 'member').length).toBeLessThanOrEqual(16);
    // A central directory that understates the size: never more than it declares is inflated.
    const liar = drain(buildZip([{ name: 'z.bin', raw: zeros(), method: 8, uncompressedSize: 4096 }]), 'zip');
    expect(liar.readErrors).toEqual([]);
    expect(liar.events.map((e) => e.kind === 'member' && e.member.source.read(0, 4096).length)).toEqual([4096]);
  }, 120_000);

  it('overlapping entries (two central directory entries sharing one local header) stop the read', () => {
    const z = buildZip([{ name: 'a.so', data: new Uint8Array(1000) }, { name: 'b.so', data: new Uint8Array(10), sameLocalAs: 0 }]);
    const { events } = drain(z, 'zip');
    expect(events.filter((e) => e.kind === 'member')).toEqual([]);
    expect(errors(events).map((e) => [e.code, e.format])).toEqual([['OUT_OF_BOUNDS', 'zip']]);
    expect(errors(events)[0]!.message).toMatch(/overlap/);
  });

  it('a local header that disagrees with the central directory: the central directory is used, the disagreement is an anomaly', () => {
    const z = buildZip([{ name: 'lib/x.so', localName: 'lib/other.so', data: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]) }]);
    const { events } = drain(z, 'zip');
    const m = events.find((e) => e.kind === 'member');
    expect(m && m.kind === 'member' && m.member.path).toBe('X!/lib/x.so');
    expect(anomalies(events)).toEqual(['LOCAL_HEADER_MISMATCH']);
  });

  it('tar sizes: huge (base-256 2^60, past 2^53), negative (base-256 0xff...), and past the end of the archive', () => {
    const huge = new Uint8Array(12);
    huge[0] = 0x80;
    huge[4] = 0x10;
    const negative = new Uint8Array(12).fill(0xff);
    const big = new TextEncoder().encode('77777777777\0');
    const past = new Uint8Array(12);
    past[0] = 0x80;
    past[6] = 0x01; // 2^40
    for (const [field, code] of [[huge, 'OUT_OF_BOUNDS'], [negative, 'OUT_OF_BOUNDS'], [big, 'TRUNCATED'], [past, 'TRUNCATED']] as const) {
      const { events } = drain(buildTar([{ name: 'a.so', sizeField: field }]), 'tar');
      expect(errors(events).map((e) => e.code)).toEqual([code]);
    }
    // The same headers inside gzip (a stream, whose length is unknown up front).
    const { events } = drain(gzipSync(buildTar([{ name: 'a.so', sizeField: big }])), 'gzip');
    expect(errors(events).map((e) => e.code)).toEqual(['TRUNCATED']);
  });

  it('pax records override the header: a path longer than 100 bytes, a size with leading zeros (as GNU tar reads them)', () => {
    const rec = (k: string, v: string): string => {
      const body = ` ${k}=${v}\n`;
      let n = body.length + 1;
      while (String(n).length + body.length !== n) n++;
      return `${n}${body}`;
    };
    const long = `${'d'.repeat(120)}/lib.so`;
    const pax = new TextEncoder().encode(rec('path', long) + rec('size', '000000000000000000000005'));
    const { events } = drain(buildTar([{ name: 'PaxHeaders/x', typeflag: 'x', data: pax }, { name: 'short', data: new Uint8Array([1, 2, 3, 4, 5]) }]), 'tar');
    const m = events.find((e) => e.kind === 'member');
    expect(m && m.kind === 'member' && [m.member.path, m.member.size]).toEqual([`X!/${long}`, 5]);
  });

  it('../ and absolute names are kept visible in the member path, flagged, and never resolved', () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46]);
    for (const [bytes, fmt] of [[buildZip([{ name: '../../etc/evil.so', data: elf }]), 'zip'], [buildTar([{ name: '../../etc/evil.so', data: elf }]), 'tar']] as const) {
      const { events } = drain(bytes, fmt);
      const m = events.find((e) => e.kind === 'member');
      expect(m && m.kind === 'member' && m.member.path).toBe('X!/../../etc/evil.so');
      expect(anomalies(events)).toEqual(['PATH_TRAVERSAL']);
    }
    const { events } = drain(buildTar([{ name: '/etc/evil.so', data: elf }]), 'tar');
    expect(anomalies(events)).toEqual(['ABSOLUTE_NAME']);
  });

  it('symlink members (zip with a Unix S_IFLNK mode, tar typeflag 2) are anomalies, not members', () => {
    const z = drain(buildZip([{ name: 'lib.so', data: new TextEncoder().encode('/etc/shadow'), mode: 0o120777 }]), 'zip');
    const t = drain(buildTar([{ name: 'lib.so', typeflag: '2', linkname: '/etc/shadow' }]), 'tar');
    for (const { events } of [z, t]) {
      expect(events.filter((e) => e.kind === 'member')).toEqual([]);
      expect(anomalies(events)).toEqual(['SYMLINK_MEMBER']);
    }
  });

  it('100,000 members: LIMIT past maxMembers (default 65,536); all of them read with the limit raised', () => {
    const entries: ZipEntry[] = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}` }));
    const z = buildZip(entries);
    const { events } = drain(z, 'zip');
    expect(events.filter((e) => e.kind === 'member')).toEqual([]);
    expect(errors(events).map((e) => e.message)).toEqual([expect.stringMatching(/more than 65536 members/)]);
    const raised = drain(z, 'zip', { maxMembers: 100_000 });
    expect(raised.events.filter((e) => e.kind === 'member').length).toBe(100_000);
    const tar = buildTar(Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}` })));
    expect(errors(drain(tar, 'tar').events).map((e) => e.code)).toEqual(['LIMIT']);
  }, 120_000);

  it('nesting past the limit: a zip in a zip ... six deep gives LIMIT for the archive at maxDepth', () => {
    let z = buildZip([{ name: 'x.so', data: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]) }]);
    for (let i = 0; i < 6; i++) z = buildZip([{ name: `n${i}.zip`, data: z }]);
    const { events } = drain(z, 'zip');
    expect(events.flatMap((e) => (e.kind === 'error' ? [[e.error.code, e.path]] : []))).toEqual([['LIMIT', 'X!/n5.zip!/n4.zip!/n3.zip!/n2.zip']]);
    const deep = drain(z, 'zip', { maxDepth: 7 }).events.find((e) => e.kind === 'member');
    expect(deep && deep.kind === 'member' && deep.member.path).toBe('X!/n5.zip!/n4.zip!/n3.zip!/n2.zip!/n1.zip!/n0.zip!/x.so');
  });

  it('corrupt deflate data, a truncated gzip stream, an unknown compression method', () => {
    const z = drain(buildZip([{ name: 'a.so', raw: new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), method: 8, uncompressedSize: 100 }]), 'zip');
    expect([...errors(z.events), ...z.readErrors].map((e) => e.code)).toEqual(['OUT_OF_BOUNDS']);
    const gz = gzipSync(buildTar([{ name: 'a.so', data: new Uint8Array(5000).fill(7) }]));
    const cut = drain(gz.subarray(0, 40), 'gzip');
    expect(errors(cut.events).map((e) => e.code)).toEqual(['TRUNCATED']);
    const bz = drain(buildZip([{ name: 'a.so', raw: new Uint8Array(10), method: 12, uncompressedSize: 10 }]), 'zip');
    expect(bz.events.flatMap((e) => (e.kind === 'error' ? [[e.error.code, e.path]] : []))).toEqual([['UNSUPPORTED', 'X!/a.so']]);
  });

  it('a member larger than maxMemberBytes is held only up to it', () => {
    const data = new Uint8Array(randomBytes(3 << 20));
    const { readErrors } = drain(buildZip([{ name: 'big.so', data }]), 'zip', { maxMemberBytes: 1 << 20 });
    expect(readErrors.map((e) => e.code)).toEqual(['LIMIT']);
    expect(readErrors[0]!.message).toMatch(/maxMemberBytes/);
  });

  it('a zip member larger than maxMemberBytes: its head and a window after the reads are held; reads behind the window inflate again, at most 4 times', () => {
    const data = new Uint8Array(randomBytes(3 << 20));
    const z = buildZip([{ name: 'big.so', data }]);
    let src: ByteSource | null = null;
    const at = (o: number, n: number): boolean => Buffer.from(src!.read(o, n)).equals(Buffer.from(data.subarray(o, o + n)));
    // A member is read while the reader is on it (before the generator is resumed).
    for (const ev of openArchive(memorySource(z), 'X', 'zip', { inflater: nodeInflater, limits: { maxMemberBytes: 1 << 20 } })) {
      if (ev.kind !== 'member') continue;
      src = ev.member.source;
    expect(at(0, 64)).toBe(true);
    expect(at((3 << 20) - 100, 100)).toBe(true); // streamed past the cap, holding the window
    expect(at(100, 4096)).toBe(true); // in the head: still held
    for (let i = 0; i < 4; i++) {
      expect(at(1 << 20, 16)).toBe(true); // dropped: inflated again
      expect(at((3 << 20) - 16, 16)).toBe(true);
    }
      expect(() => src!.read(1 << 20, 16)).toThrow(/more than 4 times/);
    }
    expect(src).not.toBeNull();
  });

  it('limits are validated', () => {
    expect(containerLimits()).toEqual(DEFAULT_CONTAINER_LIMITS);
    expect(() => containerLimits({ maxDepth: 0 })).toThrow(TypeError);
    expect(() => containerLimits({ maxMembers: 1.5 })).toThrow(TypeError);
    expect(() => containerLimits({ maxRatio: 0.5 })).toThrow(TypeError);
    expect(() => containerLimits({ nope: 1 } as never)).toThrow(TypeError);
    expect(containerLimits({ maxTotalBytes: 2 ** 40 }).maxTotalBytes).toBe(2 ** 40);
  });
});
