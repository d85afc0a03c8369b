import type { ByteSource } from '../../bytes/source.js';
import { BinspectError } from '../../errors.js';
import { tarChecksumOk } from '../detect.js';
import type { ArchiveEvent, ReadContext } from '../events.js';
import { type Anomaly, memberPath, nameAnomalies } from '../member.js';
import { type Forward, StreamMemberSource } from '../stream.js';
import { parsePax, readTarHeader } from './header.js';

const BLOCK = 512;
/** Caps on the data of pax headers and GNU long names: names, not payloads. */
const MAX_PAX = 1024 * 1024;
const MAX_LONG_NAME = 64 * 1024;

const TYPES: Record<string, string> = {
  '1': 'hard link', '2': 'symbolic link', '3': 'character device', '4': 'block device', '5': 'directory', '6': 'FIFO',
};

const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

/**
 * Reads a tar stream front to back, once (POSIX ustar and pax, GNU `L`/`K` long names, pre-POSIX
 * headers): yields every regular file as a member; links, devices and FIFOs are never followed or
 * opened (an anomaly for links); directories are skipped. Over a plain source a member is a window of
 * it (no copy); in a decompressed stream a member is valid until the generator is resumed.
 * Throws `BAD_MAGIC` (bad header checksum), `OUT_OF_BOUNDS` (negative or huge size field),
 * `TRUNCATED` (the stream ends inside a header or member), `LIMIT` (budget).
 */
export function* readTar(fwd: Forward, ctx: ReadContext, totalSize: number | null): Generator<ArchiveEvent> {
  const { maxMemberBytes } = ctx.budget.limits;
  let pax = new Map<string, string>();
  const globalPax = new Map<string, string>();
  let longName: string | null = null;
  let longLink: string | null = null;
  for (;;) {
    const at = fwd.pos;
    const h = fwd.take(BLOCK);
    if (h.length === 0) return; // no end-of-archive blocks: accepted, as GNU tar does
    if (h.length < BLOCK) throw new BinspectError('TRUNCATED', 'tar', 'header', at, `the stream ends ${h.length} bytes into a header`);
    if (h.every((b) => b === 0)) return; // end of archive (what follows is padding)
    if (!tarChecksumOk(h)) throw new BinspectError('BAD_MAGIC', 'tar', 'header', at, 'header checksum does not match');
    ctx.budget.member('tar', at);
    const hd = readTarHeader(h, at);
    const size = hd.typeflag === 'x' || hd.typeflag === 'g' || hd.typeflag === 'L' || hd.typeflag === 'K' || !pax.has('size')
      ? hd.size : paxSize(pax.get('size')!, at);
    if (totalSize !== null && at + BLOCK + size > totalSize) {
      throw new BinspectError('TRUNCATED', 'tar', 'header size', at + 124, `member of ${size} bytes passes the end of the archive (${totalSize} bytes)`);
    }
    const skipData = (n: number): void => {
      if (fwd.skip(n) < n) throw new BinspectError('TRUNCATED', 'tar', 'member data', at + BLOCK, 'the stream ends inside a member');
    };
    const small = (cap: number, what: string): Uint8Array => {
      if (size > cap) throw new BinspectError('LIMIT', 'tar', what, at, `${what} of ${size} bytes (more than ${cap})`);
      const d = fwd.take(size);
      if (d.length < size) throw new BinspectError('TRUNCATED', 'tar', what, at + BLOCK, 'the stream ends inside it');
      skipData(padded(size) - size);
      return d;
    };
    switch (hd.typeflag) {
      case 'x':
      case 'g': {
        const { records, bad } = parsePax(small(MAX_PAX, 'pax header'));
        if (bad !== null) yield anomaly(ctx, hd.name, { code: 'BAD_PAX_RECORD', structure: 'pax header', offset: at + BLOCK + bad, message: 'malformed pax record; the records after it are ignored' });
        if (hd.typeflag === 'x') pax = records;
        else for (const [k, v] of records) globalPax.set(k, v);
        continue;
      }
      case 'L':
        longName = nulTrimmed(small(MAX_LONG_NAME, 'GNU long name'));
        continue;
      case 'K':
        longLink = nulTrimmed(small(MAX_LONG_NAME, 'GNU long link name'));
        continue;
    }
    const name = pax.get('path') ?? longName ?? globalPax.get('path') ?? hd.name;
    const link = pax.get('linkpath') ?? longLink ?? hd.linkname;
    const sparse = [...pax.keys()].some((k) => k.startsWith('GNU.sparse.'));
    pax = new Map();
    longName = longLink = null;
    const path = memberPath(ctx.archive, name);
    if (hd.typeflag === '0' || hd.typeflag === '7') {
      if (sparse) {
        yield anomaly(ctx, name, { code: 'UNSUPPORTED_ENTRY', structure: 'pax header', offset: at, message: 'GNU sparse member: its holes are not expanded; not inspected' });
        skipData(padded(size));
        continue;
      }
      const win: ByteSource | null = fwd.window(size);
      const stream = win ? null : new StreamMemberSource(size, fwd, maxMemberBytes, 'tar', `member "${name}"`);
      const anomalies: Anomaly[] = nameAnomalies(name, 'header name', at);
      yield {
        kind: 'member',
        member: {
          path, size, source: win ?? stream!, anomalies, depth: ctx.depth,
          origin: { archive: ctx.archive, format: 'tar', entry: name, offset: at, method: 'stored', compressedSize: win ? size : null },
        },
      };
      if (stream && stream.finish() > 0) throw new BinspectError('TRUNCATED', 'tar', 'member data', at + BLOCK, 'the stream ends inside a member');
      skipData(padded(size) - size);
      continue;
    }
    if (hd.typeflag === 'S') {
      // Old GNU sparse member: extension blocks of sparse entries follow the header while the
      // isextended byte (482 in the header, 504 in each extension) is set; then the stored data.
      for (let ext = h[482] !== 0; ext;) {
        const e = fwd.take(BLOCK);
        if (e.length < BLOCK) throw new BinspectError('TRUNCATED', 'tar', 'GNU sparse header', fwd.pos, 'the stream ends inside a sparse header');
        ext = e[504] !== 0;
      }
      yield anomaly(ctx, name, { code: 'UNSUPPORTED_ENTRY', structure: 'header typeflag', offset: at + 156, message: 'GNU sparse member: its holes are not expanded; not inspected' });
      skipData(padded(size));
      continue;
    }
    if (ctx.entries && (hd.typeflag === '1' || hd.typeflag === '2' || hd.typeflag === '5')) {
      yield { kind: 'entry', path, entry: name, type: hd.typeflag === '5' ? 'dir' : hd.typeflag === '2' ? 'symlink' : 'hardlink', target: link, offset: at };
    } else if (hd.typeflag === '1' || hd.typeflag === '2') {
      yield anomaly(ctx, name, {
        code: hd.typeflag === '2' ? 'SYMLINK_MEMBER' : 'HARDLINK_MEMBER', structure: 'header typeflag', offset: at + 156,
        message: `${TYPES[hd.typeflag]} to ${JSON.stringify(link)}: not followed`,
      });
    } else if (!(hd.typeflag in TYPES)) {
      yield anomaly(ctx, name, { code: 'UNSUPPORTED_ENTRY', structure: 'header typeflag', offset: at + 156, message: `entry type ${JSON.stringify(hd.typeflag)} is not read` });
    }
    skipData(padded(size));
  }
}

function anomaly(ctx: ReadContext, name: string, a: Anomaly): ArchiveEvent {
  return { kind: 'anomaly', path: memberPath(ctx.archive, name), anomaly: a };
}

function paxSize(v: string, at: number): number {
  if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new BinspectError('OUT_OF_BOUNDS', 'tar', 'pax size', at, `pax size ${JSON.stringify(v.slice(0, 40))} is not a size below 2^53`);
  }
  return Number(v);
}

function nulTrimmed(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? b : b.subarray(0, nul));
}
