import type { ByteSource } from '../../bytes/source.js';
import { view } from '../../bytes/view.js';
import { BinspectError } from '../../errors.js';
import type { ArchiveEvent, ReadContext } from '../events.js';
import { Decompressor, InflatedSource } from '../inflate.js';
import { type Anomaly, memberPath, nameAnomalies, type Origin } from '../member.js';
import { windowSource } from '../stream.js';
import { readEocd } from './eocd.js';
import { CENTRAL_SIZE, type CentralEntry, FLAG_DATA_DESCRIPTOR, FLAG_ENCRYPTED, METHODS, readCentralEntry } from './entry.js';

const LOCAL_SIG = 0x04034b50;
const LOCAL_SIZE = 30;
/** versionMadeBy's high byte (4.4.2): 3 = UNIX, whose external attributes hold st_mode in the high 16 bits. */
const HOST_UNIX = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const utf8 = new TextDecoder('utf-8');

/**
 * Reads a zip archive (and its family: wheel, jar, apk, nupkg, vsix, egg) through its central
 * directory (APPNOTE.TXT 6.3.10), the directory the extracting tools trust: a stored entry is a
 * window of the archive, a deflated one is inflated only as far as it is read. Entries whose data
 * overlap (a bomb's trick: one compressed kernel referenced many times) stop the read; a local
 * header that disagrees with the central directory is an anomaly of that member; a symlink entry
 * is an anomaly, not a member. Throws what {@link readEocd} throws, `OUT_OF_BOUNDS` (overlaps, a
 * central directory outside the file), `LIMIT`.
 */
export function* readZip(src: ByteSource, ctx: ReadContext): Generator<ArchiveEvent> {
  const eocd = readEocd(src);
  const end = eocd.zip64At ?? eocd.offset;
  // Data before the archive (a self-extractor's stub) shifts every recorded offset, as unzip assumes.
  const shift = end - (eocd.cdOffset + eocd.cdSize);
  if (shift < 0) {
    throw new BinspectError('OUT_OF_BOUNDS', 'zip', 'central directory', eocd.offset,
      `central directory (${eocd.cdSize} bytes at 0x${eocd.cdOffset.toString(16)}) passes its end record`);
  }
  if (shift > 0) {
    yield { kind: 'anomaly', path: ctx.archive, anomaly: { code: 'PREPENDED_DATA', structure: 'central directory', offset: 0, message: `${shift} bytes before the archive; offsets shifted by them` } };
  }
  const cdStart = eocd.cdOffset + shift;
  const cdEnd = cdStart + eocd.cdSize;
  const entries: CentralEntry[] = [];
  for (let at = cdStart, i = 0; at < cdEnd; i++) {
    if (at + CENTRAL_SIZE > cdEnd) {
      yield { kind: 'anomaly', path: ctx.archive, anomaly: { code: 'TRAILING_BYTES', structure: 'central directory', offset: at, message: `${cdEnd - at} bytes after the last entry` } };
      break;
    }
    ctx.budget.member('zip', at);
    const fixed = view(src, at, CENTRAL_SIZE, true, { format: 'zip', structure: `central directory entry[${i}]` });
    const length = CENTRAL_SIZE + fixed.u16(28) + fixed.u16(30) + fixed.u16(32);
    const e = readCentralEntry(view(src, at, length, true, { format: 'zip', structure: `central directory entry[${i}]` }), i);
    entries.push(e);
    at += length;
  }
  if (entries.length !== eocd.entries) {
    yield { kind: 'anomaly', path: ctx.archive, anomaly: { code: 'ENTRY_COUNT', structure: 'end of central directory', offset: eocd.offset, message: `records ${eocd.entries} entries; the central directory holds ${entries.length}` } };
  }
  const nextStart = overlapCheck(entries, shift, cdStart);
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const path = memberPath(ctx.archive, e.name);
    const local = e.localHeaderOffset + shift;
    const method = METHODS[e.method] ?? `method ${e.method}`;
    const origin: Origin = {
      archive: ctx.archive, format: 'zip', entry: e.name, offset: local, method: e.method === 0 ? 'stored' : 'deflate', compressedSize: e.compressedSize,
    };
    const structure = `entry "${e.name}"`;
    if (e.versionMadeBy >> 8 === HOST_UNIX && ((e.externalAttributes >>> 16) & S_IFMT) === S_IFLNK) {
      yield { kind: 'anomaly', path, anomaly: { code: 'SYMLINK_MEMBER', structure: `central directory entry[${e.index}]`, offset: e.offset, message: 'symbolic link: not followed' } };
      continue;
    }
    const fail = (error: BinspectError): ArchiveEvent => ({ kind: 'error', path, size: e.uncompressedSize, error, origin });
    if (e.flags & FLAG_ENCRYPTED) {
      yield fail(new BinspectError('UNSUPPORTED', 'zip', structure, e.offset, 'encrypted entry'));
      continue;
    }
    if (e.method !== 0 && e.method !== 8) {
      yield fail(new BinspectError('UNSUPPORTED', 'zip', structure, e.offset, `compression ${method}: binspect inflates only stored and deflate entries`));
      continue;
    }
    const { maxRatio, ratioGrace } = ctx.budget.limits;
    if (e.method === 8 && e.uncompressedSize > ratioGrace && e.uncompressedSize > maxRatio * Math.max(1, e.compressedSize)) {
      yield fail(new BinspectError('LIMIT', 'zip', structure, e.offset,
        `declares ${e.uncompressedSize} bytes from ${e.compressedSize} (${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1), above the limit maxRatio ${maxRatio}:1`));
      continue;
    }
    let dataStart: number;
    const anomalies: Anomaly[] = nameAnomalies(e.name, `central directory entry[${e.index}]`, e.offset);
    try {
      dataStart = localData(src, e, local, anomalies);
      if (dataStart + e.compressedSize > Math.min(src.size, nextStart.get(e)!)) {
        throw new BinspectError(dataStart + e.compressedSize > src.size ? 'TRUNCATED' : 'OUT_OF_BOUNDS', 'zip', structure, dataStart,
          `${e.compressedSize} bytes of data at 0x${dataStart.toString(16)} pass ${dataStart + e.compressedSize > src.size ? 'the end of the file' : 'the start of the next entry'}`);
      }
    } catch (err) {
      if (!(err instanceof BinspectError)) throw err;
      yield fail(err);
      continue;
    }
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) {
        anomalies.push({ code: 'SIZE_MISMATCH', structure: `central directory entry[${e.index}]`, offset: e.offset, message: `stored entry of ${e.compressedSize} bytes declares ${e.uncompressedSize} uncompressed` });
      }
      yield { kind: 'member', member: { path, size: e.compressedSize, source: windowSource(src, dataStart, e.compressedSize), origin, anomalies, depth: ctx.depth } };
      continue;
    }
    if (!ctx.inflater) {
      yield fail(new BinspectError('UNSUPPORTED', 'zip', structure, e.offset, 'deflated entry and no inflater was given'));
      continue;
    }
    const inflater = ctx.inflater;
    let dec: Decompressor | null = null;
    const start = (): Decompressor => (dec = new Decompressor(src, dataStart, e.compressedSize, 'deflate-raw', inflater, ctx.budget, 'zip', structure));
    const source = new InflatedSource(e.uncompressedSize, start, ctx.budget.limits.maxMemberBytes, 'zip', structure);
    try {
      yield { kind: 'member', member: { path, size: e.uncompressedSize, source, origin, anomalies, depth: ctx.depth } };
    } finally {
      (dec as Decompressor | null)?.close();
    }
  }
}

/**
 * Entries sorted by where their local header starts: two whose spans (local header + name +
 * compressed data, the least each takes) overlap stop the read, as does one that reaches into the
 * central directory. Returns, per entry, where the next entry's span starts (its data must end before).
 */
function overlapCheck(entries: readonly CentralEntry[], shift: number, cdStart: number): Map<CentralEntry, number> {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const next = new Map<CentralEntry, number>();
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const start = e.localHeaderOffset + shift;
    const end = start + LOCAL_SIZE + e.nameLength + e.compressedSize;
    const following = i + 1 < sorted.length ? sorted[i + 1]!.localHeaderOffset + shift : cdStart;
    if (end > following) {
      const other = i + 1 < sorted.length ? `entry "${sorted[i + 1]!.name}"` : 'the central directory';
      throw new BinspectError('OUT_OF_BOUNDS', 'zip', `central directory entry[${e.index}]`, e.offset,
        `data of entry "${e.name}" (0x${start.toString(16)}..0x${end.toString(16)}) overlaps ${other} at 0x${following.toString(16)}: overlapping entries, not read`);
    }
    next.set(e, following);
  }
  return next;
}

/**
 * Checks the local file header (4.3.7) against the central directory entry, adding an anomaly
 * for each disagreement (the central directory wins, as in unzip); returns where the data starts.
 */
function localData(src: ByteSource, e: CentralEntry, at: number, anomalies: Anomaly[]): number {
  const structure = `local file header of "${e.name}"`;
  const h = view(src, at, LOCAL_SIZE, true, { format: 'zip', structure });
  if (h.u32(0) !== LOCAL_SIG) throw new BinspectError('BAD_MAGIC', 'zip', structure, at, 'no local file header signature where the central directory points');
  const nameLength = h.u16(26);
  const extraLength = h.u16(28);
  const name = utf8.decode(view(src, at + LOCAL_SIZE, nameLength, true, { format: 'zip', structure }).bytes);
  const differ = (what: string, local: string | number, central: string | number): void => {
    anomalies.push({ code: 'LOCAL_HEADER_MISMATCH', structure, offset: at, message: `${what} ${JSON.stringify(local)} in the local header, ${JSON.stringify(central)} in the central directory (used)` });
  };
  if (name !== e.name) differ('name', name, e.name);
  if (h.u16(8) !== e.method) differ('compression method', h.u16(8), e.method);
  if (!(e.flags & FLAG_DATA_DESCRIPTOR) && !(h.u16(6) & FLAG_DATA_DESCRIPTOR)) {
    const comp = h.u32(18);
    const uncomp = h.u32(22);
    if (comp !== 0xffffffff && comp !== e.compressedSize) differ('compressed size', comp, e.compressedSize);
    if (uncomp !== 0xffffffff && uncomp !== e.uncompressedSize) differ('uncompressed size', uncomp, e.uncompressedSize);
    if (h.u32(14) !== e.crc32) differ('CRC-32', h.u32(14), e.crc32);
  }
  return at + LOCAL_SIZE + nameLength + extraLength;
}
