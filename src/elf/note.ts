import { BinspectError } from '../errors.js';
import type { ByteSource } from '../bytes/source.js';
import { latin1Name } from '../bytes/strings.js';
import { type ByteView, view } from '../bytes/view.js';
import type { ElfHeader } from './header.js';

/**
 * One note (gABI "Note Section"): Elf_Nhdr (n_namesz, n_descsz, n_type: three 4-byte words in
 * both classes), then the name padded to 4 bytes, then the descriptor.
 */
export interface Note {
  /** File offset of the Elf_Nhdr. */
  offset: number;
  n_namesz: number;
  n_descsz: number;
  n_type: number;
  /** The owner name without its terminating NUL (`GNU`, `Go`, `FDO`, ...). */
  name: string;
  /** The descriptor bytes (`n_descsz` long). */
  desc: ByteView;
}

/**
 * Reads the notes in `[offset, offset + size)` (a PT_NOTE segment or SHT_NOTE section, file
 * offsets). `align` is the segment's alignment: 8 aligns descriptors and entries to 8 bytes (as
 * .note.gnu.property in ELFCLASS64 files), anything else to 4. Iteration is bounded by each
 * note's own sizes and by the range, never past it. Throws `TRUNCATED` when a note passes the end
 * of its range, `LIMIT` after `maxNotes` notes (the caller passes what is left of the file's budget).
 */
export function readNotes(src: ByteSource, h: ElfHeader, offset: number, size: number, align: number, maxNotes: number): Note[] {
  const a = align === 8 ? 8 : 4;
  const range = view(src, offset, size, h.littleEndian, { format: 'elf', structure: 'notes' });
  const out: Note[] = [];
  let at = 0;
  while (at + 12 <= size) {
    if (out.length >= maxNotes) {
      throw new BinspectError('LIMIT', 'elf', 'Elf_Nhdr', offset + at, 'more notes than the file\'s limit (maxNotes)');
    }
    const namesz = range.u32(at);
    const descsz = range.u32(at + 4);
    const type = range.u32(at + 8);
    const nameAt = at + 12;
    const descAt = alignUp(nameAt + namesz, a);
    const end = alignUp(descAt + descsz, a);
    if (descAt + descsz > size) {
      throw new BinspectError('TRUNCATED', 'elf', `Elf_Nhdr[${out.length}]`, offset + at,
        `note of ${namesz}+${descsz} bytes passes the end of its ${size}-byte range`);
    }
    out.push({
      offset: offset + at, n_namesz: namesz, n_descsz: descsz, n_type: type,
      name: latin1Name(range.bytes.subarray(nameAt, nameAt + namesz)),
      desc: range.sub(descAt, descsz, `note ${type} desc`),
    });
    at = end;
  }
  return out;
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
