import type { ByteSource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { DANS_SIGNATURE, RICH_SIGNATURE } from './constants.js';
import { IMAGE_DOS_HEADER_SIZE } from './dos.js';

/**
 * One Rich header record (undocumented; written by Microsoft linkers since VC++ 6 between the DOS
 * stub and the PE header): a tool (product id) at a build number and how many objects it made.
 */
export interface RichEntry {
  /** High 16 bits of the comp id: the product (compiler, linker, assembler ... of a VS version). */
  productId: number;
  /** Low 16 bits of the comp id: the tool's build number. */
  build: number;
  count: number;
}

/** The decoded Rich header: its XOR key (a checksum of the DOS header and entries) and records in file order. */
export interface RichHeader {
  /** File offset of the `DanS` marker. */
  offset: number;
  key: number;
  entries: RichEntry[];
}

/**
 * Finds and decodes the Rich header in `[64, e_lfanew)`: the last `Rich` dword, followed by the
 * key; going back, dwords XORed with the key until `DanS`, then three padding dwords and
 * (comp id, count) pairs. Only the `maxScan` bytes before e_lfanew are searched. Returns null when
 * there is no (well-formed) Rich header; never throws for its content.
 */
export function readRichHeader(src: ByteSource, e_lfanew: number, maxScan: number): RichHeader | null {
  const end = Math.min(e_lfanew, src.size);
  const start = Math.max(IMAGE_DOS_HEADER_SIZE, (end - maxScan + 3) & ~3); // dwords are aligned to the file
  if (end - start < 8) return null;
  const v = view(src, start, end - start, true, { format: 'pe', structure: 'Rich header' });
  let rich = -1;
  for (let at = (end - start - 8) & ~3; at >= 0; at -= 4) {
    if (v.u32(at) === RICH_SIGNATURE) {
      rich = at;
      break;
    }
  }
  if (rich < 0) return null;
  const key = v.u32(rich + 4);
  let dans = -1;
  for (let at = rich - 4; at >= 0; at -= 4) {
    if ((v.u32(at) ^ key) >>> 0 === DANS_SIGNATURE) {
      dans = at;
      break;
    }
  }
  if (dans < 0) return null;
  const first = dans + 16;
  if (first > rich || (rich - first) % 8 !== 0) return null;
  const entries: RichEntry[] = [];
  for (let at = first; at < rich; at += 8) {
    const compid = (v.u32(at) ^ key) >>> 0;
    entries.push({ productId: compid >>> 16, build: compid & 0xffff, count: (v.u32(at + 4) ^ key) >>> 0 });
  }
  return { offset: start + dans, key, entries };
}
