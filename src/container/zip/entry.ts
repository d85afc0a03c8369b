import type { ByteView } from '../../bytes/view.js';
import { BinspectError } from '../../errors.js';

/** APPNOTE.TXT 4.3.12 central directory file header (46 bytes + name + extra + comment). */
export interface CentralEntry {
  /** Index in the central directory, and offset of the header in the file. */
  index: number;
  offset: number;
  versionMadeBy: number;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  name: string;
  /** Bytes of the name, extra field and comment: the header is 46 + this long. */
  variable: number;
  nameLength: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

export const CENTRAL_SIG = 0x02014b50;
export const CENTRAL_SIZE = 46;
/** General purpose bit flag (4.4.4): bit 0 encrypted, bit 3 sizes in a data descriptor, bit 11 UTF-8 names. */
export const FLAG_ENCRYPTED = 0x1;
export const FLAG_DATA_DESCRIPTOR = 0x8;
/** Compression methods (4.4.5) and their names. */
export const METHODS: Record<number, string> = {
  0: 'stored', 1: 'shrink', 6: 'implode', 8: 'deflate', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 19: 'lz77', 93: 'zstd', 95: 'xz', 96: 'jpeg', 97: 'wavpack', 98: 'ppmd', 99: 'aes',
};
const ZIP64_EXTRA = 0x0001;

const utf8 = new TextDecoder('utf-8');

/**
 * Decodes the central directory header at the start of `v` (a view that holds it whole). Names are
 * decoded as UTF-8 (invalid bytes become U+FFFD). A saturated size or offset is taken from the
 * ZIP64 extended information extra field (4.5.3). Throws `BAD_MAGIC`, `TRUNCATED`, `OUT_OF_BOUNDS`.
 */
export function readCentralEntry(v: ByteView, index: number): CentralEntry {
  const structure = `central directory entry[${index}]`;
  if (v.u32(0) !== CENTRAL_SIG) throw new BinspectError('BAD_MAGIC', 'zip', structure, v.base, 'no central directory header signature');
  const nameLength = v.u16(28);
  const extraLength = v.u16(30);
  const commentLength = v.u16(32);
  const name = utf8.decode(v.sub(CENTRAL_SIZE, nameLength, structure).bytes);
  let compressedSize = v.u32(20);
  let uncompressedSize = v.u32(24);
  let localHeaderOffset = v.u32(42);
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
    const extra = v.sub(CENTRAL_SIZE + nameLength, extraLength, `${structure} extra field`);
    let at = 0;
    let found = false;
    while (at + 4 <= extra.length) {
      const id = extra.u16(at);
      const len = extra.u16(at + 2);
      if (id === ZIP64_EXTRA) {
        const z = extra.sub(at + 4, Math.min(len, extra.length - at - 4), `${structure} zip64 extra field`);
        let k = 0;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = z.u64n(k)), (k += 8);
        if (compressedSize === 0xffffffff) (compressedSize = z.u64n(k)), (k += 8);
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = z.u64n(k);
        found = true;
        break;
      }
      at += 4 + len;
    }
    if (!found) throw new BinspectError('TRUNCATED', 'zip', structure, v.base, 'saturated size or offset without a zip64 extra field');
  }
  return {
    index, offset: v.base, versionMadeBy: v.u16(4), flags: v.u16(8), method: v.u16(10), crc32: v.u32(16),
    compressedSize, uncompressedSize, name, nameLength, variable: nameLength + extraLength + commentLength,
    externalAttributes: v.u32(38), localHeaderOffset,
  };
}
