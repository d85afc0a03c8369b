/**
 * The report (docs/report.md) for every format: `./build.ts` builds it, with ELF built in and the
 * other formats (PE/COFF, Mach-O, archives) registered here. Import this module, not `./build.ts`,
 * to build reports; only the CLI imports `./build.ts` alone, for files it has seen to be ELF.
 */
import { archiveReport, containerOf, unsupportedError } from '../archive/report.js';
import { FatFile, MachOFile } from '../macho/file.js';
import { PeFile } from '../pe/file.js';
import { MACHO_FIELDS, fatSlices } from '../query/macho.js';
import { PE_FIELDS } from '../query/pe.js';
import { registerFormats } from './build.js';

registerFormats({ PeFile, PE_FIELDS, MachOFile, FatFile, MACHO_FIELDS, fatSlices, archiveReport, containerOf, unsupportedError });

export * from './build.js';
