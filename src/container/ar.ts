import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { BinspectError } from '../errors.js';
import type { ArchiveEvent, ReadContext } from './events.js';
import { type Anomaly, memberPath, nameAnomalies } from './member.js';
import { windowSource } from './stream.js';

/** ar(5): `!<arch>\n`, then per member a 60-byte header and the data, padded to an even offset. */
const MAGIC_SIZE = 8;
const HEADER = 60;
/** Symbol tables and the GNU long-name table: archive bookkeeping, not members. */
const SPECIAL = new Set(['/', '/SYM64/', '__.SYMDEF', '__.SYMDEF SORTED', '__.SYMDEF_64', '__.SYMDEF_64 SORTED']);

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * Reads a Unix `ar` archive (static libraries `.a`, Windows `.lib`): every member as a window of
 * the archive. Names: GNU (`name/`, `/N` into the `//` long-name table) and BSD (`#1/N`, the name
 * stored before the data). Throws `BAD_MAGIC` (a header without its `` `\n `` terminator),
 * `OUT_OF_BOUNDS` (a size that is not decimal), `TRUNCATED` (a member past the end), `LIMIT`.
 */
export function* readAr(src: ByteSource, ctx: ReadContext): Generator<ArchiveEvent> {
  let longNames: Uint8Array | null = null;
  let pos = MAGIC_SIZE;
  while (pos < src.size) {
    // A final newline of padding ends some archives.
    if (src.size - pos === 1) break;
    const where = { format: 'ar' as const, structure: 'member header' };
    const h = view(src, pos, HEADER, true, where);
    if (h.u8(58) !== 0x60 || h.u8(59) !== 0x0a) throw new BinspectError('BAD_MAGIC', 'ar', 'member header', pos + 58, 'no "`\\n" at the end of the member header');
    const rawName = latin1.decode(h.bytes.subarray(0, 16)).replace(/ +$/, '');
    const sizeField = latin1.decode(h.bytes.subarray(48, 58));
    if (!/^[0-9]+ *$/.test(sizeField)) throw new BinspectError('OUT_OF_BOUNDS', 'ar', 'ar_size', pos + 48, `size ${JSON.stringify(sizeField)} is not decimal`);
    let size = Number(sizeField.trim());
    let data = pos + HEADER;
    if (data + size > src.size) throw new BinspectError('TRUNCATED', 'ar', 'member data', data, `member of ${size} bytes passes the end of the archive`);
    const next = data + size + (size & 1);
    ctx.budget.member('ar', pos);
    const anomalies: Anomaly[] = [];
    let name: string;
    if (SPECIAL.has(rawName)) {
      pos = next;
      continue;
    } else if (rawName === '//') {
      longNames = src.read(data, size);
      pos = next;
      continue;
    } else if (/^\/[0-9]+$/.test(rawName)) {
      const off = Number(rawName.slice(1));
      const end = longNames ? longNames.indexOf(0x0a, off) : -1;
      if (!longNames || off >= longNames.length) {
        anomalies.push({ code: 'BAD_LONG_NAME', structure: 'ar_name', offset: pos, message: `long name ${rawName} is outside the "//" table` });
        name = rawName;
      } else {
        name = utf8.decode(longNames.subarray(off, end < 0 ? longNames.length : end)).replace(/\/$/, '');
      }
    } else if (/^#1\/[0-9]+$/.test(rawName)) {
      const n = Number(rawName.slice(3));
      if (n > size) throw new BinspectError('OUT_OF_BOUNDS', 'ar', 'ar_name', pos, `BSD name of ${n} bytes is longer than its member (${size})`);
      const b = src.read(data, n);
      const nul = b.indexOf(0);
      name = utf8.decode(nul < 0 ? b : b.subarray(0, nul));
      data += n;
      size -= n;
    } else {
      name = rawName.endsWith('/') ? rawName.slice(0, -1) : rawName;
    }
    if (SPECIAL.has(name)) {
      pos = next; // a BSD symbol table stored under a #1/ name
      continue;
    }
    anomalies.push(...nameAnomalies(name, 'ar_name', pos));
    yield {
      kind: 'member',
      member: {
        path: memberPath(ctx.archive, name), size, source: windowSource(src, data, size), anomalies, depth: ctx.depth,
        origin: { archive: ctx.archive, format: 'ar', entry: name, offset: pos, method: 'stored', compressedSize: size },
      },
    };
    pos = next;
  }
}
