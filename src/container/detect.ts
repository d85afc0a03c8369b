import type { ContainerFormat } from './member.js';

/** Compressions binspect recognizes but cannot decompress with zlib (reported, never guessed). */
export type UnsupportedCompression = 'xz' | 'zstd' | 'bzip2' | 'lzip' | 'lz4' | 'compress' | 'lzma';

/** What the first bytes of a file say about it as a container. */
export type ContainerKind =
  | { format: ContainerFormat }
  | { unsupported: UnsupportedCompression | 'thin-ar' }
  | null;

const starts = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** Magic numbers, from each format's specification. */
const MAGICS: ReadonlyArray<readonly [readonly number[], ContainerKind]> = [
  // APPNOTE.TXT 4.3.7 local file header; 4.3.16 end of central directory (an empty archive); 8.5.3 spanning marker.
  [[0x50, 0x4b, 0x03, 0x04], { format: 'zip' }],
  [[0x50, 0x4b, 0x05, 0x06], { format: 'zip' }],
  [[0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x03, 0x04], { format: 'zip' }],
  // RFC 1952 2.3.1: ID1 ID2 and CM = 8 (deflate), the only method gzip defines.
  [[0x1f, 0x8b, 0x08], { format: 'gzip' }],
  // ar(5): the global header; a GNU thin archive holds only names of files outside it.
  [[...'!<arch>\n'].map((c) => c.charCodeAt(0)), { format: 'ar' }],
  [[...'!<thin>\n'].map((c) => c.charCodeAt(0)), { unsupported: 'thin-ar' }],
  // xz file format 2.1.1.1; RFC 8878 3.1.1 (zstd frame); bzip2 "BZh"; lzip "LZIP"; LZ4 frame; compress(1) .Z.
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], { unsupported: 'xz' }],
  [[0x28, 0xb5, 0x2f, 0xfd], { unsupported: 'zstd' }],
  [[0x4c, 0x5a, 0x49, 0x50], { unsupported: 'lzip' }],
  [[0x04, 0x22, 0x4d, 0x18], { unsupported: 'lz4' }],
  [[0x1f, 0x9d], { unsupported: 'compress' }],
];

/** Bytes of the head {@link detectContainer} looks at (a tar header). */
export const CONTAINER_HEAD = 512;

/**
 * The container format from the first bytes of a file (at least {@link CONTAINER_HEAD} of them
 * when the file has them), by content only, never by name: zip, gzip, ar, tar (POSIX `ustar`
 * magic, or a pre-POSIX header whose checksum holds), or a compression binspect cannot decompress.
 */
export function detectContainer(head: Uint8Array): ContainerKind {
  for (const [sig, kind] of MAGICS) if (starts(head, sig)) return kind;
  // bzip2: "BZh" and a block size digit, then the block magic pi (0x314159265359).
  if (starts(head, [0x42, 0x5a, 0x68]) && head[3]! >= 0x31 && head[3]! <= 0x39 && starts(head, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4)) {
    return { unsupported: 'bzip2' };
  }
  // .lzma (LZMA-alone): properties byte 0x5d and a dictionary size; only the common form.
  if (starts(head, [0x5d, 0x00, 0x00]) && head.length >= 13 && (head[12] === 0x00 || head[12] === 0xff)) return { unsupported: 'lzma' };
  if (head.length >= 512 && isTarHeader(head)) return { format: 'tar' };
  return null;
}

/** A 512-byte tar header: `ustar` magic at 257 with a valid checksum, or a valid checksum and a name. */
export function isTarHeader(h: Uint8Array): boolean {
  const ustar = starts(h, [0x75, 0x73, 0x74, 0x61, 0x72], 257);
  if (!ustar && (h[0] === 0 || h[156] === undefined)) return false;
  return tarChecksumOk(h);
}

/** POSIX tar checksum: the sum of the header's bytes with the chksum field read as spaces (unsigned, or signed as old tars did). */
export function tarChecksumOk(h: Uint8Array): boolean {
  let field = '';
  for (let i = 148; i < 156; i++) field += String.fromCharCode(h[i]!);
  const m = /^[ \0]*([0-7]+)[ \0]*$/.exec(field);
  if (!m) return false;
  const want = parseInt(m[1]!, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b >= 128 ? b - 256 : b;
  }
  return want === unsigned || want === signed;
}
