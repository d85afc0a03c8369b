import type { ByteSource } from '../../bytes/source.js';
import { view } from '../../bytes/view.js';
import { BinspectError } from '../../errors.js';

/** APPNOTE.TXT 4.3.16 end of central directory record, with the ZIP64 record (4.3.14) applied. */
export interface EndOfCentralDirectory {
  /** Offset of the record in the file. */
  offset: number;
  /** Total number of central directory entries. */
  entries: number;
  /** Size of the central directory in bytes, and its offset as recorded (before any shift). */
  cdSize: number;
  cdOffset: number;
  /** Offset of the ZIP64 end record when there is one, else null. */
  zip64At: number | null;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_SIG = 0x06064b50;
const LOCATOR_SIG = 0x07064b50;
const EOCD_SIZE = 22;
const LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;

/**
 * Finds the end of central directory record: the last `PK\5\6` in the final 64 KiB + 22 bytes
 * whose comment length reaches exactly the end of the file (else the last one whose comment fits),
 * then the ZIP64 locator and record before it when a field is saturated or the locator is there.
 * Throws `BAD_MAGIC` (no record), `UNSUPPORTED` (a multi-disk archive), `TRUNCATED`.
 */
export function readEocd(src: ByteSource): EndOfCentralDirectory {
  const where = { format: 'zip' as const, structure: 'end of central directory' };
  const tailLen = Math.min(src.size, EOCD_SIZE + MAX_COMMENT);
  const tailAt = src.size - tailLen;
  const tail = view(src, tailAt, tailLen, true, where);
  let found = -1;
  for (let i = tailLen - EOCD_SIZE; i >= 0; i--) {
    if (tail.bytes[i] !== 0x50 || tail.bytes[i + 1] !== 0x4b || tail.u32(i) !== EOCD_SIG) continue;
    const end = i + EOCD_SIZE + tail.u16(i + 20);
    if (end === tailLen) {
      found = i;
      break;
    }
    if (end <= tailLen && found < 0) found = i;
  }
  if (found < 0) throw new BinspectError('BAD_MAGIC', 'zip', 'end of central directory', null, 'no end of central directory record');
  const e = tail.sub(found, EOCD_SIZE, 'end of central directory');
  const offset = tailAt + found;
  if (e.u16(4) !== 0 || e.u16(6) !== 0) throw new BinspectError('UNSUPPORTED', 'zip', 'end of central directory', offset, 'multi-disk (split) archive');
  let entries = e.u16(10);
  let cdSize = e.u32(12);
  let cdOffset = e.u32(16);
  let zip64At: number | null = null;
  const hasLocator = offset >= LOCATOR_SIZE && view(src, offset - LOCATOR_SIZE, 4, true, where).u32(0) === LOCATOR_SIG;
  if (hasLocator || entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (!hasLocator) throw new BinspectError('TRUNCATED', 'zip', 'zip64 end of central directory locator', offset, 'saturated fields but no zip64 locator');
    const loc = view(src, offset - LOCATOR_SIZE, LOCATOR_SIZE, true, { format: 'zip', structure: 'zip64 end of central directory locator' });
    const at = loc.u64n(8);
    const rec = view(src, at, 56, true, { format: 'zip', structure: 'zip64 end of central directory record' });
    if (rec.u32(0) !== EOCD64_SIG) throw new BinspectError('BAD_MAGIC', 'zip', 'zip64 end of central directory record', at, 'no zip64 end record where the locator points');
    if (rec.u32(16) !== 0 || rec.u32(20) !== 0) throw new BinspectError('UNSUPPORTED', 'zip', 'zip64 end of central directory record', at, 'multi-disk (split) archive');
    entries = rec.u64n(32);
    cdSize = rec.u64n(40);
    cdOffset = rec.u64n(48);
    zip64At = at;
  }
  return { offset, entries, cdSize, cdOffset, zip64At };
}
