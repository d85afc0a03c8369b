import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { BinspectError } from '../errors.js';
import { isTarHeader } from './detect.js';
import type { ArchiveEvent, ReadContext } from './events.js';
import { Decompressor } from './inflate.js';
import { memberPath } from './member.js';
import { type Forward, inflatedForward, StreamMemberSource } from './stream.js';
import { readTar } from './tar/read.js';

/** RFC 1952 2.3.1 FLG bits. */
const FEXTRA = 4;
const FNAME = 8;
const FRESERVED = 0xe0;

/**
 * The gzip header (RFC 1952 2.3): checks the reserved flag bits and returns the stored original
 * file name (FNAME), or null. Throws `BAD_MAGIC`, `TRUNCATED`.
 */
export function gzipName(src: ByteSource): string | null {
  const where = { format: 'gzip' as const, structure: 'member header' };
  const h = view(src, 0, 10, true, where);
  const flg = h.u8(3);
  if (flg & FRESERVED) throw new BinspectError('BAD_MAGIC', 'gzip', 'member header', 3, 'reserved FLG bits set');
  if (!(flg & FNAME)) return null;
  let at = 10;
  if (flg & FEXTRA) at += 2 + view(src, 10, 2, true, where).u16(0);
  const n = Math.min(1024, src.size - at);
  const b = view(src, at, Math.max(0, n), true, where).bytes;
  const nul = b.indexOf(0);
  if (nul < 0) return null;
  const name = new TextDecoder('latin1').decode(b.subarray(0, nul));
  return name.slice(name.lastIndexOf('/') + 1) || null;
}

/**
 * Reads a gzip file in one streaming pass: a tar inside (`.tar.gz`, `.tgz`, an npm package, a
 * `.crate`) is read member by member at the archive's own level (`x.tgz!/package/a.node`); any other
 * content is one member named by the header's FNAME (else the file name without `.gz`), held as
 * far as it is read. Nothing but the current member is kept.
 */
export function* readGzip(src: ByteSource, ctx: ReadContext, fileName: string): Generator<ArchiveEvent> {
  const stored = gzipName(src);
  if (!ctx.inflater) throw new BinspectError('UNSUPPORTED', 'gzip', 'member header', 0, 'gzip data and no inflater was given');
  const dec = new Decompressor(src, 0, src.size, 'gzip', ctx.inflater, ctx.budget, 'gzip', 'stream');
  try {
    const fwd = inflatedForward(dec);
    const head = fwd.take(512);
    const all = prefixed(head, fwd);
    if (head.length === 512 && isTarHeader(head)) {
      yield* readTar(all, ctx, null);
      return;
    }
    const name = stored ?? (fileName.replace(/^.*[/!]/, '').replace(/\.t?gz$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : '')) || 'data');
    // ISIZE (RFC 1952 2.3.1): the size of the input mod 2^32, the only size a gzip file records.
    const isize = src.size >= 18 ? view(src, src.size - 4, 4, true, { format: 'gzip', structure: 'ISIZE' }).u32(0) : 0;
    const size = Math.max(isize, head.length);
    const source = new StreamMemberSource(size, all, ctx.budget.limits.maxMemberBytes, 'gzip', `member "${name}"`);
    yield {
      kind: 'member',
      member: {
        path: memberPath(ctx.archive, name), size, source, anomalies: [], depth: ctx.depth,
        origin: { archive: ctx.archive, format: 'gzip', entry: name, offset: 0, method: 'gzip', compressedSize: src.size },
      },
    };
    source.release(); // nothing follows it: the rest of the stream is never inflated
  } finally {
    dec.close();
  }
}

/** `head` (already taken from `fwd`) followed by the rest of `fwd`. */
function prefixed(head: Uint8Array, fwd: Forward): Forward {
  let at = 0;
  const base = fwd.pos - head.length;
  return {
    get pos() {
      return at < head.length ? base + at : fwd.pos;
    },
    take(n) {
      if (at >= head.length) return fwd.take(n);
      const fromHead = Math.min(n, head.length - at);
      const first = head.subarray(at, at + fromHead);
      at += fromHead;
      if (fromHead === n) return first;
      const rest = fwd.take(n - fromHead);
      const out = new Uint8Array(fromHead + rest.length);
      out.set(first);
      out.set(rest, fromHead);
      return out;
    },
    skip(n) {
      const fromHead = Math.min(n, head.length - at);
      at += fromHead;
      return fromHead + (n > fromHead ? fwd.skip(n - fromHead) : 0);
    },
    window: () => null,
  };
}
