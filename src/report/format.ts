import { type ByteSource, memorySource } from '../bytes/source.js';
import { view } from '../bytes/view.js';
import { hasElfMagic } from '../elf/header.js';
import { isFatMagic } from '../macho/fat.js';
import { machMagic } from '../macho/header.js';
import { IMAGE_NT_SIGNATURE } from '../pe/constants.js';
import { hasMzMagic, readDosHeader } from '../pe/dos.js';
import { isCoffObject } from '../pe/coff.js';

type Format = 'elf' | 'pe' | 'coff' | 'macho' | 'macho-fat';

const where = { format: 'bytes' as const, structure: 'magic' };

/**
 * The container format from the first bytes, by each parser's own magic test (ELF gABI; PE/COFF
 * "MS-DOS Stub"; Mach-O loader.h and fat.h), or null when none is recognized.
 */
export function detectFormat(src: ByteSource): Format | null {
  if (src.size < 4) return null;
  const le = view(src, 0, Math.min(8, src.size), true, where);
  if (hasElfMagic(le.bytes)) return 'elf';
  if (hasMzMagic(le.bytes)) return isPeImage(src) ? 'pe' : null;
  if (machMagic(le.u32(0))) return 'macho';
  // Java class files share 0xcafebabe; where nfat_arch would be they hold their major version
  // (>= 45), and a fat file has few slices (fat.h). The fat header is big-endian.
  const be = view(src, 0, le.length, false, where);
  if (isFatMagic(be.u32(0)) && be.length >= 8 && be.u32(4) < 45) return 'macho-fat';
  // A bare COFF object has no magic: an IMAGE_FILE_HEADER with a known Machine and sane sizes.
  return isCoffObject(src) ? 'coff' : null;
}

/** Thrown by {@link headSource} for a read past the bytes it has. */
const PAST_HEAD = Symbol('past the head');

/**
 * The first bytes of a file as a source of unknown, unbounded size: every "fits in the file" test
 * of {@link detectFormat} passes, and a read past the bytes throws.
 */
function headSource(head: Uint8Array): ByteSource {
  return {
    size: Number.MAX_SAFE_INTEGER,
    read: (offset, length) => {
      if (offset + length > head.length) throw PAST_HEAD;
      return head.subarray(offset, offset + length);
    },
  };
}

/**
 * Whether a file whose first bytes are `head` may be an ELF, PE, COFF or Mach-O file, without
 * knowing its size: false only when {@link detectFormat} says null for every file that starts with
 * `head`. detectFormat runs with every "fits in the file" test passing, which can only turn a null
 * into a format; a test that needs bytes past `head` (or any error) answers "may be". `complete`:
 * `head` is the whole file (a read that stopped short of what it asked for), so the answer is
 * detectFormat's own. Lets the scan close most non-binaries after one read, with no stat.
 */
export function mayBeBinary(head: Uint8Array, complete: boolean): boolean {
  try {
    return detectFormat(complete ? memorySource(head) : headSource(head)) !== null;
  } catch {
    return true;
  }
}

/**
 * An `MZ` file is a PE image when e_lfanew points at `PE\0\0` inside the file, as the Windows
 * loader and `file` require; an `MZ` file too short for its DOS header or for that signature (a
 * text that starts with "MZ", a PE cut before its headers) is no PE. Pure MS-DOS, NE, LE and LX
 * programs are no format binspect reads either: null, counted as "not a binary".
 */
function isPeImage(src: ByteSource): boolean {
  if (src.size < 64) return false;
  const { e_lfanew } = readDosHeader(src);
  if (e_lfanew + 4 > src.size) return false;
  return view(src, e_lfanew, 4, true, where).u32(0) === IMAGE_NT_SIGNATURE;
}
