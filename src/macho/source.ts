import type { ByteSource } from '../bytes/source.js';
import { shareStringBudget } from '../bytes/strings.js';

/**
 * The bytes `[offset, offset + size)` of `src` as a source of its own (a fat slice, or a Mach-O
 * image embedded at `offset`): Mach-O file offsets inside a slice are relative to the slice's start
 * (fat.h), so the parser reads slice-relative offsets from this source. Reads are delegated, never
 * copied; `io` and the string budget are the parent's. The caller guarantees `offset + size <= src.size`.
 */
export function subSource(src: ByteSource, offset: number, size: number): ByteSource {
  if (offset === 0 && size === src.size) return src;
  const part: ByteSource = {
    size,
    read: (o, n) => src.read(offset + o, n),
    get io() {
      return src.io;
    },
  };
  shareStringBudget(src, part);
  return part;
}
