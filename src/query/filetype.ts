/**
 * `type` (docs/vocabulary.md): what kind of file it is, decided here for every format —
 * ELF `e_type` (and `DF_1_PIE`), PE `IMAGE_FILE_DLL` (bare COFF objects are relocatable), Mach-O
 * `filetype`. null for a value with no name.
 */
import { DF_1_PIE, ET_CORE, ET_DYN, ET_EXEC, ET_REL } from '../elf/constants.js';
import type { ElfFile } from '../elf/file.js';
import {
  MH_BUNDLE, MH_CORE, MH_DSYM, MH_DYLIB, MH_DYLIB_STUB, MH_DYLINKER, MH_EXECUTE, MH_FILESET, MH_FVMLIB, MH_KEXT_BUNDLE,
  MH_OBJECT, MH_PRELOAD,
} from '../macho/constants.js';
import type { MachOFile } from '../macho/file.js';
import type { PeFile } from '../pe/file.js';
import { table } from '../util/table.js';

/** ELF `type`; null for ET_NONE and OS/processor-specific e_type values. A PIE from a linker too old to set DF_1_PIE is a `shared-library`. */
export function elfType(elf: ElfFile): string | null {
  switch (elf.header.e_type) {
    case ET_EXEC: return 'executable';
    case ET_DYN: return (elf.flags1 & DF_1_PIE) !== 0 ? 'pie-executable' : 'shared-library';
    case ET_REL: return 'relocatable';
    case ET_CORE: return 'core';
    default: return null;
  }
}

/** PE `type`: `dll` or `executable` for an image, `relocatable` for a bare COFF object. */
export const peType = (pe: PeFile): string => (pe.format === 'pe' ? (pe.isDll ? 'dll' : 'executable') : 'relocatable');

/** Mach-O `type` by mach_header.filetype. */
const MACHO_TYPE = table([
  [MH_OBJECT, 'relocatable'],
  [MH_EXECUTE, 'executable'],
  [MH_FVMLIB, 'fvmlib'],
  [MH_CORE, 'core'],
  [MH_PRELOAD, 'preload'],
  [MH_DYLIB, 'dylib'],
  [MH_DYLINKER, 'dylinker'],
  [MH_BUNDLE, 'bundle'],
  [MH_DYLIB_STUB, 'dylib-stub'],
  [MH_DSYM, 'dsym'],
  [MH_KEXT_BUNDLE, 'kext-bundle'],
  [MH_FILESET, 'fileset'],
]);

/** Mach-O `type`, or null for an unknown filetype. */
export const machoType = (m: MachOFile): string | null => MACHO_TYPE.get(m.header.filetype) ?? null;

/** The types of executables and libraries: the files a loader maps, whose protections the summary counts. */
export const LINKED_TYPES = ['executable', 'pie-executable', 'shared-library', 'dll', 'dylib'] as const;
