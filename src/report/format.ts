import type { ByteSource } from '../bytes/source.js';
import { isCoffObject } from '../pe/file.js';

type Format = 'elf' | 'pe' | 'coff' | 'macho' | 'macho-fat';

/** Magic numbers by container (ELF gABI; PE/COFF spec "MS-DOS Stub"; Mach-O loader.h and fat.h). */
const MAGICS: ReadonlyArray<[Format, (b: Uint8Array) => boolean]> = [
  ['elf', (b) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46],
  ['pe', (b) => b[0] === 0x4d && b[1] === 0x5a], // confirmed by isPeImage below
  ['macho', (b) => {
    const m = u32be(b);
    return m === 0xfeedface || m === 0xcefaedfe || m === 0xfeedfacf || m === 0xcffaedfe;
  }],
  // FAT_MAGIC and FAT_MAGIC_64 are big-endian; Java class files share 0xcafebabe, with a version
  // where nfat_arch would be: a fat file has few slices (fat.h), a class file's major version is >= 45.
  ['macho-fat', (b) => (u32be(b) === 0xcafebabe || u32be(b) === 0xcafebabf) && b.length >= 8 && u32be(b.subarray(4)) < 45],
];

function u32be(b: Uint8Array): number {
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

/** The container format from the first bytes, or null when none is recognized. */
export function detectFormat(src: ByteSource): Format | null {
  const b = src.read(0, Math.min(8, src.size));
  if (b.length < 4) return null;
  for (const [format, test] of MAGICS) {
    if (!test(b)) continue;
    if (format === 'pe' && !isPeImage(src)) return null;
    return format;
  }
  // A bare COFF object has no magic: an IMAGE_FILE_HEADER with a known Machine and sane sizes.
  return isCoffObject(src) ? 'coff' : null;
}

/**
 * An `MZ` file is a PE image when e_lfanew (at 0x3c) points at `PE\0\0`, or points past the end
 * of the file (a PE cut short, which the PE parser then reports as TRUNCATED). Pure MS-DOS, NE,
 * LE and LX programs are no format binspect reads: null, counted as "not a binary" by a walk.
 */
function isPeImage(src: ByteSource): boolean {
  if (src.size < 0x40) return true; // too short even for the DOS header: let the PE parser say TRUNCATED
  const h = src.read(0x3c, 4);
  const lfanew = (h[0]! | (h[1]! << 8) | (h[2]! << 16)) + h[3]! * 0x1000000;
  if (lfanew + 4 > src.size) return true;
  const sig = src.read(lfanew, 4);
  return sig[0] === 0x50 && sig[1] === 0x45 && sig[2] === 0 && sig[3] === 0;
}
